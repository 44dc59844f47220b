import { request } from 'node:http';
import type { GqlResult } from './server.js';

/** What a browser-like request sends besides the operation. */
export interface RequestAs {
  /** Loopback source address (any of 127.0.0.0/8), as the server sees it. */
  address?: string;
  /** A raw `Cookie:` header. */
  cookie?: string;
  userAgent?: string;
  token?: string | null;
}

/** POSTs a GraphQL operation with cookies, user agent and source address; the answer and its Set-Cookie headers. */
export function postGraphQLAs<T = any>(
  url: string,
  as: RequestAs,
  query: string,
  variables?: Record<string, unknown>,
): Promise<{ body: GqlResult<T>; setCookies: string[]; headers: Record<string, unknown> }> {
  const body = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/graphql`,
      {
        method: 'POST',
        ...(as.address ? { localAddress: as.address } : {}),
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...(as.token ? { authorization: `Bearer ${as.token}` } : {}),
          ...(as.cookie ? { cookie: as.cookie } : {}),
          ...(as.userAgent ? { 'user-agent': as.userAgent } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          try {
            resolve({
              body: JSON.parse(text) as GqlResult<T>,
              setCookies: res.headers['set-cookie'] ?? [],
              headers: res.headers,
            });
          } catch (e) {
            reject(e);
          }
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The `name=value` of one cookie among Set-Cookie headers, ready for a `Cookie:` header, or null. */
export function cookiePair(setCookies: string[], name: string): string | null {
  const c = setCookies.find((s) => s.startsWith(`${name}=`));
  return c ? c.split(';')[0] : null;
}
