import { createHash, randomBytes } from 'node:crypto';

/** Prefixes tell a session token from a partner token at a glance (and in leaked-secret scanners). */
export const SESSION_TOKEN_PREFIX = 'tls_';
export const PARTNER_TOKEN_PREFIX = 'tlp_';

/**
 * The graph event published when a partner token is revoked (subject: the token) or a session is
 * signed out (subject: its person): open subscriptions and collaboration connections re-check
 * their credential at once, and those of the revoked token or session end.
 */
export const TOKEN_REVOKED_TOPIC = 'apiTokenRevoked';

/** A new random bearer token with the given prefix. */
export function newToken(prefix: string): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** Tokens are stored as SHA-256: a database leak yields no usable token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Extracts the token of an `Authorization: Bearer …` value. */
export function bearerToken(header: unknown): string | null {
  if (typeof header !== 'string') return null;
  const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return m ? m[1] : null;
}
