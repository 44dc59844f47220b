import { objectiveDocumentName } from '@throughline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestProvider, ownedWebSocketClass } from '../collab/testing/test-sockets.js';
import type { SessionSettings } from '../config.js';
import { buildOrg, FACTORY_PASSWORD } from '../../test/helpers/factories.js';
import { eventually, startTestServer, TestServer } from '../../test/helpers/server.js';
import { liveSubscription } from '../../test/helpers/subscriptions.js';
import { resetLoginRateLimit } from './auth.service.js';
import { SESSION_COOKIE } from './session-cookie.js';
import { hashToken } from './tokens.js';

type Org = Awaited<ReturnType<typeof buildOrg>>;

/** One HTTP exchange as a browser would make it: the cookie it holds, the headers it adds. */
interface Reply {
  status: number;
  body: any;
  text: string;
  headers: Headers;
  /** The session cookie's Set-Cookie line, if the response set or cleared it. */
  setCookie: string | null;
}

async function send(
  s: TestServer,
  init: {
    body: string;
    contentType?: string;
    cookie?: string | null;
    headers?: Record<string, string>;
    method?: string;
    path?: string;
  },
): Promise<Reply> {
  const res = await fetch(s.url + (init.path ?? '/graphql'), {
    method: init.method ?? 'POST',
    headers: {
      ...(init.contentType !== undefined
        ? { 'content-type': init.contentType }
        : { 'content-type': 'application/json' }),
      ...(init.cookie ? { cookie: `${SESSION_COOKIE}=${init.cookie}` } : {}),
      ...init.headers,
    },
    body: init.method === 'GET' ? undefined : init.body,
  });
  const text = await res.text();
  let body: any = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith(SESSION_COOKIE + '=')) ?? null;
  return { status: res.status, body, text, headers: res.headers, setCookie };
}

/** A GraphQL operation from the app's own page (same origin), with the browser's cookie. */
function browser(
  s: TestServer,
  cookie: string | null,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  return send(s, {
    body: JSON.stringify({ query, variables }),
    cookie,
    headers: { origin: s.url, 'sec-fetch-site': 'same-origin', 'user-agent': 'TestBrowser/1.0', ...headers },
  });
}

/** The token a Set-Cookie line puts in the browser ('' when it clears the cookie). */
function tokenOf(setCookie: string | null): string | null {
  if (!setCookie) return null;
  const v = setCookie.slice(SESSION_COOKIE.length + 1).split(';')[0];
  return decodeURIComponent(v);
}

const SIGN_IN = `mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { id name } }`;

async function signIn(
  s: TestServer,
  email: string,
  password = FACTORY_PASSWORD,
  headers: Record<string, string> = {},
) {
  const r = await browser(s, null, SIGN_IN, { e: email, p: password }, headers);
  if (r.body?.errors) throw new Error(JSON.stringify(r.body.errors));
  return { reply: r, token: tokenOf(r.setCookie)! };
}

const VIEWER = `{ viewer { id } }`;
const code = (r: Reply) => r.body?.errors?.[0]?.extensions?.code;

async function sessionRow(s: TestServer, token: string) {
  const [row] = await s.db.query(
    `SELECT id, expires_at, idle_expires_at, last_seen_at, token_issued_at, revoked_at, user_agent, ip,
            idle_expires_at <= now() AS idle_over, expires_at <= now() AS max_over,
            last_seen_at < now() - interval '1600 milliseconds' AS touch_due,
            token_issued_at < now() - interval '1 second' AS rotation_due
       FROM session WHERE token_hash = $1 OR previous_token_hash = $1`,
    [hashToken(token)],
  );
  return row;
}

