import type { DataSource } from 'typeorm';
import { Clock, systemClock } from '../clock.js';
import { OrgTree } from '../auth/org-tree.js';
import { Policy, Viewer } from '../auth/policy.js';
import { unauthenticated } from './errors.js';
import { createLoaders, Loaders } from './loaders.js';

/** Everything a resolver needs for one request (or one subscription event). */
export interface GraphQLContext {
  db: DataSource;
  viewer: Viewer | null;
  /** Built lazily: the org tree is loaded once per request, on first need. */
  policy(): Promise<Policy>;
  loaders: Loaders;
  /** Client address, for rate limits (login). */
  ip: string;
  /** The bearer token of the request, if any (logout). */
  token: string | null;
  /** Where "now" comes from (see clock.ts): the server's clock. */
  clock: Clock;
}

/** Builds a request context. Loaders are per request so nothing is cached across viewers. */
export function createContext(db: DataSource, viewer: Viewer | null, opts: { ip?: string; token?: string | null; clock?: Clock } = {}): GraphQLContext {
  let policyPromise: Promise<Policy> | null = null;
  const clock = opts.clock ?? systemClock;
  const ctx: GraphQLContext = {
    db,
    viewer,
    ip: opts.ip ?? 'unknown',
    token: opts.token ?? null,
    clock,
    policy() {
      if (!viewer) return Promise.reject(unauthenticated());
      policyPromise ??= OrgTree.load(db).then((tree) => new Policy(viewer, tree));
      return policyPromise;
    },
    loaders: undefined as unknown as Loaders,
  };
  ctx.loaders = createLoaders(db, clock);
  return ctx;
}
