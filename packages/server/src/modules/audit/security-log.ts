import type { SecurityEventKind } from '@throughline/shared';
import type { DataSource, EntityManager } from 'typeorm';
import type { GraphQLContext } from '../../graphql/context.js';
import { isUuid } from '../../graphql/ids.js';

/** One thing to write to the security audit log. */
export interface NewSecurityEvent {
  kind: SecurityEventKind;
  /** Who acted: a person's id, or a partner token's id (then its owner is recorded as the actor). */
  actorId?: string | null;
  /** The person whose account this is about. */
  personId?: string | null;
  /** The address typed at a sign-in; never a password. */
  email?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  detail?: Record<string, unknown>;
}

const clip = (s: string | null | undefined, n: number): string | null =>
  s == null || s === '' ? null : s.length > n ? s.slice(0, n) : s;

/**
 * Appends one entry to the security audit log. With an EntityManager of a transaction the entry
 * commits (or rolls back) with the change it records; with the DataSource it is written at once
 * (failed sign-ins: there is no change to roll back). The table refuses UPDATE, DELETE and
 * TRUNCATE (see the SecurityLog migration), so what is written here stays.
 */
export async function recordSecurityEvent(
  m: EntityManager | DataSource,
  e: {
    kind: SecurityEventKind;
    actorId?: string | null;
    personId?: string | null;
    email?: string | null;
    ip?: string | null;
    userAgent?: string | null;
    detail?: Record<string, unknown>;
  },
): Promise<void> {
  const actor = e.actorId && isUuid(e.actorId) ? e.actorId : null;
  // An actor id that is a partner token's: record the token and act for its owner.
  await m.query(
    `INSERT INTO security_event (kind, actor_id, actor_token_id, person_id, email, ip, user_agent, detail)
     SELECT $1, COALESCE(t.owner_id, $2::uuid), t.id, $3, $4, $5, $6, $7::jsonb
       FROM (SELECT 1) one LEFT JOIN api_token t ON t.id = $2::uuid`,
    [
      e.kind,
      actor,
      e.personId && isUuid(e.personId) ? e.personId : null,
      clip(e.email?.trim(), 320),
      clip(e.ip, 64),
      clip(e.userAgent, 512),
      JSON.stringify(e.detail ?? {}),
    ],
  );
}

/** Where a request came from, for an audit entry: the acting viewer, source address and user agent. */
export function requestOrigin(ctx: GraphQLContext): {
  actorId: string | null;
  ip: string | null;
  userAgent: string | null;
} {
  const ua = ctx.http?.req.headers['user-agent'];
  return {
    actorId: ctx.viewer ? (ctx.viewer.tokenId ?? ctx.viewer.personId) : null,
    ip: ctx.ip && ctx.ip !== 'unknown' ? ctx.ip : null,
    userAgent: typeof ua === 'string' ? ua : null,
  };
}
