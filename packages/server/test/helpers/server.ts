import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { startServer, RunningServer } from '../../src/app.js';
import type { SubscriptionFanoutHooks } from '../../src/graphql/subscription-fanout.js';
import { usePasswordHashCost } from '../../src/auth/passwords.js';
import { Clock, systemClock } from '../../src/clock.js';
import { Config, loadConfig } from '../../src/config.js';
import type { ServerExtension } from '../../src/server-extensions.js';
import { createDataSource } from '../../src/db/data-source.js';
import { createTestDatabaseUrl } from './database.js';

/** A GraphQL response as the tests see it. */
export interface GqlResult<T = any> {
  data?: T;
  errors?: {
    message: string;
    extensions?: { code?: string; field?: string; [k: string]: unknown };
    path?: (string | number)[];
  }[];
}

/** A real server on a fresh database, plus a small client. */
export interface TestServer {
  url: string;
  wsUrl: string;
  databaseUrl: string;
  db: DataSource;
  server: RunningServer;
  /** The clock the server runs on (a ManualClock when the test passed one; else real time). */
  clock: Clock;
  gql<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string | null,
  ): Promise<GqlResult<T>>;
  /** Like `gql`, from another loopback source address (e.g. '127.0.0.2'): the server sees that address. */
  gqlFrom<T = any>(
    address: string,
    query: string,
    variables?: Record<string, unknown>,
    token?: string | null,
  ): Promise<GqlResult<T>>;
  login(email: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

/** POSTs a GraphQL operation. */
export async function postGraphQL<T = any>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  token?: string | null,
): Promise<GqlResult<T>> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as GqlResult<T>;
}

/** POSTs a GraphQL operation from a given local source address (any of 127.0.0.0/8 on loopback). */
export function postGraphQLFrom<T = any>(
  address: string,
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  token?: string | null,
): Promise<GqlResult<T>> {
  const body = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/graphql`,
      {
        method: 'POST',
        localAddress: address,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          try {
            resolve(JSON.parse(text) as GqlResult<T>);
          } catch (e) {
            reject(e);
          }
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Starts the real server (Apollo, graphql-ws, extensions) on a fresh migrated database.
 * `seed` runs a seeding function (e.g. the demo organisation) before the server starts; it
 * gets the server's clock, so a seed can date its rows from the same "now".
 * `clock` fixes the server's "now" (`new ManualClock('2027-01-31T12:00:00Z')`); default: real time.
 * `databaseUrl` starts it on an existing database (e.g. a second instance beside another test server).
 * `config` overrides settings (default: the environment's, as `main` reads them).
 */
export async function startTestServer(
  opts: {
    seed?: (db: DataSource, clock: Clock) => Promise<unknown>;
    databaseUrl?: string;
    extensions?: ServerExtension[];
    clock?: Clock;
    config?: Partial<Config>;
    /** A fixed port (from `freePort()`), for settings that name the server's own address; default: any. */
    port?: number;
    /** Watch the subscriptions' shared executions (see `startServer`). */
    subscriptionHooks?: SubscriptionFanoutHooks;
  } = {},
): Promise<TestServer> {
  const clock = opts.clock ?? systemClock;
  const config = opts.config ? { ...loadConfig(), ...opts.config } : undefined;
  // The seed hashes the demo password with the server's work factor (the suite's is cheap: PASSWORD_HASH_COST).
  usePasswordHashCost((config ?? loadConfig()).passwordHashCost);
  const databaseUrl = opts.databaseUrl ?? (await createTestDatabaseUrl());
  const db = createDataSource(databaseUrl, { poolSize: 10 });
  await db.initialize();
  if (opts.seed) await opts.seed(db, clock);
  const server = await startServer({
    db,
    databaseUrl,
    port: opts.port ?? 0,
    host: '127.0.0.1',
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    extensions: opts.extensions,
    subscriptionHooks: opts.subscriptionHooks,
    clock,
    config,
  });
  const url = `http://127.0.0.1:${server.port}`;
  const t: TestServer = {
    url,
    wsUrl: `ws://127.0.0.1:${server.port}/graphql`,
    databaseUrl,
    db,
    server,
    clock,
    gql: (q, v, token) => postGraphQL(url, q, v, token),
    gqlFrom: (address, q, v, token) => postGraphQLFrom(address, url, q, v, token),
    async login(email, password = 'demo') {
      const r = await postGraphQL<{ login: { token: string } }>(
        url,
        `mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }`,
        {
          e: email,
          p: password,
        },
      );
      if (!r.data?.login) throw new Error(`login ${email} failed: ${JSON.stringify(r.errors)}`);
      return r.data.login.token;
    },
    async close() {
      await server.close();
      await db.destroy();
    },
  };
  return t;
}

/** A loopback port free right now (for a server whose settings must name its own address). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

/** Waits until `check` returns a truthy value, polling; fails after `ms`. No fixed sleeps in tests. */
export async function eventually<T>(
  check: () => T | Promise<T>,
  ms = 5_000,
  what = 'condition',
): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
