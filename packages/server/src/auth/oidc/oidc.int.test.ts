import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompanySignInRefusal } from '@throughline/shared';
import { buildOrg, buildPerson } from '../../../test/helpers/factories.js';
import {
  jwtClaims,
  signJwt,
  startTestIdentityProvider,
  TestBrowser,
  type TestIdentityProvider,
} from '../../../test/helpers/oidc-provider.js';
import { eventually, freePort, startTestServer, type TestServer } from '../../../test/helpers/server.js';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESSION_COOKIE } from '../session-cookie.js';
import { PENDING_COOKIE } from './oidc-pending.js';

/**
 * Company sign-in against a real OpenID provider (`oidc-provider`) started here, driven like a
 * browser by hand: Throughline's start → the provider's login and consent → the callback.
 */
describe('company sign-in (OpenID Connect)', () => {
  const clientId = 'throughline';
  const clientSecret = 'client-secret-for-tests';
  let idp: TestIdentityProvider;
  let t: TestServer;
  let appHost: string;
  let redirectUri: string;
  const people: Record<string, string> = {};

  beforeAll(async () => {
    const port = await freePort();
    appHost = `127.0.0.1:${port}`;
    redirectUri = `http://${appHost}/auth/oidc/callback`;
    idp = await startTestIdentityProvider({
      clientId,
      clientSecret,
      redirectUri,
      accounts: {
        vera: { email: 'vera.verified@example.test', emailVerified: true },
        uma: { email: 'uma.unverified@example.test', emailVerified: false },
        nobody: { email: 'nobody@example.test', emailVerified: true },
        arne: { email: 'arne.archived@example.test', emailVerified: true },
      },
    });
    t = await startTestServer({
      port,
      config: {
        publicUrl: `http://${appHost}`,
        oidc: { issuer: idp.issuer, clientId, clientSecret, name: 'Halden SSO', redirectUri },
      },
      seed: async (db) => {
        const org = await buildOrg(db);
        // Stored with capitals: the match ignores case.
        people.vera = (
          await buildPerson(db, { unitId: org.units.ops, email: 'Vera.Verified@Example.test' })
        ).id;
        people.uma = (
          await buildPerson(db, { unitId: org.units.ops, email: 'uma.unverified@example.test' })
        ).id;
        people.arne = (
          await buildPerson(db, { unitId: org.units.ops, email: 'arne.archived@example.test' })
        ).id;
        await db.query(`UPDATE person SET archived_at = now() WHERE id = $1`, [people.arne]);
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await idp?.close();
  });

  const sessionsOf = async (personId: string) =>
    Number((await t.db.query(`SELECT count(*) AS n FROM session WHERE person_id = $1`, [personId]))[0].n);
  const allSessions = async () => Number((await t.db.query(`SELECT count(*) AS n FROM session`))[0].n);

  /** Signs in at the provider as `accountId`; the callback URL and the browser, callback not yet opened. */
  async function throughProvider(accountId: string, opts: { cancel?: boolean } = {}) {
    const browser = new TestBrowser();
    const callback = await browser.signInAtProvider(`${t.url}/auth/oidc/start`, redirectUri, accountId, opts);
    return { browser, callback };
  }

  /** Opens a callback URL; where it sends the browser. */
  async function openCallback(browser: TestBrowser, callback: string) {
    const res = await browser.request(callback);
    expect(res.status).toBe(302);
    return res.headers.get('location');
  }

  const refused = (reason: CompanySignInRefusal) => `/login?companySignIn=${reason}`;

  it('tells the login page it is on, and under which name (public)', async () => {
    const r = await t.gql(`{ signInMethods { password companySignIn { name startPath } } }`, {}, null);
    expect(r.errors).toBeUndefined();
    expect(r.data.signInMethods).toEqual({
      password: true,
      companySignIn: { name: 'Halden SSO', startPath: '/auth/oidc/start' },
    });
  });

  it('start sends the browser to the provider with PKCE, state and nonce, kept in a sealed HttpOnly cookie', async () => {
    const browser = new TestBrowser();
    const res = await browser.request(`${t.url}/auth/oidc/start`);
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get('location')!);
    expect(to.origin).toBe(idp.issuer);
    expect(Object.fromEntries(to.searchParams)).toMatchObject({
      client_id: clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'openid email',
      code_challenge_method: 'S256',
    });
    for (const p of ['state', 'nonce', 'code_challenge']) expect(to.searchParams.get(p)).toMatch(/^.{32,}$/);
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith(`${PENDING_COOKIE}=`))!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Path=\/auth\/oidc/);
    expect(setCookie).toMatch(/Max-Age=600/);
    // Sealed: neither the state nor the verifier can be read from it.
    const value = browser.cookie(appHost, PENDING_COOKIE)!;
    expect(decodeURIComponent(value)).not.toContain(to.searchParams.get('state'));
  });

  it('signs a person in by verified email: a session cookie whose token works, then the app', async () => {
    const before = await sessionsOf(people.vera);
    const { browser, callback } = await throughProvider('vera');
    expect(await openCallback(browser, callback)).toBe('/');
    const token = browser.cookie(appHost, SESSION_COOKIE);
    expect(token).toMatch(/^tls_/);
    expect(browser.cookie(appHost, PENDING_COOKIE)).toBeUndefined();
    expect(await sessionsOf(people.vera)).toBe(before + 1);
    const me = await t.gql(`{ viewer { id email } }`, {}, token);
    expect(me.errors).toBeUndefined();
    expect(me.data.viewer.id).toBe(people.vera);
    // The security log has it: who, through which provider account.
    const [logged] = await t.db.query(
      `SELECT actor_id, email, detail FROM security_event WHERE kind = 'COMPANY_SIGN_IN' AND person_id = $1`,
      [people.vera],
    );
    expect(logged).toMatchObject({ actor_id: people.vera, email: 'vera.verified@example.test' });
    expect(logged.detail.subject).toBeTruthy();
  });

  it.each([
    ['an unverified email', 'uma', CompanySignInRefusal.UNVERIFIED_EMAIL],
    ['an email no person has', 'nobody', CompanySignInRefusal.NO_ACCOUNT],
    ['an archived person', 'arne', CompanySignInRefusal.ARCHIVED],
  ])('refuses %s: no session', async (_what, account, reason) => {
    const before = await allSessions();
    const { browser, callback } = await throughProvider(account);
    expect(await openCallback(browser, callback)).toBe(refused(reason));
    expect(browser.cookie(appHost, SESSION_COOKIE)).toBeUndefined();
    expect(browser.cookie(appHost, PENDING_COOKIE)).toBeUndefined();
    expect(await allSessions()).toBe(before);
    // Each refusal is in the security log with its reason (written beside the redirect).
    await eventually(
      async () => {
        const rows = await t.db.query(
          `SELECT 1 FROM security_event WHERE kind = 'COMPANY_SIGN_IN_REFUSED' AND detail->>'reason' = $1`,
          [reason],
        );
        return rows.length > 0;
      },
      5_000,
      `a COMPANY_SIGN_IN_REFUSED entry with reason ${reason}`,
    );
  });

  it('refuses a tampered or missing state, and a callback in a browser that did not start the sign-in', async () => {
    const before = await allSessions();
    const tampered = await throughProvider('vera');
    const u = new URL(tampered.callback);
    u.searchParams.set('state', `${u.searchParams.get('state')}x`);
    expect(await openCallback(tampered.browser, u.href)).toBe(refused(CompanySignInRefusal.STATE));

    const missing = await throughProvider('vera');
    const m = new URL(missing.callback);
    m.searchParams.delete('state');
    expect(await openCallback(missing.browser, m.href)).toBe(refused(CompanySignInRefusal.STATE));

    // Someone else's code as a link (login CSRF): the victim's browser has its own sign-in, or none.
    const attacker = await throughProvider('vera');
    const victim = new TestBrowser();
    await victim.request(`${t.url}/auth/oidc/start`);
    expect(await openCallback(victim, attacker.callback)).toBe(refused(CompanySignInRefusal.STATE));
    expect(await openCallback(new TestBrowser(), attacker.callback)).toBe(
      refused(CompanySignInRefusal.EXPIRED),
    );

    // A pending cookie changed by the browser does not open.
    const forged = await throughProvider('vera');
    const sealed = decodeURIComponent(forged.browser.cookie(appHost, PENDING_COOKIE)!);
    const flipped = sealed.slice(0, -3) + (sealed.at(-3) === 'A' ? 'B' : 'A') + sealed.slice(-2);
    forged.browser.setCookie(appHost, PENDING_COOKIE, encodeURIComponent(flipped), '/auth/oidc');
    expect(await openCallback(forged.browser, forged.callback)).toBe(refused(CompanySignInRefusal.EXPIRED));

    expect(await allSessions()).toBe(before);
  });

  it('refuses a replayed callback, even with a copy of the pending cookie', async () => {
    const { browser, callback } = await throughProvider('vera');
    const pendingCopy = browser.cookie(appHost, PENDING_COOKIE)!;
    expect(await openCallback(browser, callback)).toBe('/');
    const after = await sessionsOf(people.vera);
    // The same browser again: its sign-in is over.
    expect(await openCallback(browser, callback)).toBe(refused(CompanySignInRefusal.EXPIRED));
    // Someone who copied the URL and the cookie: the provider refuses the used code.
    const thief = new TestBrowser();
    thief.setCookie(appHost, PENDING_COOKIE, pendingCopy, '/auth/oidc');
    expect(await openCallback(thief, callback)).toBe(refused(CompanySignInRefusal.PROVIDER));
    expect(thief.cookie(appHost, SESSION_COOKIE)).toBeUndefined();
    expect(await sessionsOf(people.vera)).toBe(after);
  });

  it('says so when the person cancels at the provider', async () => {
    const { browser, callback } = await throughProvider('vera', { cancel: true });
    expect(new URL(callback).searchParams.get('error')).toBe('access_denied');
    expect(await openCallback(browser, callback)).toBe(refused(CompanySignInRefusal.CANCELLED));
  });

  describe('an ID token that fails a check starts no session', () => {
    const otherKey = {
      privateKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
      kid: 'test-signing-key',
    };
    const forge =
      (change: (claims: Record<string, unknown>) => Record<string, unknown>, key?: typeof otherKey) =>
      (body: Record<string, unknown>) => ({
        ...body,
        id_token: signJwt(change(jwtClaims(body.id_token as string)), key ?? idp.signingKey),
      });
    afterAll(() => {
      idp.tamperTokenResponse = null;
    });

    it('a token re-signed with the provider key and unchanged claims passes (the forging itself is sound)', async () => {
      idp.tamperTokenResponse = forge((c) => c);
      const { browser, callback } = await throughProvider('vera');
      expect(await openCallback(browser, callback)).toBe('/');
    });

    it.each<[string, (c: Record<string, unknown>) => Record<string, unknown>, boolean?]>([
      ['another issuer', (c) => ({ ...c, iss: 'https://evil.example' })],
      ['another audience', (c) => ({ ...c, aud: 'another-app' })],
      ['another nonce', (c) => ({ ...c, nonce: 'not-the-one-we-sent' })],
      ['expired', (c) => ({ ...c, iat: Number(c.iat) - 7200, exp: Number(c.iat) - 3600 })],
      ['signed with another key', (c) => c, true],
    ])('%s', async (_what, change, foreignKey) => {
      idp.tamperTokenResponse = forge(change, foreignKey ? otherKey : undefined);
      const before = await sessionsOf(people.vera);
      const { browser, callback } = await throughProvider('vera');
      expect(await openCallback(browser, callback)).toBe(refused(CompanySignInRefusal.TOKEN));
      expect(browser.cookie(appHost, SESSION_COOKIE)).toBeUndefined();
      expect(await sessionsOf(people.vera)).toBe(before);
    });
  });
});

describe('company sign-in, not configured', () => {
  let t: TestServer;
  beforeAll(async () => {
    // With a web build, so the app's fallback to index.html is there too.
    const webDist = mkdtempSync(join(tmpdir(), 'tl-web-'));
    writeFileSync(join(webDist, 'index.html'), '<!doctype html><title>Throughline</title>');
    t = await startTestServer({ config: { oidc: null, webDist } });
  });
  afterAll(() => t?.close());

  it('is not offered, and its start says it is unavailable', async () => {
    const r = await t.gql(`{ signInMethods { password companySignIn { name } } }`, {}, null);
    expect(r.data.signInMethods).toEqual({ password: true, companySignIn: null });
    for (const path of ['/auth/oidc/start', '/auth/oidc/callback?code=x&state=y']) {
      const res = await fetch(`${t.url}${path}`, { redirect: 'manual' });
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('/login?companySignIn=unavailable');
    }
  });

  it("the web app's fallback leaves /auth/ to the server", async () => {
    expect((await fetch(`${t.url}/login?companySignIn=unavailable`)).headers.get('content-type')).toMatch(
      /text\/html/,
    );
    expect((await fetch(`${t.url}/auth/no-such-route`)).status).toBe(404);
  });
});
