import { Role } from '@throughline/shared';
import type { DataSource } from 'typeorm';
import type { Viewer } from './policy';
import { hashToken, PARTNER_TOKEN_PREFIX } from './tokens';

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
    return { personId: r.id, name: r.name, email: r.email, role: r.role as Role, unitId: r.unitId, via: 'partner', tokenId: r.tokenId, scopes: new Set(r.scopes) };
  }
  const rows = await db.query(
    `SELECT p.id, p.name, p.email, p.role, p.unit_id AS "unitId"
       FROM session s JOIN person p ON p.id = s.person_id
      WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND p.archived_at IS NULL`,
    [hash],
  );
  const r = rows[0];
  if (!r) return null;
  return { personId: r.id, name: r.name, email: r.email, role: r.role as Role, unitId: r.unitId, via: 'session', tokenId: null, scopes: null };
}
