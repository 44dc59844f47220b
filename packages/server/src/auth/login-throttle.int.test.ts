import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildOrg, FACTORY_PASSWORD } from '../../test/helpers/factories.js';
import { cookiePair, postGraphQLAs } from '../../test/helpers/http-graphql.js';
import { eventually, GqlResult, startTestServer, TestServer } from '../../test/helpers/server.js';
import { resetLoginRateLimit } from './auth.service.js';
import { DEVICE_COOKIE } from './known-devices.js';
import { LoginThrottle } from './login-throttle.js';

const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`;
/** The answer's error code, or SIGNED_IN. */
const outcome = (r: GqlResult) =>
  r.errors?.[0]?.extensions?.code ?? (r.data?.login?.token ? 'SIGNED_IN' : JSON.stringify(r));

describe('the sign-in throttle is shared by every instance and is not a lockout weapon', () => {
  let a: TestServer;
  let b: TestServer;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  /** Tries to sign in on `server` from the loopback `address`. */
  const attempt = async (server: TestServer, address: string, email: string, password: string) =>
    outcome(await server.gqlFrom(address, LOGIN, { e: email, p: password }));

  beforeAll(async () => {
    a = await startTestServer({ seed: async (db) => (org = await buildOrg(db)), extensions: [] });
    // A second instance on the same database, as behind a load balancer.
    b = await startTestServer({ databaseUrl: a.databaseUrl, extensions: [] });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });
  // Each case starts with no failures (they share the organisation's accounts).
  beforeEach(() => resetLoginRateLimit(a.db));
  /** Signs in with the right password from `address` and returns the device cookie the browser keeps. */
  const deviceOf = async (address: string, email: string) => {
    const r = await postGraphQLAs(a.url, { address }, LOGIN, { e: email, p: FACTORY_PASSWORD });
    expect(outcome(r.body)).toBe('SIGNED_IN');
    return cookiePair(r.setCookies, DEVICE_COOKIE)!;
  };
  /** Like `attempt`, from a browser carrying `cookie`. */
  const attemptWith = async (
    server: TestServer,
    cookie: string,
    address: string,
    email: string,
    password: string,
  ) => outcome((await postGraphQLAs(server.url, { address, cookie }, LOGIN, { e: email, p: password })).body);

  it('failures on one instance count on the other: ten in all, then RATE_LIMITED on both', async () => {
    const email = org.people.opsHead.email;
    // The owner signed in from this browser before (its device cookie).
    const device = await deviceOf('127.0.0.4', email);
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) codes.push(await attempt(a, '127.0.0.2', email, `guess-a${i}`));
    for (let i = 0; i < 5; i++) codes.push(await attempt(b, '127.0.0.2', email, `guess-b${i}`));
    expect(codes).toEqual(Array(10).fill('UNAUTHENTICATED'));
    expect(await attempt(a, '127.0.0.2', email, 'guess-11')).toBe('RATE_LIMITED');
    // The right password does not get through from the guessing address, on either instance…
    const refused = await b.gqlFrom('127.0.0.2', LOGIN, { e: email, p: FACTORY_PASSWORD });
    expect(refused.errors?.[0]).toMatchObject({
      message: 'Too many failed sign-ins. Wait a few minutes and try again.',
      extensions: { code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) },
    });
    expect(refused.errors?.[0].extensions?.retryAfterSeconds).toBeGreaterThan(0);
    // …nor any other account from it (the per-address budget).
    expect(await attempt(a, '127.0.0.2', org.people.exec.email, FACTORY_PASSWORD)).toBe('RATE_LIMITED');
    // The owner, from their own address and a browser they signed in with before, signs in on
    // either instance. (Changed with the per-account budget: ten failures for the account make a
    // device it has not used before wait; see the next describe.)
    expect(await attemptWith(a, device, '127.0.0.3', email, FACTORY_PASSWORD)).toBe('SIGNED_IN');
    expect(await attemptWith(b, device, '127.0.0.3', email, FACTORY_PASSWORD)).toBe('SIGNED_IN');
  });

  it("someone else's failures from many addresses never stop the right password from the owner's device", async () => {
    const email = org.people.member.email;
    const device = await deviceOf('127.0.1.8', email);
    const started = Date.now();
    const codesFrom = async (address: string) => {
      const codes: string[] = [];
      for (let i = 0; i < 11; i++) codes.push(await attempt(i % 2 ? a : b, address, email, `wrong-${i}`));
      return codes;
    };
    // The first address spends its own budget: ten passwords checked, then refused.
    expect(await codesFrom('127.0.1.1')).toEqual([...Array(10).fill('UNAUTHENTICATED'), 'RATE_LIMITED']);
    // The account's tenth failure started its wait (1 s, then 2, 4, … after each attempt let
    // through), so the other addresses get few passwords checked: with E seconds gone since,
    // at most log2(E + 1). Which attempts those are depends on how fast this machine answers,
    // so only the bound is asserted (without the account budget, each address gets ten).
    const more = [...(await codesFrom('127.0.1.2')), ...(await codesFrom('127.0.1.3'))];
    const elapsedSeconds = (Date.now() - started) / 1000;
    expect(more.every((c) => c === 'UNAUTHENTICATED' || c === 'RATE_LIMITED')).toBe(true);
    expect(more.filter((c) => c === 'UNAUTHENTICATED').length).toBeLessThanOrEqual(
      Math.floor(Math.log2(elapsedSeconds + 1)) + 1, // + 1: the database's clock against this one
    );
    // 33 attempts for the account across addresses: the owner's browser still signs in at once,
    // from a clean address (changed: before the per-account budget, any clean address did).
    expect(await attemptWith(b, device, '127.0.1.9', email, FACTORY_PASSWORD)).toBe('SIGNED_IN');
  });

  it('a right password gives its attempt back: many sign-ins from one address (an office) are never refused', async () => {
    const people = [org.people.exec, org.people.opsHead, org.people.member];
    for (let i = 0; i < 15; i++)
      expect(await attempt(i % 2 ? a : b, '127.0.2.1', people[i % 3].email, FACTORY_PASSWORD)).toBe(
        'SIGNED_IN',
      );
    // …and they did not use up the budget for failures.
    const codes: string[] = [];
    for (let i = 0; i < 11; i++)
      codes.push(await attempt(a, '127.0.2.1', org.people.exec.email, `wrong-${i}`));
    expect(codes.indexOf('RATE_LIMITED')).toBe(10);
  });

  it('parallel guesses cannot slip past the budget between a check and a write', async () => {
    const email = org.people.exec.email;
    const codes = await Promise.all(
      Array.from({ length: 25 }, (_, i) => attempt(i % 2 ? a : b, '127.0.3.1', email, `burst-${i}`)),
    );
    // Each attempt takes its point atomically: ten passwords are checked (a read-then-write check lets all 25 through).
    expect(codes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(10);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(15);
  });
});

describe('the per-account budget slows a guess from many addresses, never the owner on their device', () => {
  let s: TestServer;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  beforeAll(async () => {
    s = await startTestServer({
      seed: async (db) => (org = await buildOrg(db)),
      extensions: [],
      config: {
        login: {
          maxFailuresPerAddress: 10,
          maxFailuresPerAddressAndAccount: 10,
          failureWindowSeconds: 900,
          maxFailuresPerAccount: 5,
          accountBackoffMaxSeconds: 3600,
        },
      },
    });
  });
  afterAll(async () => s?.close());
  beforeEach(() => resetLoginRateLimit(s.db));
  /** A different loopback address for each n (127.0.9.1 …). */
  const addressNo = (n: number) => `127.0.${9 + Math.floor(n / 250)}.${(n % 250) + 1}`;
  const tryAs = async (as: { address: string; cookie?: string }, email: string, password: string) =>
    (await postGraphQLAs(s.url, as, LOGIN, { e: email, p: password })).body;
  const signInFor = async (address: string, email: string) => {
    const r = await postGraphQLAs(s.url, { address }, LOGIN, { e: email, p: FACTORY_PASSWORD });
    expect(outcome(r.body)).toBe('SIGNED_IN');
    return r.setCookies;
  };

  it('a right password sets a long-lived HttpOnly device cookie; the same browser keeps its device', async () => {
    const set = await signInFor('127.0.8.1', org.people.member.email);
    const raw = set.find((c) => c.startsWith(`${DEVICE_COOKIE}=`))!;
    expect(raw).toMatch(/; HttpOnly/);
    expect(raw).toMatch(/; SameSite=Lax/);
    expect(raw).toMatch(/; Path=\//);
    expect(raw).not.toMatch(/; Secure/); // plain HTTP here; Secure over HTTPS, as the session cookie
    const expires = new Date(/Expires=([^;]+)/.exec(raw)![1]).getTime();
    expect(expires - Date.now()).toBeGreaterThan(150 * 24 * 3600 * 1000);
    const cookie = cookiePair(set, DEVICE_COOKIE)!;
    const again = await postGraphQLAs(s.url, { address: '127.0.8.2', cookie }, LOGIN, {
      e: org.people.member.email,
      p: FACTORY_PASSWORD,
    });
    expect(cookiePair(again.setCookies, DEVICE_COOKIE)).toBe(cookie);
    // Stored only hashed.
    const rows = await s.db.query(`SELECT token_hash FROM known_device WHERE person_id = $1`, [
      org.people.member.id,
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).not.toContain(cookie.split('=')[1]);
    // A failed password sets no cookie.
    const failed = await postGraphQLAs(s.url, { address: '127.0.8.3' }, LOGIN, {
      e: org.people.member.email,
      p: 'wrong',
    });
    expect(failed.setCookies.filter((c) => c.startsWith(DEVICE_COOKIE))).toEqual([]);
  });

  it('distributed failures slow the account for new devices, with exponential waits; the owner signs in at once on their device', async () => {
    const email = org.people.opsHead.email;
    const device = cookiePair(await signInFor('127.0.8.10', email), DEVICE_COOKIE)!;
    const otherDevice = cookiePair(await signInFor('127.0.8.11', org.people.exec.email), DEVICE_COOKIE)!;
    await resetLoginRateLimit(s.db);
    // Five failures from five addresses: no address comes near its own budget.
    for (let i = 0; i < 5; i++)
      expect(outcome(await tryAs({ address: addressNo(i) }, email, `guess-${i}`))).toBe('UNAUTHENTICATED');
    // From now on an attempt from a new device waits 1, 2, 4, … seconds after the last one let
    // through; the attacker keeps trying from fresh addresses until the wait is at least 4 s.
    let n = 5;
    const codes = new Set<string>();
    const waiting = await eventually(
      async () => {
        const r = await tryAs({ address: addressNo(n++) }, email, `guess-${n}`);
        codes.add(outcome(r));
        const wait = r.errors?.[0]?.extensions?.retryAfterSeconds as number | undefined;
        return wait !== undefined && wait >= 4 ? r : null;
      },
      30_000,
      'a wait of 4 seconds',
    );
    expect([...codes].sort()).toEqual(['RATE_LIMITED', 'UNAUTHENTICATED']);
    expect(waiting.errors?.[0].message).toMatch(
      /^Too many failed sign-ins for this account from new devices\. Try again in \d+ seconds, or sign in from a device you have signed in from before\.$/,
    );
    // Only a few guesses got their password checked, whatever the number of addresses.
    // (5 free, then one after 1 s and one after 2 s; 8 if this machine was slow enough to reach the 4 s one.)
    const [{ failures }] = await s.db.query(`SELECT failures FROM login_account_backoff`);
    expect(failures).toBeGreaterThanOrEqual(7);
    expect(failures).toBeLessThanOrEqual(8);
    expect(n).toBeGreaterThan(failures);
    // The owner on a new device waits too (RATE_LIMITED with the seconds to wait)…
    const newDevice = await tryAs({ address: '127.0.20.1' }, email, FACTORY_PASSWORD);
    expect(newDevice.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(newDevice.errors?.[0].extensions?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    // …as does a browser known for another account…
    expect(
      outcome(await tryAs({ address: '127.0.20.2', cookie: otherDevice }, email, FACTORY_PASSWORD)),
    ).toBe('RATE_LIMITED');
    // …but the browser they signed in with before gets in at once.
    expect(outcome(await tryAs({ address: '127.0.20.3', cookie: device }, email, FACTORY_PASSWORD))).toBe(
      'SIGNED_IN',
    );
  });

  it('parallel guesses from many addresses cannot slip past the account budget (an unknown address is treated alike)', async () => {
    const codes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        tryAs({ address: addressNo(400 + i) }, 'nobody-here@example.test', `burst-${i}`).then(outcome),
      ),
    );
    expect(codes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(5);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(15);
  });

  it('a device cookie still spends the per-address budgets', async () => {
    const email = org.people.member.email;
    const device = cookiePair(await signInFor('127.0.21.1', email), DEVICE_COOKIE)!;
    const codes: string[] = [];
    for (let i = 0; i < 11; i++)
      codes.push(outcome(await tryAs({ address: '127.0.21.2', cookie: device }, email, `x${i}`)));
    expect(codes.indexOf('RATE_LIMITED')).toBe(10);
  });
});

describe('the sign-in throttle settings', () => {
  let s: TestServer;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  beforeAll(async () => {
    s = await startTestServer({
      seed: async (db) => (org = await buildOrg(db)),
      extensions: [],
      config: {
        login: {
          maxFailuresPerAddress: 50,
          maxFailuresPerAddressAndAccount: 3,
          failureWindowSeconds: 2,
          // The per-account budget out of the way: these cases are about the per-address ones.
          maxFailuresPerAccount: 1000,
          accountBackoffMaxSeconds: 1,
        },
      },
    });
  });
  afterAll(async () => s?.close());
  const attempt = async (address: string, email: string, password: string) =>
    outcome(await s.gqlFrom(address, LOGIN, { e: email, p: password }));

  it('limits one account from one address below the address as a whole', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 4; i++)
      codes.push(await attempt('127.0.4.1', org.people.opsHead.email, `wrong-${i}`));
    expect(codes).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'RATE_LIMITED']);
    expect(await attempt('127.0.4.1', org.people.member.email, 'wrong')).toBe('UNAUTHENTICATED');
    expect(await attempt('127.0.4.1', org.people.member.email, FACTORY_PASSWORD)).toBe('SIGNED_IN');
  });

  it('forgets failures when the window has passed', async () => {
    const email = org.people.exec.email;
    // Fail until refused (a loaded machine may be slow enough for a window to pass meanwhile: then fail on).
    let i = 0;
    await eventually(
      async () => (await attempt('127.0.5.1', email, `wrong-${i++}`)) === 'RATE_LIMITED',
      10_000,
      'RATE_LIMITED',
    );
    // The right password is refused at first; refused attempts do not stretch the window, which
    // ends 2 s after its first failure: then it signs in.
    const seen = new Set<string>();
    await eventually(
      async () => seen.add(await attempt('127.0.5.1', email, FACTORY_PASSWORD)).has('SIGNED_IN'),
      10_000,
      'the window to pass',
    );
    expect([...seen]).toEqual(['RATE_LIMITED', 'SIGNED_IN']);
  });

  it('sweeps ended windows and keeps running ones', async () => {
    const throttle = new LoginThrottle(s.db, {
      maxFailuresPerAddress: 10,
      maxFailuresPerAddressAndAccount: 10,
      failureWindowSeconds: 60,
      maxFailuresPerAccount: 10,
      accountBackoffMaxSeconds: 60,
    });
    expect((await throttle.attempt('127.0.6.1', 'nobody@example.test')).refusal).toBeNull();
    await s.db.query(`INSERT INTO login_throttle (key, points, expire) VALUES ('addr:127.0.6.2', 4, $1)`, [
      Date.now() - 1,
    ]);
    await throttle.sweep();
    const keys = (await s.db.query(`SELECT key FROM login_throttle WHERE key LIKE '%127.0.6.%'`))
      .map((r: { key: string }) => r.key)
      .sort();
    expect(keys).toEqual([expect.stringMatching(/^addr\+acct:127\.0\.6\.1\|/), 'addr:127.0.6.1']);
  });
});
