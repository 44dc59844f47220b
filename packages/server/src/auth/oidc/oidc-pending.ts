import type { Request, Response } from 'express';
import type { SecretBox } from '../secret-box.js';
import { isHttps } from '../session-cookie.js';
import type { PendingSignIn } from './oidc-client.js';

/**
 * One browser's company sign-in in progress (state, nonce, PKCE verifier) travels in this
 * cookie between `/auth/oidc/start` and `/auth/oidc/callback`: HttpOnly, SameSite=Lax (sent on
 * the provider's top-level redirect back), only for `/auth/oidc`, for 10 minutes, sealed with
 * the server's secret key (AES-256-GCM: neither readable nor changeable by the browser). It binds
 * the answer to the browser that started the sign-in: a callback from another browser (someone
 * else's code sent as a link) finds no matching state. It is cleared by the first callback.
 */
export const PENDING_COOKIE = 'throughline_oidc';
export const PENDING_PATH = '/auth/oidc';
export const PENDING_TTL_MS = 10 * 60_000;

interface Sealed extends PendingSignIn {
  purpose: 'oidc-pending';
  expiresAt: number;
}

export function setPendingCookie(req: Request, res: Response, box: SecretBox, pending: PendingSignIn): void {
  const sealed: Sealed = { purpose: 'oidc-pending', ...pending, expiresAt: Date.now() + PENDING_TTL_MS };
  res.cookie(PENDING_COOKIE, box.seal(JSON.stringify(sealed)), {
    httpOnly: true,
    sameSite: 'lax',
    secure: isHttps(req),
    path: PENDING_PATH,
    maxAge: PENDING_TTL_MS,
  });
}

export function clearPendingCookie(req: Request, res: Response): void {
  res.clearCookie(PENDING_COOKIE, {
    httpOnly: true,
    sameSite: 'lax',
    secure: isHttps(req),
    path: PENDING_PATH,
  });
}

/** The sign-in this browser started, or null (no cookie, expired, not sealed by this server's key). */
export function readPendingCookie(req: Request, box: SecretBox, now = Date.now()): PendingSignIn | null {
  const value = cookieValue(req.headers.cookie, PENDING_COOKIE);
  if (!value) return null;
  try {
    const s = JSON.parse(box.open(value)) as Partial<Sealed>;
    if (
      s.purpose !== 'oidc-pending' ||
      typeof s.expiresAt !== 'number' ||
      s.expiresAt < now ||
      typeof s.state !== 'string' ||
      typeof s.nonce !== 'string' ||
      typeof s.codeVerifier !== 'string'
    )
      return null;
    return { state: s.state, nonce: s.nonce, codeVerifier: s.codeVerifier };
  } catch {
    return null;
  }
}

function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim()) || null;
    } catch {
      return null;
    }
  }
  return null;
}
