import 'reflect-metadata';
import { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { ErrorCode } from '@throughline/shared';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import express from 'express';
import { GraphQLError, GraphQLFormattedError, specifiedRules, validate } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, IncomingMessage, Server as HttpServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import pino, { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { WebSocketServer } from 'ws';
import { viewerFromToken } from './auth/authenticate.js';
import { LoginThrottle } from './auth/login-throttle.js';
import { usePasswordHashCost } from './auth/passwords.js';
import { PasswordResets } from './auth/password-resets.js';
import { createMailer } from './modules/mail/mailer.js';
import { Clock, systemClock } from './clock.js';
import type { Viewer } from './auth/policy.js';
import { bearerToken } from './auth/tokens.js';
import { clearSessionCookie, sessionTokenFromCookieHeader, setSessionCookie } from './auth/session-cookie.js';
import { findSession, rotateSessionToken } from './auth/sessions.js';
import { isForeignRequest } from './http/request-origin.js';
import { securityHeaders } from './http/security-headers.js';
import { createContext, GraphQLContext } from './graphql/context.js';
import { Config, loadConfig } from './config.js';
import { openSecretBox } from './auth/secret-box.js';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS, serviceUnavailable } from './graphql/errors.js';
import { introspectionGuardPlugin } from './graphql/introspection.js';
import { protectionRules, LIMITS } from './graphql/protection.js';
import { requestGuardsPlugin, socketOperationProblems } from './graphql/request-guards.js';
import { buildGraphQLSchema, printServerSchema } from './graphql/schema.js';
import { SubscriptionFanout, SubscriptionFanoutHooks } from './graphql/subscription-fanout.js';
import { EventBus } from './modules/events/event-bus.js';
import { setGraphEventPublishing } from './modules/events/graph-events.js';
import { serverExtensions } from './server-extensions.js';
import type { HealthCheckResult, ServerExtension, ServerHost } from './server-host.js';

/** How often each instance deletes the login throttle's ended windows. */
const LOGIN_THROTTLE_SWEEP_MS = 5 * 60_000;

/** A running Throughline server. */
export interface RunningServer {
  url: string;
  port: number;
  httpServer: HttpServer;
  host: ServerHost;
  /** "Forgot password?" requests (tests wait for their emails with `idle()`). */
  passwordResets: PasswordResets;
  close(): Promise<void>;
}

/** Hides internals of unexpected errors; keeps the code and field of intended ones. */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  logger?: Logger,
  development = false,
): GraphQLFormattedError {
  const original = (error as GraphQLError)?.originalError;
  const code = formatted.extensions?.code;
  const intended =
    !original || original instanceof GraphQLError || (code && code !== 'INTERNAL_SERVER_ERROR');
  if (intended) return formatted;
  if (isDatabaseUnavailable(original)) {
    const { message, extensions } = serviceUnavailable();
    return {
      message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: extensions.code },
    };
  }
  logger?.error({ err: original }, 'unexpected error in a resolver');
  return {
    message:
      'Something went wrong on our side; nothing was saved. Try again, and tell us if it keeps happening.',
    locations: formatted.locations,
    path: formatted.path,
    extensions: {
      code: 'INTERNAL_SERVER_ERROR',
      ...(development ? { stacktrace: formatted.extensions?.stacktrace } : {}),
    },
  };
}

/**
 * A request that failed because PostgreSQL is down or restarting answers HTTP 503 with
 * Retry-After (not 500): clients and load balancers then know to try again shortly.
 */
const databaseUnavailablePlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
        if (errors?.some((e) => e.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE)) {
          response.http.status = 503;
          response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
        }
      },
    };
  },
};

/** The HTTP port is taken (a second start, another app): said in one sentence by `main`. */
export class PortInUseError extends Error {
  readonly name = 'PortInUseError';
  constructor(readonly port: number) {
    super(
      `Port ${port} is already in use (another Throughline, or another app): stop that, or choose another port, e.g. \`PORT=4001 npm start\`.`,
    );
  }
}

/** Resolves when `port` can be listened on at `host`, or rejects with PortInUseError. */
export async function assertPortFree(port: number, host = '0.0.0.0'): Promise<void> {
  if (!port) return;
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'EADDRINUSE' ? new PortInUseError(port) : e),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/**
 * Starts the HTTP server: GraphQL over HTTP and graphql-ws on /graphql, /healthz, the web app
 * at /, and every registered extension (collaboration at /collab, the event bus, …).
 */
