import type { DataSource } from 'typeorm';
import { Clock, systemClock } from '../clock.js';
import type { SessionSettings } from '../config.js';
import { Viewer, viewerOf } from './policy.js';
import { findSession, SESSION_KEY_PREFIX, SESSION_LIVE, viewersFromSessionKeys } from './sessions.js';
import { hashToken, PARTNER_TOKEN_PREFIX } from './tokens.js';

/** How a request presents its token: the server's clock (token expiry) and the caller's address (last used). */
export interface TokenUse {
  clock?: Clock;
  /** The caller's address, recorded as the partner token's last use (and a session's). */
  ip?: string | null;
  /** The caller's User-Agent (recorded on a session's use). */
  userAgent?: string | null;
  /** Session lifetimes: given, a session's use is recorded (last seen, idle expiry moved on). */
  sessions?: SessionSettings;
}

/** The columns of a partner token and its owner that make a viewer. */
const PARTNER_COLUMNS = `t.id AS "tokenId", t.scopes, t.unit_id AS "scopeUnitId", t.expires_at AS "expiresAt",
  p.id, p.name, p.email, p.role, p.unit_id AS "unitId"`;

type PartnerRow = {
  tokenId: string;
  scopes: string[];
  scopeUnitId: string | null;
  expiresAt: Date | null;
  id: string;
  name: string;
  email: string;
  role: string;
  unitId: string;
};

const partnerViewer = (r: PartnerRow) =>
  viewerOf(r, {
    via: 'partner',
    tokenId: r.tokenId,
    scopes: r.scopes,
    unitId: r.scopeUnitId,
    expiresAt: r.expiresAt,
  });

/**
 * Resolves a bearer token (session or partner) to the viewer it acts for, or null.
 * Same path for HTTP, graphql-ws and the collaboration server. A partner token is refused once
 * revoked or past its expiry (the server's clock); each use records when, from where, and counts
 * one request (one cheap UPDATE, the same statement that finds the token).
 */
export async function viewerFromToken(
  db: DataSource,
  token: string | null,
  use: TokenUse = {},
): Promise<Viewer | null> {
  if (!token) return null;
  const hash = hashToken(token);
  if (token.startsWith(PARTNER_TOKEN_PREFIX)) {
    const now = (use.clock ?? systemClock).now();
    const rows = await db.query(
      `UPDATE api_token t
          SET last_used_at = now(), last_used_ip = coalesce($3, t.last_used_ip), request_count = t.request_count + 1
         FROM person p
        WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2)
          AND p.id = t.owner_id AND p.archived_at IS NULL
        RETURNING ${PARTNER_COLUMNS}`,
      [hash, now, use.ip ?? null],
    );
    const r = rows[0]?.[0] ?? rows[0];
    if (!r || !r.id) return null;
    return partnerViewer(r);
  }
  const found = await findSession(db, token, {
    settings: use.sessions,
    touch: use.sessions ? { ip: use.ip, userAgent: use.userAgent } : null,
  });
  return found?.viewer ?? null;
}

/**
 * When a credential stops working by itself: a session's idle or absolute expiry, whichever
 * comes first (real time, like the database's `now()` every session check uses), or a partner
 * token's expiry (the server's clock, already on its viewer). Null when it never expires or is
 * unknown. Long-lived connections arm a timer at this instant so they end when the credential
 * does, without waiting for an event; when it fires they re-check, and a session used meanwhile
 * (its idle expiry moved on) re-arms the timer.
 */
export async function credentialExpiry(
  db: DataSource,
  token: string,
  viewer: Pick<Viewer, 'via' | 'expiresAt' | 'sessionId'>,
): Promise<{ at: Date; by: 'real-time' | 'server-clock' } | null> {
  if (viewer.via === 'partner') return viewer.expiresAt ? { at: viewer.expiresAt, by: 'server-clock' } : null;
  // A session is found by its id when known (a `sid:` re-check key survives rotations), else by its token.
  const sessionId =
    viewer.sessionId ??
    (token.startsWith(SESSION_KEY_PREFIX) ? token.slice(SESSION_KEY_PREFIX.length) : null);
  const rows: { at: Date }[] = await db.query(
    `SELECT least(expires_at, coalesce(idle_expires_at, expires_at)) AS at FROM session
      WHERE ${sessionId ? 'id = $1::uuid' : 'token_hash = $1'}`,
    [sessionId ?? hashToken(token)],
  );
  return rows[0] ? { at: new Date(rows[0].at), by: 'real-time' } : null;
}

/**
 * Re-validates many bearer tokens — or sessions' `sid:` keys (see `credentialKey`) — at once (read-only, two queries, nothing counted as a use):
 * the viewer each acts for now, or null when the token was revoked, expired (partner tokens: by
 * `now`, the server's clock), or its person left. Long-lived connections (subscriptions,
 * collaboration) call it per delivered event so a revoked token stops receiving at once and a
 * changed role or home unit takes effect.
 */
export async function viewersFromTokens(
  db: DataSource,
  tokens: readonly string[],
  now: Date = systemClock.now(),
): Promise<(Viewer | null)[]> {
  const hashes = tokens.map(hashToken);
  const keys = tokens.filter((t) => t.startsWith(SESSION_KEY_PREFIX));
  const [sessions, partners, byKey] = await Promise.all([
    db.query(
      `SELECT s.token_hash, s.id AS "sessionId", p.id, p.name, p.email, p.role, p.unit_id AS "unitId"
         FROM session s JOIN person p ON p.id = s.person_id
        WHERE s.token_hash = ANY($1) AND ${SESSION_LIVE}`,
      [hashes],
    ),
    db.query(
      `SELECT t.token_hash, ${PARTNER_COLUMNS}
         FROM api_token t JOIN person p ON p.id = t.owner_id
        WHERE t.token_hash = ANY($1) AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2)
          AND p.archived_at IS NULL`,
      [hashes, now],
    ),
    viewersFromSessionKeys(db, keys),
  ]);
  const byHash = new Map<string, Viewer>();
  for (const r of sessions) byHash.set(r.token_hash, { ...viewerOf(r), sessionId: r.sessionId });
  for (const r of partners) byHash.set(r.token_hash, partnerViewer(r));
  return tokens.map((t, i) => byKey.get(t) ?? byHash.get(hashes[i]) ?? null);
}
