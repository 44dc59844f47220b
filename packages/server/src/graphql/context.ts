import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { Clock, systemClock } from '../clock.js';
import type { LoginThrottle } from '../auth/login-throttle.js';
import { OrgTree } from '../auth/org-tree.js';
import { Policy, Viewer } from '../auth/policy.js';
import { unauthenticated } from './errors.js';
import { createLoaders, Loaders } from './loaders.js';
import type { EventBus } from '../modules/events/event-bus.js';
import { Config, loadConfig } from '../config.js';
import { SecretBox } from '../auth/secret-box.js';
import type { PasswordResets } from '../auth/password-resets.js';
import type { Mailer } from '../modules/mail/mailer.js';

/** Everything a resolver needs for one request (or one subscription event). */
export interface GraphQLContext {
  db: DataSource;
  viewer: Viewer | null;
  /** Built lazily: the org tree is loaded once per request, on first need. */
  policy(): Promise<Policy>;
  loaders: Loaders;
  /** Client address, for rate limits (login). */
  ip: string;
  /** The sign-in throttle shared by every instance (login); null where no sign-in can happen. */
  loginThrottle: LoginThrottle | null;
  /** The bearer token of the request, if any (logout). */
  token: string | null;
  /** Where "now" comes from (see clock.ts): the server's clock. */
  clock: Clock;
  /** The server's event bus: subscriptions read graph events from it (`visibleEvents`). */
  bus: EventBus;
  /** The HTTP request and response of an HTTP operation (cookies, headers); null over WebSocket and in tests. */
  http: { req: Request; res: Response } | null;
  /** The server's settings (webhooks' allow-list, the app's public URL, …). */
  config: Config;
  /** Opens and seals secrets kept encrypted at rest (webhook secrets). */
  secretBox: SecretBox;
  /** Sends email (invitations, resets); null when no SMTP_URL is configured: nothing is sent. */
  mailer: Mailer | null;
  /** "Forgot password?" requests: throttled, answered before the address is looked up; null where none can happen. */
  passwordResets: PasswordResets | null;
}

/** Builds a request context. Loaders are per request so nothing is cached across viewers. */
export function createContext(
  db: DataSource,
  viewer: Viewer | null,
  opts: {
    bus: EventBus;
    ip?: string;
    token?: string | null;
    clock?: Clock;
    loginThrottle?: LoginThrottle;
    config?: Config;
    secretBox?: SecretBox;
    http?: { req: Request; res: Response } | null;
    mailer?: Mailer | null;
    passwordResets?: PasswordResets | null;
  },
): GraphQLContext {
  const clock = opts.clock ?? systemClock;
  const ctx: GraphQLContext = {
    db,
    viewer,
    ip: opts.ip ?? 'unknown',
    loginThrottle: opts.loginThrottle ?? null,
    token: opts.token ?? null,
    clock,
    bus: opts.bus,
    http: opts.http ?? null,
    mailer: opts.mailer ?? null,
    passwordResets: opts.passwordResets ?? null,
    config: opts.config ?? loadConfig(),
    get secretBox(): SecretBox {
      if (!opts.secretBox) throw new Error('this context has no secret box (startServer hands one on)');
      return opts.secretBox;
    },
    policy: lazyPolicy(db, viewer),
    loaders: undefined as unknown as Loaders,
  };
  ctx.loaders = createLoaders(db, clock);
  return ctx;
}

/**
 * The context's `policy()`: the organisation tree loaded once, on first need. Built in a function
 * of its own on purpose: closures created in one function share one scope object in V8, so were
 * the memo a local of `createContext`, every other closure of the context (the `secretBox` getter)
 * would keep the loaded tree alive for as long as the context lives — for a subscription, the
 * whole connection, although it takes a fresh policy per event (see `visibleEvents`).
 */
export function lazyPolicy(db: DataSource, viewer: Viewer | null): () => Promise<Policy> {
  let policyPromise: Promise<Policy> | null = null;
  return () => {
    if (!viewer) return Promise.reject(unauthenticated());
    policyPromise ??= OrgTree.load(db).then((tree) => new Policy(viewer, tree));
    return policyPromise;
  };
}
