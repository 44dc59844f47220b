import type { IncomingHttpHeaders } from 'node:http';

/**
 * Whether a browser request (or WebSocket upgrade) was made by a page of another site. The
 * session cookie must never let another site act (CSRF, cross-site WebSocket hijacking), so
 * such requests are refused before they are authenticated by the cookie.
 *
 * Ours: an `Origin` equal to `PUBLIC_URL`'s origin, or whose host is the request's own `Host`
 * (the app as it is being served, e.g. behind the Vite dev proxy). Without `Origin`, the
 * browser's `Sec-Fetch-Site` decides (`cross-site` and `same-site` are foreign: a sibling
 * subdomain or another port is another application). Neither header (scripts, curl): not a page
 * of another site.
 */
export function isForeignRequest(headers: IncomingHttpHeaders, publicUrl: string): boolean {
  const origin = headers.origin;
  if (typeof origin === 'string' && origin !== '') {
    if (origin === 'null') return true;
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return true;
    }
    if (url.origin === new URL(publicUrl).origin) return false;
    const host = headers.host;
    return !(typeof host === 'string' && url.host === host.toLowerCase());
  }
  const site = headers['sec-fetch-site'];
  return site === 'cross-site' || site === 'same-site';
}
