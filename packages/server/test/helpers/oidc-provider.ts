import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/** An account of the test identity provider: its id is what its login form is given. */
export interface TestIdpAccount {
  email: string;
  emailVerified: boolean;
}

/** Changes a token response on its way from the provider's token endpoint (forged tokens). */
export type TokenResponseTamper = (body: Record<string, unknown>) => Record<string, unknown>;

export interface TestIdentityProvider {
  issuer: string;
  /** The provider's signing key (so a test can forge an ID token the provider "signed"). */
  signingKey: { privateKey: KeyObject; kid: string };
  /** Set to rewrite the next token responses (null = pass them through). */
  tamperTokenResponse: TokenResponseTamper | null;
  close(): Promise<void>;
}

/**
 * A real OpenID provider (`oidc-provider`) on a free loopback port: one confidential client
 * (code flow, PKCE required — the provider's default), the given accounts (`email`,
 * `email_verified` under the `email` scope), its development login and consent pages, and a key
 * the test knows. Its HTTP server can rewrite token responses (`tamperTokenResponse`) to try
 * forged ID tokens against the relying party.
 */
export async function startTestIdentityProvider(opts: {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  accounts: Record<string, TestIdpAccount>;
}): Promise<TestIdentityProvider> {
  const http = createServer();
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  // `localhost` for the provider, 127.0.0.1 for Throughline: two sites, as in real life.
  const issuer = `http://localhost:${(http.address() as AddressInfo).port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = 'test-signing-key';
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: opts.clientId,
        client_secret: opts.clientSecret,
        redirect_uris: [opts.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }] },
    cookies: { keys: ['test-provider-cookie-key'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    features: { devInteractions: { enabled: true } },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    async findAccount(_ctx, id) {
      const account = opts.accounts[id];
      if (!account) return undefined;
      return {
        accountId: id,
        async claims() {
          return { sub: id, email: account.email, email_verified: account.emailVerified };
        },
      };
    },
  });
  const handle = provider.callback();
  const idp: TestIdentityProvider = {
    issuer,
    signingKey: { privateKey, kid },
    tamperTokenResponse: null,
    close: () =>
      new Promise<void>((r) => {
        http.closeAllConnections();
        http.close(() => r());
      }),
  };
  http.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const tamper = idp.tamperTokenResponse;
    if (tamper && req.method === 'POST' && req.url?.startsWith('/token')) {
      const end = res.end.bind(res) as (chunk: unknown) => ServerResponse;
      (res as { end: unknown }).end = (chunk: unknown) => {
        if (res.statusCode !== 200 || chunk == null) return end(chunk);
        const body = JSON.stringify(tamper(JSON.parse(String(chunk)) as Record<string, unknown>));
        res.setHeader('content-length', Buffer.byteLength(body));
        return end(body);
      };
    }
    void handle(req, res);
  });
  return idp;
}

/** The claims of a JWT (not checked: for building forged ones). */
export function jwtClaims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** A JWT signed RS256 with `key` (the provider's, to forge a claim; or another, to forge a signature). */
export function signJwt(
  claims: Record<string, unknown>,
  key: { privateKey: KeyObject; kid: string },
): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const input = `${b64({ alg: 'RS256', typ: 'JWT', kid: key.kid })}.${b64(claims)}`;
  const signature = createSign('RSA-SHA256').update(input).sign(key.privateKey).toString('base64url');
  return `${input}.${signature}`;
}

/**
 * A browser, by hand: one cookie jar per host, redirects followed one by one. Enough for the
 * provider's development login and consent pages.
 */
export class TestBrowser {
  private readonly jars = new Map<string, Map<string, { value: string; path: string }>>();

  /** One request; its cookies kept. No redirect is followed. */
  async request(
    url: string,
    init: { method?: string; form?: Record<string, string> } = {},
  ): Promise<Response> {
    const u = new URL(url);
    const jar = this.jars.get(u.host) ?? new Map<string, { value: string; path: string }>();
    this.jars.set(u.host, jar);
    const cookie = [...jar]
      .filter(([, c]) => u.pathname === c.path || u.pathname.startsWith(c.path.replace(/\/?$/, '/')))
      .map(([name, c]) => `${name}=${c.value}`)
      .join('; ');
    const res = await fetch(u, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const attr = (n: string) =>
        attrs
          .map((a) => a.trim())
          .find((a) => a.toLowerCase().startsWith(`${n}=`))
          ?.slice(n.length + 1);
      const expires = attr('expires');
      const gone = attr('max-age') === '0' || (expires !== undefined && Date.parse(expires) <= Date.now());
      if (gone || value === '') jar.delete(name);
      else jar.set(name, { value, path: attr('path') ?? '/' });
    }
    return res;
  }

  /** The value of a cookie this browser holds for `host` (host:port), or undefined. */
  cookie(host: string, name: string): string | undefined {
    return this.jars.get(host)?.get(name)?.value;
  }

  /** Puts a cookie in the jar of `host` (a copy kept by an attacker, another browser's). */
  setCookie(host: string, name: string, value: string, path = '/'): void {
    const jar = this.jars.get(host) ?? new Map<string, { value: string; path: string }>();
    this.jars.set(host, jar);
    jar.set(name, { value, path });
  }

  /**
   * From Throughline's `/auth/oidc/start` through the provider's login (as `accountId`) and
   * consent pages (or "cancel" on the first), up to the redirect back to `redirectUri`: that
   * callback URL, not yet opened.
   */
  async signInAtProvider(
    startUrl: string,
    redirectUri: string,
    accountId: string,
    opts: { cancel?: boolean } = {},
  ): Promise<string> {
    let url = startUrl;
    for (let hops = 0; hops < 20; hops++) {
      const res = await this.request(url);
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        const next = new URL(location, url).href;
        if (next.startsWith(`${redirectUri}?`)) return next;
        url = next;
        continue;
      }
      const html = await res.text();
      const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
      if (res.status !== 200 || !prompt)
        throw new Error(`unexpected page at ${url}: ${res.status} ${html.slice(0, 300)}`);
      const submitted = opts.cancel
        ? await this.request(`${url}/abort`)
        : await this.request(url, { method: 'POST', form: { prompt, login: accountId, password: 'any' } });
      const after = submitted.headers.get('location');
      if (!after) throw new Error(`the ${prompt} form did not redirect: ${submitted.status}`);
      url = new URL(after, url).href;
    }
    throw new Error('too many redirects');
  }
}
