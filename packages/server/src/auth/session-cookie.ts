import type { CookieOptions, Request, Response } from 'express';

/**
 * The browser's session travels in this cookie: HttpOnly (no script on the page can read it),
 * SameSite=Lax, Secure when the request came over HTTPS. Its value is a session token
 * (`tls_…`), the same kind `login` returns to scripts as a bearer token.
 */
export const SESSION_COOKIE = 'throughline_session';

/** The cookie's attributes; `secure` when the request reached us (or the proxy) over HTTPS. */
export function sessionCookieOptions(secure: boolean, expiresAt?: Date): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    ...(expiresAt ? { expires: expiresAt } : {}),
  };
}

/** True when the request arrived over HTTPS (behind a trusted proxy: its X-Forwarded-Proto; see `trust proxy`). */
export function isHttps(req: Request): boolean {
  return req.secure;
}

/** Puts a session token in the browser's cookie until `expiresAt`. */
export function setSessionCookie(req: Request, res: Response, token: string, expiresAt: Date): void {
  res.cookie(SESSION_COOKIE, token, sessionCookieOptions(isHttps(req), expiresAt));
}

/** Removes the session cookie (sign-out, or the session is no longer valid). */
export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, sessionCookieOptions(isHttps(req)));
}

/** The session token in a raw `Cookie:` header (HTTP and WebSocket upgrades alike), or null. */
export function sessionTokenFromCookieHeader(header: string | undefined | null): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(value) || null;
    } catch {
      return null;
    }
  }
  return null;
}
