import type { DataSource } from 'typeorm';
import type { GraphQLContext } from '../graphql/context.js';
import { isHttps, sessionCookieOptions } from './session-cookie.js';
import { hashToken, newToken } from './tokens.js';

/**
 * A browser that signed in to an account with the right password carries this HttpOnly cookie
 * (a random token; only its SHA-256 is stored, in `known_device`). The sign-in throttle judges an
 * attempt that carries a valid one for the account typed by the per-address budgets only (see
 * login-throttle.ts): others' failures never lock the owner out of a device they used before.
 */
export const DEVICE_COOKIE = 'throughline_device';

/** Devices are remembered for 180 days after their last sign-in. */
export const DEVICE_TTL_MS = 180 * 24 * 3600 * 1000;

/** At most this many devices per person: the least recently used are forgotten (scripts that sign in often). */
export const MAX_DEVICES_PER_PERSON = 20;

const DEVICE_TOKEN_PREFIX = 'tld_';

/** The device token in a raw `Cookie:` header, or null. */
export function deviceTokenFromCookieHeader(header: string | undefined | null): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== DEVICE_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    return value.startsWith(DEVICE_TOKEN_PREFIX) && value.length <= 100 ? value : null;
  }
  return null;
}

/** The device token the request carries (HTTP only; null over WebSocket and in unit tests). */
export function requestDeviceToken(ctx: GraphQLContext): string | null {
  return deviceTokenFromCookieHeader(ctx.http?.req.headers.cookie);
}

/** True when `token` is an unexpired device of the active person with this email. */
export async function isKnownDevice(db: DataSource, token: string | null, email: string): Promise<boolean> {
  if (!token) return false;
  const rows: unknown[] = await db.query(
    `SELECT 1 FROM known_device d JOIN person p ON p.id = d.person_id
      WHERE d.token_hash = $1 AND d.expires_at > now() AND lower(p.email) = $2 AND p.archived_at IS NULL`,
    [hashToken(token), email.trim().toLowerCase()],
  );
  return rows.length > 0;
}

/**
 * After a successful password sign-in: renews the device the request carries when it is this
 * person's, or remembers a new one, and sets the cookie (long expiry, attributes of the session
 * cookie). Without an HTTP response (WebSocket, tests) nothing is remembered. Whether the
 * device was already known.
 */
export async function rememberDevice(ctx: GraphQLContext, personId: string): Promise<'known' | 'new' | null> {
  const http = ctx.http;
  if (!http) return null;
  const expiresAt = new Date(Date.now() + DEVICE_TTL_MS); // real time, like sessions
  const carried = requestDeviceToken(ctx);
  let token = carried;
  const renewed = carried
    ? ((
        await ctx.db.query(
          `UPDATE known_device SET last_used_at = now(), expires_at = $3
            WHERE token_hash = $1 AND person_id = $2 AND expires_at > now()`,
          [hashToken(carried), personId, expiresAt],
        )
      )[1] as number)
    : 0;
  if (!renewed) {
    token = newToken(DEVICE_TOKEN_PREFIX);
    await ctx.db.query(`INSERT INTO known_device (person_id, token_hash, expires_at) VALUES ($1, $2, $3)`, [
      personId,
      hashToken(token),
      expiresAt,
    ]);
    await ctx.db.query(
      `DELETE FROM known_device WHERE id IN (
         SELECT id FROM known_device WHERE person_id = $1 ORDER BY last_used_at DESC, created_at DESC OFFSET $2)`,
      [personId, MAX_DEVICES_PER_PERSON],
    );
  }
  http.res.cookie(DEVICE_COOKIE, token, sessionCookieOptions(isHttps(http.req), expiresAt));
  return renewed ? 'known' : 'new';
}