describe('browser sessions in an HttpOnly cookie', () => {
  let s: TestServer;
  let org: Org;
  beforeAll(async () => {
    // Requests from loopback come "through a proxy" here, so X-Forwarded-Proto can say HTTPS.
    s = await startTestServer({
      seed: async (db) => (org = await buildOrg(db)),
      config: { trustProxy: ['loopback'] },
    });
  });
  afterAll(async () => s?.close());

  it('signIn puts a fresh session token in an HttpOnly, SameSite=Lax cookie and returns the person, never the token', async () => {
    await resetLoginRateLimit(s.db);
    const a = await signIn(s, org.people.opsHead.email);
    expect(a.reply.body.data.signIn).toEqual({ id: org.people.opsHead.id, name: expect.any(String) });
    expect(a.reply.text).not.toContain('tls_');
    expect(a.token).toMatch(/^tls_/);
    expect(a.reply.setCookie).toMatch(/HttpOnly/i);
    expect(a.reply.setCookie).toMatch(/SameSite=Lax/i);
    expect(a.reply.setCookie).toMatch(/Path=\//);
    expect(a.reply.setCookie).not.toMatch(/Secure/i); // plain HTTP
    const row = await sessionRow(s, a.token);
    expect(new Date(a.reply.setCookie!.match(/Expires=([^;]+)/)![1]).getTime()).toBe(
      Math.floor(new Date(row.expires_at).getTime() / 1000) * 1000,
    );
    expect(row.user_agent).toBe('TestBrowser/1.0');
    // A second sign-in gets another token (no fixation), and the cookie alone authenticates.
    const b = await signIn(s, org.people.opsHead.email);
    expect(b.token).not.toBe(a.token);
    expect((await browser(s, b.token, VIEWER)).body.data.viewer.id).toBe(org.people.opsHead.id);
    // Wrong password: UNAUTHENTICATED and no cookie.
    const wrong = await browser(s, null, SIGN_IN, { e: org.people.opsHead.email, p: 'nope' });
    expect(code(wrong)).toBe('UNAUTHENTICATED');
    expect(wrong.setCookie).toBeNull();
    await resetLoginRateLimit(s.db);
  });

  it('marks the cookie Secure and sends HSTS when the request came over HTTPS (trusted proxy)', async () => {
    const r = await signIn(s, org.people.member.email, FACTORY_PASSWORD, { 'x-forwarded-proto': 'https' });
    expect(r.reply.setCookie).toMatch(/; Secure/i);
    expect(r.reply.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    const plain = await send(s, { path: '/healthz', method: 'GET', body: '' });
    expect(plain.headers.get('strict-transport-security')).toBeNull();
  });

  it('sends the security headers: CSP with frame-ancestors none and own-origin sockets, nosniff, referrer policy', async () => {
    const r = await send(s, { path: '/healthz', method: 'GET', body: '' });
    const csp = r.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1:\d+/);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('referrer-policy')).toBe('same-origin');
    expect(r.headers.get('x-frame-options')).toBe('DENY');
  });

  it('bearer tokens keep working for scripts; login sets no cookie', async () => {
    const token = await s.login(org.people.member.email, FACTORY_PASSWORD);
    const r = await send(s, {
      body: JSON.stringify({
        query: `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`,
        variables: { e: org.people.member.email, p: FACTORY_PASSWORD },
      }),
    });
    expect(r.setCookie).toBeNull();
    expect((await s.gql(VIEWER, {}, token)).data.viewer.id).toBe(org.people.member.id);
    // A bearer token wins over a cookie (and is not subject to the browser's Origin rule).
    const both = await send(s, {
      body: JSON.stringify({ query: VIEWER }),
      cookie: org.people.exec.token,
      headers: { authorization: `Bearer ${token}`, origin: 'https://elsewhere.example' },
    });
    expect(both.body.data.viewer.id).toBe(org.people.member.id);
    // Answers hold personal data: no cache may keep them (queries over GET included).
    expect(both.headers.get('cache-control')).toBe('no-store');
    const viaGet = await send(s, {
      body: '',
      method: 'GET',
      path: `/graphql?query=${encodeURIComponent(VIEWER)}`,
      headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
    });
    expect(viaGet.body.data.viewer.id).toBe(org.people.member.id);
    expect(viaGet.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses a page of another site: a foreign Origin or a cross-site fetch with the cookie gets 403, sign-in too', async () => {
    const { token } = await signIn(s, org.people.exec.email);
    const foreign = await browser(
      s,
      token,
      VIEWER,
      {},
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    );
    expect(foreign.status).toBe(403);
    expect(code(foreign)).toBe('FORBIDDEN');
    const sibling = await send(s, {
      body: JSON.stringify({ query: VIEWER }),
      cookie: token,
      headers: { 'sec-fetch-site': 'same-site' },
    });
    expect(sibling.status).toBe(403);
    const loginCsrf = await browser(
      s,
      null,
      SIGN_IN,
      { e: org.people.exec.email, p: FACTORY_PASSWORD },
      { origin: 'https://evil.example' },
    );
    expect(loginCsrf.status).toBe(403);
    expect(loginCsrf.setCookie).toBeNull();
    // The app's own page and scripts without Origin are fine.
    expect((await browser(s, token, VIEWER)).body.data.viewer.id).toBe(org.people.exec.id);
    expect(
      (await send(s, { body: JSON.stringify({ query: VIEWER }), cookie: token })).body.data.viewer.id,
    ).toBe(org.people.exec.id);
  });

  it('CSRF: a form POST or simple request with the cookie cannot run a mutation, even from our own origin', async () => {
    const { token } = await signIn(s, org.people.salesHead.email);
    const mutation = JSON.stringify({ query: 'mutation { signOutEverywhere }' });
    for (const contentType of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const r = await send(s, {
        body: contentType === 'text/plain' ? mutation : 'query=mutation%20%7B%20signOutEverywhere%20%7D',
        contentType,
        cookie: token,
        headers: { origin: s.url },
      });
      expect(r.status, contentType).toBe(400);
      expect(r.text).toMatch(/CSRF|preflight/i);
    }
    const viaGet = await send(s, {
      method: 'GET',
      path: '/graphql?query=' + encodeURIComponent('mutation { signOutEverywhere }'),
      body: '',
      cookie: token,
      contentType: '',
    });
    expect(viaGet.status).toBeGreaterThanOrEqual(400);
    // None of them ran: the session is alive.
    expect((await browser(s, token, VIEWER)).body.data.viewer.id).toBe(org.people.salesHead.id);
    expect((await sessionRow(s, token)).revoked_at).toBeNull();
  });

  it('graphql-ws and /collab authenticate a browser by the cookie; a foreign Origin cannot open either', async () => {
    const { token } = await signIn(s, org.people.opsHead.email);
    const headers = { cookie: `${SESSION_COOKIE}=${token}`, origin: s.url };
    const sub = await liveSubscription({
      wsUrl: s.wsUrl,
      token: null,
      headers,
      bus: s.server.host.bus,
      query: `subscription { graphChanged { subjectId } }`,
    });
    expect(sub.errors).toEqual([]);
    await touchObjective(s, org, 'Cookie-authenticated subscription');
    await eventually(() => sub.events.length > 0, 5_000, 'event over a cookie-authenticated socket');
    await sub.close();

    const noCookie = await liveSubscription({
      wsUrl: s.wsUrl,
      token: null,
      headers: { origin: s.url },
      query: `subscription { graphChanged { subjectId } }`,
    });
    await eventually(
      () => noCookie.closeCode === 4403 || noCookie.errors.length > 0,
      5_000,
      'refusal without cookie',
    );
    await noCookie.close();

    const collabUrl = s.url.replace('http', 'ws') + '/collab';
    const editor = createTestProvider({
      url: collabUrl,
      name: objectiveDocumentName(org.objectives.opsObjective),
      token: null,
      headers,
      reconnect: false,
    });
    await eventually(() => editor.provider.isSynced, 5_000, 'cookie-authenticated collab sync');
    editor.destroy();

    // Cross-site WebSocket hijacking: the browser would send the cookie, but the Origin is another site's.
    const Hijack = ownedWebSocketClass(() => undefined, { ...headers, origin: 'https://evil.example' });
    for (const url of [s.wsUrl, collabUrl]) {
      const status = await new Promise<number>((resolve) => {
        const hijack = new Hijack(url);
        hijack.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        hijack.on('open', () => resolve(101));
      });
      expect(status, url).toBe(403);
    }
  });

  it('mySessions lists where and when, marks the current one; one can be revoked, not someone else’s', async () => {
    await s.db.query(`UPDATE session SET revoked_at = now() WHERE person_id = $1`, [org.people.insider.id]);
    const laptop = await signIn(s, org.people.insider.email, FACTORY_PASSWORD, { 'user-agent': 'Laptop/1' });
    const phone = await signIn(s, org.people.insider.email, FACTORY_PASSWORD, { 'user-agent': 'Phone/2' });
    const list = await browser(
      s,
      laptop.token,
      `{ mySessions { id createdAt lastSeenAt expiresAt userAgent ip current } }`,
    );
    const sessions = list.body.data.mySessions as any[];
    expect(sessions).toHaveLength(2);
    expect(sessions.find((x) => x.current).userAgent).toBe('Laptop/1');
    expect(sessions.map((x) => x.userAgent).sort()).toEqual(['Laptop/1', 'Phone/2']);
    expect(sessions.every((x) => x.ip && x.lastSeenAt && x.createdAt)).toBe(true);
    const phoneId = sessions.find((x) => !x.current).id;
    const other = await browser(s, org.people.exec.token, `mutation($id: ID!) { revokeSession(id: $id) }`, {
      id: phoneId,
    });
    expect(code(other)).toBe('NOT_FOUND');
    const revoke = await browser(s, laptop.token, `mutation($id: ID!) { revokeSession(id: $id) }`, {
      id: phoneId,
    });
    expect(revoke.body.data.revokeSession).toBe(true);
    const ended = await browser(s, phone.token, VIEWER);
    expect(code(ended)).toBe('UNAUTHENTICATED');
    expect(tokenOf(ended.setCookie)).toBe(''); // the browser is told to forget it
  });

  it('signOut ends the session and clears the cookie; logout clears it too', async () => {
    const a = await signIn(s, org.people.member.email);
    const out = await browser(s, a.token, `mutation { signOut }`);
    expect(out.body.data.signOut).toBe(true);
    expect(tokenOf(out.setCookie)).toBe('');
    expect(out.setCookie).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect(code(await browser(s, a.token, VIEWER))).toBe('UNAUTHENTICATED');
    const b = await signIn(s, org.people.member.email);
    const logout = await browser(s, b.token, `mutation { logout }`);
    expect(logout.body.data.logout).toBe(true);
    expect(tokenOf(logout.setCookie)).toBe('');
    expect(code(await browser(s, b.token, VIEWER))).toBe('UNAUTHENTICATED');
  });

  it('sign out everywhere ends every session of the person and their subscriptions and co-editing at once', async () => {
    const person = org.people.opsHead;
    const one = await signIn(s, person.email);
    const two = await signIn(s, person.email);
    const script = await s.login(person.email, FACTORY_PASSWORD);
    const headers = { cookie: `${SESSION_COOKIE}=${one.token}`, origin: s.url };
    const browserSub = await liveSubscription({
      wsUrl: s.wsUrl,
      token: null,
      headers,
      bus: s.server.host.bus,
      query: `subscription { graphChanged { subjectId } }`,
    });
    const scriptSub = await liveSubscription({
      wsUrl: s.wsUrl,
      token: script,
      bus: s.server.host.bus,
      query: `subscription { graphChanged { subjectId } }`,
    });
    const bystander = await liveSubscription({
      wsUrl: s.wsUrl,
      token: org.people.exec.token,
      bus: s.server.host.bus,
      query: `subscription { graphChanged { subjectId } }`,
    });
    const collabUrl = s.url.replace('http', 'ws') + '/collab';
    const closes: number[] = [];
    const editor = createTestProvider({
      url: collabUrl,
      name: objectiveDocumentName(org.objectives.opsObjective),
      token: null,
      headers,
      provider: { onClose: ({ event }) => closes.push(event.code) },
    });
    await eventually(() => editor.provider.isSynced, 5_000, 'editor synced');

    const r = await browser(s, two.token, `mutation { signOutEverywhere }`);
    expect(r.body.data.signOutEverywhere).toBeGreaterThanOrEqual(4); // two browsers, the script, the factory's
    expect(tokenOf(r.setCookie)).toBe('');
    await eventually(
      () => browserSub.errors.length > 0 || browserSub.completed,
      3_000,
      'browser subscription ended',
    );
    await eventually(
      () => scriptSub.errors.length > 0 || scriptSub.completed,
      3_000,
      'script subscription ended',
    );
    await eventually(() => closes.length > 0, 3_000, 'co-editing connection closed');
    for (const t of [one.token, two.token]) expect(code(await browser(s, t, VIEWER))).toBe('UNAUTHENTICATED');
    expect((await s.gql(VIEWER, {}, script)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    // Reconnecting with the old cookie is refused.
    await eventually(
      () => !editor.provider.isSynced || editor.provider.isAuthenticated === false,
      3_000,
      'editor no longer authenticated',
    );
    editor.destroy();
    // Nobody else is affected.
    await touchObjective(s, org, 'After sign out everywhere');
    await eventually(() => bystander.events.length > 0, 5_000, 'bystander still receives');
    expect(bystander.errors).toEqual([]);
    for (const x of [browserSub, scriptSub, bystander]) await x.close();
  });

  it('change password: current password required, new one checked, other sessions end, this browser continues', async () => {
    await resetLoginRateLimit(s.db);
    const person = org.people.salesHead;
    const here = await signIn(s, person.email);
    const elsewhere = await signIn(s, person.email);
    const CHANGE = `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`;
    const wrong = await browser(s, here.token, CHANGE, { c: 'not-it', n: 'a long new passphrase' });
    expect(wrong.body.errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'currentPassword',
    });
    const short = await browser(s, here.token, CHANGE, { c: FACTORY_PASSWORD, n: 'short' });
    expect(short.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newPassword' });
    const ok = await browser(s, here.token, CHANGE, { c: FACTORY_PASSWORD, n: 'a long new passphrase' });
    expect(ok.body.data.changePassword).toBe(true);
    const fresh = tokenOf(ok.setCookie)!;
    expect(fresh).toMatch(/^tls_/);
    expect((await browser(s, fresh, VIEWER)).body.data.viewer.id).toBe(person.id);
    expect(code(await browser(s, here.token, VIEWER))).toBe('UNAUTHENTICATED'); // the pre-change copy
    expect(code(await browser(s, elsewhere.token, VIEWER))).toBe('UNAUTHENTICATED');
    expect(code(await browser(s, null, SIGN_IN, { e: person.email, p: FACTORY_PASSWORD }))).toBe(
      'UNAUTHENTICATED',
    );
    await signIn(s, person.email, 'a long new passphrase');
    await resetLoginRateLimit(s.db);
  });
});

/** Changes an objective's title (a graph event everyone in its unit may see). */
async function touchObjective(s: TestServer, org: Org, title: string) {
  const v = await s.gql(
    `query($id: ID!) { objective(id: $id) { version } }`,
    { id: org.objectives.opsObjective },
    org.people.exec.token,
  );
  const r = await s.gql(
    `mutation($i: UpdateObjectiveInput!) { updateObjective(input: $i) { version } }`,
    { i: { id: org.objectives.opsObjective, version: v.data.objective.version, title } },
    org.people.exec.token,
  );
  expect(r.errors).toBeUndefined();
}

describe('session expiry and rotation', () => {
  const settings = (o: Partial<SessionSettings>): SessionSettings => ({
    idleTimeoutSeconds: 3600,
    maxAgeSeconds: 3600,
    rotateAfterSeconds: 3600,
    rotationGraceSeconds: 120,
    ...o,
  });

  it('idle expiry: unused for the idle time, the session ends; use moves it on (written at most once per interval)', async () => {
    let org!: Org;
    const s = await startTestServer({
      seed: async (db) => (org = await buildOrg(db)),
      config: { sessions: settings({ idleTimeoutSeconds: 6 }) },
    });
    try {
      const { token } = await signIn(s, org.people.member.email);
      const first = await sessionRow(s, token);
      // Used again right away: nothing written (last seen is recent).
      await browser(s, token, VIEWER);
      expect((await sessionRow(s, token)).last_seen_at).toEqual(first.last_seen_at);
      // Used after the touch interval (idle/4): last seen and the idle expiry move on.
      await eventually(async () => (await sessionRow(s, token)).touch_due, 5_000, 'touch interval passed');
      expect((await browser(s, token, VIEWER)).body.data.viewer.id).toBe(org.people.member.id);
      const touched = await sessionRow(s, token);
      expect(touched.idle_expires_at.getTime()).toBeGreaterThan(first.idle_expires_at.getTime());
      // Then left alone: it ends, and the browser is told to forget the cookie.
      await eventually(async () => (await sessionRow(s, token)).idle_over, 15_000, 'idle time passed');
      const r = await browser(s, token, VIEWER);
      expect(code(r)).toBe('UNAUTHENTICATED');
      expect(tokenOf(r.setCookie)).toBe('');
    } finally {
      await s.close();
    }
  });

  it('absolute expiry: however much it is used, the session ends at its maximum age', async () => {
    let org!: Org;
    const s = await startTestServer({
      seed: async (db) => (org = await buildOrg(db)),
      config: { sessions: settings({ maxAgeSeconds: 2 }) },
    });
    try {
      const { token, reply } = await signIn(s, org.people.member.email);
      const row = await sessionRow(s, token);
      expect(row.expires_at.getTime() - Date.now()).toBeLessThanOrEqual(2_000);
      expect(reply.setCookie).toMatch(/Expires=/);
      // Used all along: still ends.
      await eventually(
        async () => {
          const r = await browser(s, token, VIEWER);
          return code(r) === 'UNAUTHENTICATED';
        },
        10_000,
        'maximum age reached',
      );
      expect((await sessionRow(s, token)).max_over).toBe(true);
    } finally {
      await s.close();
    }
  });

  it('rotation: an old cookie session gets a new token once; parallel requests and open sockets keep working; the old token ends after the grace', async () => {
    let org!: Org;
    const s = await startTestServer({
      seed: async (db) => (org = await buildOrg(db)),
      config: { sessions: settings({ rotateAfterSeconds: 1, rotationGraceSeconds: 6 }) },
    });
    try {
      const { token: old } = await signIn(s, org.people.opsHead.email);
      const sub = await liveSubscription({
        wsUrl: s.wsUrl,
        token: null,
        headers: { cookie: `${SESSION_COOKIE}=${old}`, origin: s.url },
        bus: s.server.host.bus,
        query: `subscription { graphChanged { subjectId } }`,
      });
      // Fresh: no rotation.
      expect((await browser(s, old, VIEWER)).setCookie).toBeNull();
      await eventually(
        async () => (await sessionRow(s, old)).rotation_due,
        5_000,
        'rotation interval passed',
      );
      // Bearer use of a session (scripts) is never rotated: they could not receive a new token.
      const script = await send(s, {
        body: JSON.stringify({ query: VIEWER }),
        headers: { authorization: `Bearer ${old}` },
      });
      expect(script.body.data.viewer.id).toBe(org.people.opsHead.id);
      expect(script.setCookie).toBeNull();
      // Five parallel requests with the old cookie: all succeed, exactly one carries the new token.
      const replies = await Promise.all([1, 2, 3, 4, 5].map(() => browser(s, old, VIEWER)));
      expect(replies.every((r) => r.body.data?.viewer.id === org.people.opsHead.id)).toBe(true);
      const fresh = replies.map((r) => tokenOf(r.setCookie)).filter(Boolean);
      expect(fresh).toHaveLength(1);
      const next = fresh[0]!;
      expect(next).not.toBe(old);
      // The browser keeps whatever token the last response set (on a slow machine, the new one may rotate too).
      let latest = next;
      const asBrowser = async () => {
        const r = await browser(s, latest, VIEWER);
        latest = tokenOf(r.setCookie) || latest;
        return r;
      };
      // Both work during the grace.
      expect((await browser(s, old, VIEWER)).body.data.viewer.id).toBe(org.people.opsHead.id);
      expect((await asBrowser()).body.data.viewer.id).toBe(org.people.opsHead.id);
      // The subscription opened with the old cookie still receives after the rotation.
      await touchObjective(s, org, 'After rotation');
      await eventually(() => sub.events.length > 0, 5_000, 'event after rotation');
      expect(sub.errors).toEqual([]);
      // After the grace, the old token is refused; the new one works; the socket still works.
      await eventually(
        async () => code(await browser(s, old, VIEWER)) === 'UNAUTHENTICATED',
        20_000,
        'grace over',
      );
      expect((await asBrowser()).body.data.viewer.id).toBe(org.people.opsHead.id);
      await touchObjective(s, org, 'After the grace');
      await eventually(() => sub.events.length > 1, 5_000, 'event after the grace');
      expect(sub.errors).toEqual([]);
      await sub.close();
    } finally {
      await s.close();
    }
  });
});