export async function startServer(opts: {
  db: DataSource;
  databaseUrl: string;
  port?: number;
  host?: string;
  logger?: Logger;
  /** Settings (default: `loadConfig()` of the environment); `port` above wins over `config.port`. */
  config?: Config;
  /** Where "now" comes from (default: real time); tests pass a ManualClock. See clock.ts. */
  clock?: Clock;
  /** Which extensions to start (default: all registered); tests that count queries start none. */
  extensions?: ServerExtension[];
  /** For tests only: watch the subscriptions' shared executions (one call per event and audience). */
  subscriptionHooks?: SubscriptionFanoutHooks;
}): Promise<RunningServer> {
  const config = opts.config ?? loadConfig();
  usePasswordHashCost(config.passwordHashCost);
  const logger = opts.logger ?? pino({ level: config.logLevel });
  // Benchmark baseline only (config.ts): without graph events nothing live works, so say it loudly.
  setGraphEventPublishing(!config.benchmarkNoGraphEvents);
  if (config.benchmarkNoGraphEvents)
    logger.error(
      'THROUGHLINE_BENCHMARK_ONLY_NO_GRAPH_EVENTS is set: this server writes NO graph events (no subscriptions, webhooks or notifications). It is a benchmark baseline; never run it for people.',
    );
  // The key of secrets at rest: configured, or generated once into a file beside the data directory.
  const secrets = openSecretBox(config.secrets);
  if (secrets.source === 'generated')
    logger.info(
      { keyFile: config.secrets.keyFile },
      'generated the key for secrets at rest (keep it with the data)',
    );
  else if (secrets.source === 'file' && config.databaseUrl)
    logger.warn(
      { keyFile: config.secrets.keyFile },
      'secrets at rest use the key file of this machine; set THROUGHLINE_SECRET_KEY when several instances share the database',
    );
  const secretBox = secrets.box;
  const db = opts.db;
  const clock = opts.clock ?? systemClock;
  // Failed sign-ins are counted in PostgreSQL, so every instance on this database spends one budget.
  const loginThrottle = new LoginThrottle(db, config.login);
  // Email (invitations, resets; later digests): null without SMTP_URL, and then nothing is sent.
  const mailer = createMailer(config.mail, logger.child({ module: 'mail' }));
  if (!mailer)
    logger.info('no SMTP_URL: Throughline sends no email (invitation links are shown to the inviter)');
  const passwordResets = new PasswordResets({
    db,
    mailer,
    config,
    clock,
    logger: logger.child({ module: 'password-resets' }),
  });
  const schema = buildGraphQLSchema();
  const app = express();
  app.disable('x-powered-by');
  // Whom to believe about the client's address and protocol (X-Forwarded-*): Secure cookies, HSTS, sign-in addresses.
  app.set('trust proxy', config.trustProxy);
  app.use(securityHeaders());
  const httpServer = createServer(app);
  const upgrades = new Map<string, (req: IncomingMessage, socket: Duplex, head: Buffer) => void>();

  const healthChecks = new Map<string, () => HealthCheckResult>();
  // The event bus is core, not an extension: subscriptions, webhooks and collaboration all read
  // graph events from it, so it starts first, is handed to each of them, and stops last.
  const bus = new EventBus(db, opts.databaseUrl, logger.child({ module: 'event-bus' }), {
    pollMs: config.eventBus.pollMs ?? undefined,
    reconnectMs: config.eventBus.reconnectMs ?? undefined,
    clock,
  });
  await bus.start();
  healthChecks.set('eventBus', () => bus.status());
  app.get('/healthz', async (_req, res) => {
    // Extensions report too (e.g. the event bus's LISTEN connection): healthy means every part works.
    const checks = Object.fromEntries([...healthChecks].map(([name, check]) => [name, check()]));
    const partsOk = Object.values(checks).every((c) => c.ok);
    try {
      await Promise.race([
        db.query('SELECT 1'),
        new Promise((_, rej) => setTimeout(() => rej(new Error('timeout')), 2000)),
      ]);
      res.status(partsOk ? 200 : 503).json({ status: partsOk ? 'ok' : 'degraded', database: 'up', checks });
    } catch (e) {
      res
        .status(503)
        .json({ status: 'unhealthy', database: 'down', error: String((e as Error).message), checks });
    }
  });

  // The SDL, public: partners generate clients from it without signing in (introspection needs a caller).
  let sdl: string | null = null;
  app.get('/schema.graphql', (_req, res) => {
    sdl ??= printServerSchema();
    res.type('text/plain; charset=utf-8').set('Cache-Control', 'no-cache').send(sdl);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });
  // One execution and one serialised payload per event and audience, sent to every socket of it.
  const fanout = new SubscriptionFanout(opts.subscriptionHooks);
  wss.on('connection', (ws) => {
    // An error on one socket (e.g. a frame over maxPayload) must end that connection (ws closes it), never the process.
    ws.on('error', () => undefined);
    fanout.attachSocket(ws);
  });
  upgrades.set('/graphql', (req, socket, head) =>
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)),
  );
  const wsCleanup = useServer<Record<string, unknown>, { ctx?: GraphQLContext }>(
    {
      schema,
      validate: (s, doc) => validate(s, doc, [...specifiedRules, ...protectionRules]),
      onSubscribe: (_ctx, _id, payload) => socketOperationProblems(schema, payload),
      subscribe: fanout.subscribe,
      // The result itself (not graphql-ws's copy of it), so a shared one is recognised and sent as serialised once.
      onNext: (_ctx, _id, _payload, _args, result) => result,
      jsonMessageReplacer: fanout.jsonMessageReplacer,
      connectionInitWaitTimeout: 5_000,
      onConnect: async (ctx) => {
        const header = (ctx.connectionParams?.authorization ??
          ctx.connectionParams?.Authorization) as unknown;
        const request = (ctx.extra as { request?: IncomingMessage }).request;
        // Scripts send a bearer token in connectionParams; browsers are authenticated by the
        // session cookie of the upgrade request (its Origin was checked before the upgrade).
        const token = bearerToken(header) ?? sessionTokenFromCookieHeader(request?.headers.cookie);
        const viewer = await viewerFromToken(db, token, {
          clock,
          ip: request?.socket?.remoteAddress,
          userAgent: request?.headers['user-agent'] ?? null,
          sessions: config.sessions,
        });
        if (!viewer) return false; // graphql-ws closes with 4403 Forbidden
        Object.assign(ctx.extra as object, { viewer, token });
        return true;
      },
      // A fresh context (fresh loaders, fresh policy) per operation; subscriptions re-check per event.
      context: (ctx) => {
        const extra = ctx.extra as { viewer?: Viewer; token?: string | null };
        return createContext(db, extra.viewer ?? null, {
          token: extra.token ?? null,
          clock,
          bus,
          loginThrottle,
          config,
          secretBox,
          mailer,
          passwordResets,
        });
      },
    },
    wss,
  );

  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    // On for signed-in callers; introspectionGuardPlugin refuses anonymous ones.
    introspection: true,
    includeStacktraceInErrorResponses: config.development,
    validationRules: protectionRules,
    parseOptions: { maxTokens: LIMITS.maxTokens },
    formatError: (f, e) => formatError(f, e, logger, config.development),
    // Automatic persisted queries are not part of our API; off, so a bad hash cannot surface as an internal error.
    persistedQueries: false,
    // A request without a JSON (or other non-simple) content type or Apollo's preflight header is
    // refused: a form or a simple cross-site request cannot run an operation (the cookie is Lax too).
    csrfPrevention: true,
    plugins: [
      requestGuardsPlugin,
      databaseUnavailablePlugin,
      introspectionGuardPlugin,
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // No field carries a cache hint, and the cache-control plugin would wrap every field's
      // resolver to compute one (a large share of a big tree's execution time). Its one visible
      // effect is kept: answers hold personal data, so no cache may store them.
      ApolloServerPluginCacheControlDisabled(),
      {
        async requestDidStart() {
          return {
            async willSendResponse({ response }) {
              response.http.headers.set('cache-control', 'no-store');
            },
          };
        },
      },
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await wsCleanup.dispose();
            },
          };
        },
      },
    ],
  });
  await apollo.start();
  app.use(
    '/graphql',
    // A page of another site must not act with the browser's cookie (CSRF): refused unless the
    // request carries its own bearer token (which no other site has).
    (req, res, next) => {
      if (req.headers.authorization || !isForeignRequest(req.headers, config.publicUrl)) return next();
      res.status(403).json({
        errors: [
          {
            message: 'Requests from another site are not accepted. Open Throughline itself.',
            extensions: { code: ErrorCode.FORBIDDEN },
          },
        ],
      });
    },
    express.json({ limit: '2mb' }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
        const userAgent = req.get('user-agent') ?? null;
        const bearer = bearerToken(req.headers.authorization);
        // No Authorization header: a browser, authenticated by its session cookie.
        const cookieToken = bearer ? null : sessionTokenFromCookieHeader(req.headers.cookie);
        const authenticate = async (): Promise<Viewer | null> => {
          if (!cookieToken)
            return viewerFromToken(db, bearer, { clock, ip, userAgent, sessions: config.sessions });
          const found = await findSession(db, cookieToken, {
            settings: config.sessions,
            touch: { ip, userAgent },
          });
          if (!found) {
            clearSessionCookie(req, res); // ended or unknown: the browser forgets it
            return null;
          }
          if (found.current && found.rotationDue) {
            const fresh = await rotateSessionToken(db, found.sessionId, cookieToken);
            if (fresh) setSessionCookie(req, res, fresh, found.expiresAt);
          }
          return found.viewer;
        };
        const viewer = await authenticate().catch((e) => {
          throw isDatabaseUnavailable(e) ? serviceUnavailable() : e;
        });
        return createContext(db, viewer, {
          ip,
          token: bearer ?? cookieToken,
          clock,
          bus,
          loginThrottle,
          config,
          secretBox,
          http: { req, res },
          mailer,
          passwordResets,
        });
      },
    }),
  );

  httpServer.on('upgrade', (req, socket, head) => {
    // Cross-site WebSocket hijacking: a page of another site may not open our sockets (the
    // browser would send the session cookie with the upgrade).
    if (isForeignRequest(req.headers, config.publicUrl)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const handler = [...upgrades.entries()].find(([p]) => path === p || path.startsWith(p + '/'))?.[1];
    if (handler) handler(req, socket, head);
    else socket.destroy();
  });

  const host: ServerHost = {
    db,
    databaseUrl: opts.databaseUrl,
    config,
    secretBox,
    mailer,
    httpServer,
    app,
    schema,
    logger,
    clock,
    bus,
    instanceId: randomUUID(),
    onUpgrade: (path, handler) => upgrades.set(path, handler),
    addHealthCheck: (name, check) => healthChecks.set(name, check),
  };
  const stops: { name: string; stop(): Promise<void> }[] = [];
  for (const ext of opts.extensions ?? serverExtensions) {
    const started = await ext.start(host);
    if (started) stops.push({ name: ext.name, stop: started.stop });
  }

  // The web app's production build, when it has been built (SPA: unknown paths get index.html).
  const webDist = config.webDist;
  if (existsSync(join(webDist, 'index.html'))) {
    app.use(
      express.static(webDist, {
        index: false,
        maxAge: '1h',
        setHeaders: (res, p) =>
          p.includes('/assets/') && res.setHeader('Cache-Control', 'public, max-age=31536000, immutable'),
      }),
    );
    app.get(/^\/(?!graphql|collab|healthz|auth\/).*/, (_req, res) =>
      res.sendFile(join(webDist, 'index.html')),
    );
  }

  await new Promise<void>((resolve, reject) => {
    const failed = (e: NodeJS.ErrnoException) => {
      httpServer.off('listening', ok);
      reject(e.code === 'EADDRINUSE' ? new PortInUseError(opts.port ?? 0) : e);
    };
    const ok = () => {
      httpServer.off('error', failed);
      resolve();
    };
    httpServer.once('error', failed);
    httpServer.once('listening', ok);
    httpServer.listen(opts.port ?? 0, opts.host ?? '0.0.0.0');
  }).catch(async (e) => {
    for (const s of stops.reverse()) await s.stop().catch(() => undefined);
    await apollo.stop().catch(() => undefined);
    await bus.stop().catch(() => undefined);
    throw e;
  });
  const port = (httpServer.address() as AddressInfo).port;
  const stopSweeping = loginThrottle.startSweeping(LOGIN_THROTTLE_SWEEP_MS, (e) =>
    logger.warn({ err: e }, 'sweeping the login throttle failed'),
  );
  let closed = false;
  return {
    url: `http://localhost:${port}`,
    port,
    httpServer,
    host,
    passwordResets,
    async close() {
      if (closed) return;
      closed = true;
      stopSweeping();
      for (const s of stops.reverse()) {
        try {
          await s.stop();
        } catch (e) {
          logger.error({ err: e }, `stopping ${s.name} failed`);
        }
      }
      await apollo.stop();
      // Resets already answered still get their email; then the SMTP connections close.
      await passwordResets.idle();
      mailer?.close();
      await bus.stop().catch((e) => logger.error({ err: e }, 'stopping the event bus failed'));
      for (const client of wss.clients) client.terminate();
      httpServer.closeAllConnections?.();
      await new Promise<void>((r) => httpServer.close(() => r()));
    },
  };
}
