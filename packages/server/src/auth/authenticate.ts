import type { DataSource } from 'typeorm';
import { Viewer, viewerOf } from './policy.js';
import { hashToken, PARTNER_TOKEN_PREFIX } from './tokens.js';

/**
 * Resolves a bearer token (session or partner) to the viewer it acts for, or null.
 * Same path for HTTP, graphql-ws and the collaboration server.
 */
export async function viewerFromToken(db: DataSource, token: string | null): Promise<Viewer | null> {
  if (!token) return null;
  const hash = hashToken(token);
  if (token.startsWith(PARTNER_TOKEN_PREFIX)) {
    const rows = await db.query(
      `UPDATE api_token t SET last_used_at = now()
         FROM person p
        WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND p.id = t.owner_id AND p.archived_at IS NULL
        RETURNING t.id AS "tokenId", t.scopes, p.id, p.name, p.email, p.role, p.unit_id AS "unitId"`,
      [hash],
    );
    const r = rows[0]?.[0] ?? rows[0];
    if (!r || !r.id) return null;
    return viewerOf(r, { via: 'partner', tokenId: r.tokenId, scopes: r.scopes });
  }
  const rows = await db.query(
    `SELECT p.id, p.name, p.email, p.role, p.unit_id AS "unitId"
       FROM session s JOIN person p ON p.id = s.person_id
      WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND p.archived_at IS NULL`,
    [hash],
  );
  const r = rows[0];
  if (!r) return null;
  return viewerOf(r);
}

/**
 * Re-validates many bearer tokens at once (read-only, two queries): the viewer each acts for
 * now, or null when the token was revoked, expired, or its person left. Long-lived connections
 * (subscriptions) call it per delivered event so a revoked token stops receiving at once and a
 * changed role or home unit takes effect.
 */
export async function viewersFromTokens(
  db: DataSource,
  tokens: readonly string[],
): Promise<(Viewer | null)[]> {
  const hashes = tokens.map(hashToken);
  const [sessions, partners] = await Promise.all([
    db.query(
      `SELECT s.token_hash, p.id, p.name, p.email, p.role, p.unit_id AS "unitId"
         FROM session s JOIN person p ON p.id = s.person_id
        WHERE s.token_hash = ANY($1) AND s.revoked_at IS NULL AND s.expires_at > now() AND p.archived_at IS NULL`,
      [hashes],
    ),
    db.query(
      `SELECT t.token_hash, t.id AS "tokenId", t.scopes, p.id, p.name, p.email, p.role, p.unit_id AS "unitId"
         FROM api_token t JOIN person p ON p.id = t.owner_id
        WHERE t.token_hash = ANY($1) AND t.revoked_at IS NULL AND p.archived_at IS NULL`,
      [hashes],
    ),
  ]);
  const byHash = new Map<string, Viewer>();
  for (const r of sessions) byHash.set(r.token_hash, viewerOf(r));
  for (const r of partners)
    byHash.set(r.token_hash, viewerOf(r, { via: 'partner', tokenId: r.tokenId, scopes: r.scopes }));
  return hashes.map((h) => byHash.get(h) ?? null);
}
