import type { DataSource, EntityManager } from 'typeorm';
import type { SessionSettings } from '../config.js';
import { publishGraphEvent } from '../modules/events/graph-events.js';
import { viewerOf, type Viewer } from './policy.js';
import { hashToken, newToken, SESSION_TOKEN_PREFIX, TOKEN_REVOKED_TOPIC } from './tokens.js';

/**
 * Sign-in sessions: how they start, stay alive, get a new token and end.
 *
 * - **Absolute expiry**: `expires_at`, set at sign-in (`maxAgeSeconds`); nothing extends it.
 * - **Idle expiry**: `idle_expires_at`, moved to now + `idleTimeoutSeconds` as the session is
 *   used. The move is written at most once per `touchIntervalMs` (a minute, less for very short
 *   idle limits) by the same statement that finds the session: not one write per request.
 * - **Rotation** (browsers only: a script's bearer token cannot be replaced under it): a cookie
 *   session whose token is older than `rotateAfterSeconds` gets a new token in the response's
 *   cookie. The old token stays accepted for `rotationGraceSeconds`, so requests already in
 *   flight with the old cookie (parallel requests, a second tab) still succeed; of two requests
 *   racing to rotate, one wins (a conditional UPDATE) and the other keeps the old token's grace.
 *   Long-lived connections (graphql-ws, /collab) keep working across rotations: they re-check
 *   their session by its id (`credentialKey`), which a rotation does not change.
 */

/** Defaults when no settings are handed in (the same as config.ts's). */
export const DEFAULT_SESSION_SETTINGS: SessionSettings = {
  idleTimeoutSeconds: 12 * 3600,
  maxAgeSeconds: 30 * 24 * 3600,
  rotateAfterSeconds: 3600,
  rotationGraceSeconds: 120,
};

/** How often a used session's last-seen time and idle expiry are written: a minute, or a quarter of the idle limit. */
export function touchIntervalMs(s: SessionSettings): number {
  return Math.min(60_000, Math.floor((s.idleTimeoutSeconds * 1000) / 4));
}

/** A session is usable: not revoked, not past either expiry, its person not archived (`s` session, `p` person). */
export const SESSION_LIVE = `s.revoked_at IS NULL AND s.expires_at > now()
  AND (s.idle_expires_at IS NULL OR s.idle_expires_at > now()) AND p.archived_at IS NULL`;

const PERSON_COLUMNS = `p.id, p.name, p.email, p.role, p.unit_id AS "unitId"`;

/** Re-check keys of long-lived connections authenticated by a session: `sid:<session id>` (tokens start with `tl`). */
export const SESSION_KEY_PREFIX = 'sid:';

/**
 * What a long-lived connection re-checks its credential by: the session's id for sessions (a
 * rotation keeps it), the token itself for partner tokens.
 */
export function credentialKey(viewer: Viewer, token: string): string {
  return viewer.sessionId ? SESSION_KEY_PREFIX + viewer.sessionId : token;
}

/** Where a session was started or used from. */
export interface SessionClient {
  userAgent?: string | null;
  ip?: string | null;
}

/** Starts a session: a fresh random token (returned once, stored hashed) and its absolute expiry. */
export async function startSession(
  db: DataSource | EntityManager,
  personId: string,
  client: SessionClient = {},
  settings: SessionSettings = DEFAULT_SESSION_SETTINGS,
): Promise<{ token: string; expiresAt: Date; sessionId: string }> {
  const token = newToken(SESSION_TOKEN_PREFIX);
  // Session expiry is a fact of the real world, checked against the database's now().
  const [row] = await db.query(
    `INSERT INTO session (person_id, token_hash, expires_at, idle_expires_at, user_agent, ip)
     VALUES ($1, $2, now() + $3::bigint * interval '1 second',
             now() + least($3::bigint, $4::bigint) * interval '1 second', $5, $6)
     RETURNING id, expires_at AS "expiresAt"`,
    [
      personId,
      hashToken(token),
      settings.maxAgeSeconds,
      settings.idleTimeoutSeconds,
      clip(client.userAgent, 400),
      clip(client.ip, 100),
    ],
  );
  return { token, expiresAt: new Date(row.expiresAt), sessionId: row.id };
}

/** A session found by its token. */
export interface FoundSession {
  viewer: Viewer;
  sessionId: string;
  expiresAt: Date;
  /** The token presented is the current one (not the previous one, within the rotation grace). */
  current: boolean;
  /** The current token is older than the rotation interval. */
  rotationDue: boolean;
}

/**
 * Finds the live session of a token (current, or the previous one within the rotation grace).
 * With `touch`, the same statement records its use (last seen, address, client, idle expiry
 * moved on) when the last record is older than the touch interval.
 */
