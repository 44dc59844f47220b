import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, FACTORY_PASSWORD } from '../../test/helpers/factories.js';
import { eventually, GqlResult, startTestServer, TestServer } from '../../test/helpers/server.js';
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

  it('failures on one instance count on the other: ten in all, then RATE_LIMITED on both', async () => {
    const email = org.people.opsHead.email;
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) codes.push(await attempt(a, '127.0.0.2', email, `guess-a${i}`));
    for (let i = 0; i < 5; i++) codes.push(await attempt(b, '127.0.0.2', email, `guess-b${i}`));
    expect(codes).toEqual(Array(10).fill('UNAUTHENTICATED'));
    expect(await attempt(a, '127.0.0.2', email, 'guess-11')).toBe('RATE_LIMITED');
    // The right password does not get through from the guessing address, on either instance…
    const refused = await b.gqlFrom('127.0.0.2', LOGIN, { e: email, p: FACTORY_PASSWORD });
    expect(refused.errors?.[0]).toMatchObject({
      message: 'Too many failed sign-ins. Wait a few minutes and try again.',
      extensions: { code: 'RATE_LIMITED' },
    });
    // …nor any other account from it (the per-address budget).
    expect(await attempt(a, '127.0.0.2', org.people.exec.email, FACTORY_PASSWORD)).toBe('RATE_LIMITED');
    // The owner, from their own address, signs in on either instance.
    expect(await attempt(a, '127.0.0.3', email, FACTORY_PASSWORD)).toBe('SIGNED_IN');
    expect(await attempt(b, '127.0.0.3', email, FACTORY_PASSWORD)).toBe('SIGNED_IN');
  });

  it("someone else's failures from many addresses never stop the right password from a clean one", async () => {
    const email = org.people.member.email;
    for (const address of ['127.0.1.1', '127.0.1.2', '127.0.1.3']) {
      const codes: string[] = [];
      for (let i = 0; i < 11; i++) codes.push(await attempt(i % 2 ? a : b, address, email, `wrong-${i}`));
      expect(codes.at(-1)).toBe('RATE_LIMITED');
    }
    // 30 failures for the account across addresses: the owner still signs in.
    expect(await attempt(b, '127.0.1.9', email, FACTORY_PASSWORD)).toBe('SIGNED_IN');
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

describe('the sign-in throttle settings', () => {
  let s: TestServer;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  beforeAll(async () => {
    s = await startTestServer({
      seed: async (db) => (org = await buildOrg(db)),
      extensions: [],
      config: {
        login: { maxFailuresPerAddress: 50, maxFailuresPerAddressAndAccount: 3, failureWindowSeconds: 2 },
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
    });
    expect(await throttle.attempt('127.0.6.1', 'nobody@example.test')).not.toBeNull();
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