export async function findSession(
  db: DataSource,
  token: string,
  opts: { settings?: SessionSettings; touch?: SessionClient | null } = {},
): Promise<FoundSession | null> {
  const settings = opts.settings ?? DEFAULT_SESSION_SETTINGS;
  const touch = opts.touch ?? null;
  const rows = await db.query(
    `WITH found AS (
       SELECT s.id AS "sessionId", s.expires_at AS "expiresAt", s.token_hash = $1 AS current,
              s.token_issued_at < now() - $3::bigint * interval '1 second' AS "rotationDue",
              s.last_seen_at < now() - $4::bigint * interval '1 millisecond' AS stale,
              ${PERSON_COLUMNS}
         FROM session s JOIN person p ON p.id = s.person_id
        WHERE (s.token_hash = $1
               OR (s.previous_token_hash = $1 AND s.token_issued_at > now() - $2::bigint * interval '1 second'))
          AND ${SESSION_LIVE}
     ), touched AS (
       UPDATE session SET last_seen_at = now(),
              idle_expires_at = least(session.expires_at, now() + $5::bigint * interval '1 second'),
              ip = coalesce($6, session.ip), user_agent = coalesce($7, session.user_agent)
         FROM found WHERE $8 AND found.stale AND session.id = found."sessionId"
     )
     SELECT * FROM found`,
    [
      hashToken(token),
      settings.rotationGraceSeconds,
      settings.rotateAfterSeconds,
      touchIntervalMs(settings),
      settings.idleTimeoutSeconds,
      clip(touch?.ip, 100),
      clip(touch?.userAgent, 400),
      touch !== null,
    ],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    viewer: { ...viewerOf(r), sessionId: r.sessionId },
    sessionId: r.sessionId,
    expiresAt: new Date(r.expiresAt),
    current: r.current,
    rotationDue: r.rotationDue,
  };
}

/**
 * Replaces a session's token (rotation): the new token, or null when another request rotated
 * it first (that one's response carries the new cookie; this one's old token is in its grace).
 */
export async function rotateSessionToken(
  db: DataSource,
  sessionId: string,
  oldToken: string,
): Promise<string | null> {
  const token = newToken(SESSION_TOKEN_PREFIX);
  const res = await db.query(
    `UPDATE session SET token_hash = $1, previous_token_hash = token_hash, token_issued_at = now()
      WHERE id = $2 AND token_hash = $3 AND revoked_at IS NULL`,
    [hashToken(token), sessionId, hashToken(oldToken)],
  );
  return (res[1] ?? 0) > 0 ? token : null;
}

/** Gives a session a new token at once, the old one refused from now on (no grace); null when the session has ended. */
export async function replaceSessionToken(
  db: DataSource,
  sessionId: string,
): Promise<{ token: string; expiresAt: Date } | null> {
  const token = newToken(SESSION_TOKEN_PREFIX);
  const rows = await db.query(
    `UPDATE session SET token_hash = $1, previous_token_hash = NULL, token_issued_at = now()
      WHERE id = $2 AND revoked_at IS NULL RETURNING expires_at AS "expiresAt"`,
    [hashToken(token), sessionId],
  );
  const r = rows[0]?.[0] ?? rows[0];
  return r?.expiresAt ? { token, expiresAt: new Date(r.expiresAt) } : null;
}

/**
 * Ends sessions of a person — one (`only`), or all but one (`except`), or all — and publishes
 * the revocation so their subscriptions and co-editing connections end at once. The number ended.
 */
export async function revokeSessions(
  m: EntityManager,
  personId: string,
  which: { only?: string; except?: string | null } = {},
): Promise<number> {
  const res = await m.query(
    `UPDATE session SET revoked_at = now()
      WHERE person_id = $1 AND revoked_at IS NULL
        AND ($2::uuid IS NULL OR id = $2) AND ($3::uuid IS NULL OR id <> $3)`,
    [personId, which.only ?? null, which.except ?? null],
  );
  const n = res[1] ?? 0;
  if (n > 0) await publishGraphEvent(m, { topic: TOKEN_REVOKED_TOPIC, subjectId: personId, unitId: null });
  return n;
}

/** Resolves `sid:` keys of long-lived connections to their viewers now (read-only). */
export async function viewersFromSessionKeys(
  db: DataSource,
  keys: readonly string[],
): Promise<Map<string, Viewer>> {
  const ids = keys.map((k) => k.slice(SESSION_KEY_PREFIX.length)).filter(isUuidLike);
  const byKey = new Map<string, Viewer>();
  if (!ids.length) return byKey;
  const rows = await db.query(
    `SELECT s.id AS "sessionId", ${PERSON_COLUMNS}
       FROM session s JOIN person p ON p.id = s.person_id
      WHERE s.id = ANY($1::uuid[]) AND ${SESSION_LIVE}`,
    [ids],
  );
  for (const r of rows)
    byKey.set(SESSION_KEY_PREFIX + r.sessionId, { ...viewerOf(r), sessionId: r.sessionId });
  return byKey;
}

function isUuidLike(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}

function clip(v: string | null | undefined, max: number): string | null {
  return v ? v.slice(0, max) : null;
}
