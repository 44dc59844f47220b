import { scryptSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, FACTORY_PASSWORD } from '../../test/helpers/factories.js';
import { eventually, startTestServer, TestServer } from '../../test/helpers/server.js';
import { liveSubscription } from '../../test/helpers/subscriptions.js';
import { resetLoginRateLimit } from './auth.service.js';
import { scryptParameters } from './passwords.js';

describe('auth, errors and protection', () => {
  let s: TestServer;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  beforeAll(async () => {
    s = await startTestServer({ seed: async (db) => (org = await buildOrg(db)) });
  });
  afterAll(async () => s?.close());

  it('logs in with the right password only; logout ends the session', async () => {
    await resetLoginRateLimit(s.db);
    const wrong = await s.gql(
      `mutation { login(email: "${org.people.opsHead.email}", password: "nope") { token } }`,
    );
    expect(wrong.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const token = await s.login(org.people.opsHead.email, FACTORY_PASSWORD);
    const me = await s.gql(`query { viewer { id name } }`, {}, token);
    expect(me.data.viewer.id).toBe(org.people.opsHead.id);
    expect((await s.gql(`mutation { logout }`, {}, token)).data.logout).toBe(true);
    expect((await s.gql(`query { viewer { id } }`, {}, token)).errors?.[0].extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('passwords are stored as scrypt hashes and never exposed', async () => {
    const [row] = await s.db.query(`SELECT password_hash FROM person WHERE id = $1`, [org.people.exec.id]);
    expect(row.password_hash).toMatch(/^scrypt\$/);
    const r = await s.gql(`query { __type(name: "Person") { fields { name } } }`, {}, org.people.exec.token);
    expect(r.data.__type.fields.map((f: any) => f.name)).not.toContain('passwordHash');
  });

  it('upgrades a hash made with older scrypt settings at the next sign-in', async () => {
    // Cheaper than the suite's own setting (PASSWORD_HASH_COST=10); accounts.int.test.ts checks 2^14 → OWASP's 2^17.
    const salt = Buffer.from('0123456789abcdef');
    const old = [
      'scrypt',
      512,
      8,
      1,
      salt.toString('base64url'),
      scryptSync(FACTORY_PASSWORD, salt, 32, { N: 512, r: 8, p: 1 }).toString('base64url'),
    ].join('$');
    await s.db.query(`UPDATE person SET password_hash = $1 WHERE id = $2`, [old, org.people.member.id]);
    const r = await s.gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, {
      e: org.people.member.email,
      p: FACTORY_PASSWORD,
    });
    expect(r.errors).toBeUndefined();
    const [row] = await s.db.query(`SELECT password_hash FROM person WHERE id = $1`, [org.people.member.id]);
    expect(row.password_hash.split('$').slice(0, 4)).toEqual([
      'scrypt',
      String(scryptParameters().N),
      '8',
      '1',
    ]);
    expect(scryptParameters().N).toBe(1024);
    const again = await s.gql(
      `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`,
      { e: org.people.member.email, p: FACTORY_PASSWORD },
    );
    expect(again.errors).toBeUndefined();
  });

  it('rate-limits login brute force', async () => {
    await resetLoginRateLimit(s.db);
    let last;
    for (let i = 0; i < 11; i++)
      last = await s.gql(
        `mutation { login(email: "${org.people.member.email}", password: "guess${i}") { token } }`,
      );
    expect(last!.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    await resetLoginRateLimit(s.db);
  });

  it('no token → UNAUTHENTICATED; only executives and unit heads create tokens', async () => {
    expect((await s.gql(`query { units { id } }`)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const r = await s.gql(
      `mutation { createApiToken(name: "x", scopes: ["read"]) { secret } }`,
      {},
      org.people.member.token,
    );
    expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const bad = await s.gql(
      `mutation { createApiToken(name: "x", scopes: ["admin"]) { secret } }`,
      {},
      org.people.exec.token,
    );
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'scopes' });
  });

  it('refuses deep, alias-flooded and oversized-page queries, and never leaks stack traces', async () => {
    const deep = `query { units { ${'children { '.repeat(14)}id${' }'.repeat(14)} } }`;
    const d = await s.gql(deep, {}, org.people.exec.token);
    expect(d.errors?.[0].message).toMatch(/nested \d+ levels/);
    const aliases = `query { ${Array.from({ length: 40 }, (_, i) => `a${i}: viewer { id }`).join(' ')} }`;
    expect((await s.gql(aliases, {}, org.people.exec.token)).errors?.[0].message).toMatch(/aliases/);
    const [kpi] = await s.db.query(
      `INSERT INTO kpi (name, unit_of_measure, direction, owner_id, unit_id, version) VALUES ('k', '%', 'HIGHER_IS_BETTER', $1, $2, 1) RETURNING id`,
      [org.people.exec.id, org.units.ops],
    );
    const page = await s.gql(
      `query($id: ID!) { kpi(id: $id) { measurements(first: 501) { edges { cursor } } } }`,
      { id: kpi.id },
      org.people.exec.token,
    );
    expect(page.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const costly = await s.gql(
      `query { kpis { measurements(first: 500) { edges { node { value } } } objectives { kpis { measurements(first: 500) { edges { cursor } } } } } }`,
      {},
      org.people.exec.token,
    );
    expect(costly.errors?.[0].message).toMatch(/too expensive/);
    // The same query with its page sizes in variables costs the same, over HTTP and graphql-ws.
    const costlyByVariable = `query($n: Int!) { kpis { measurements(first: $n) { edges { node { value } } } objectives { kpis { measurements(first: $n) { edges { cursor } } } } } }`;
    const viaHttp = await s.gql(costlyByVariable, { n: 500 }, org.people.exec.token);
    expect(viaHttp.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/too expensive/),
      extensions: { code: 'BAD_USER_INPUT', field: 'query' },
    });
    expect((await s.gql(costlyByVariable, { n: 2 }, org.people.exec.token)).errors).toBeUndefined();
    const viaSocket = await liveSubscription({
      wsUrl: s.wsUrl,
      token: org.people.exec.token,
      query: costlyByVariable,
      variables: { n: 500 },
    });
    await eventually(() => viaSocket.errors.length > 0, 5_000, 'the socket to refuse the costly query');
    expect(JSON.stringify(viaSocket.errors)).toMatch(/too expensive/);
    await viaSocket.close();
    const tooLong = `query { ${Array.from({ length: 3_000 }, () => 'viewer { id }').join(' ')} }`;
    const longViaSocket = await liveSubscription({
      wsUrl: s.wsUrl,
      token: org.people.exec.token,
      query: tooLong,
    });
    await eventually(() => longViaSocket.errors.length > 0, 5_000, 'the socket to refuse the long query');
    expect(JSON.stringify(longViaSocket.errors)).toMatch(/5000 tokens.*GRAPHQL_PARSE_FAILED/);
    await longViaSocket.close();
    const syntax = await s.gql(`query { viewer { `, {}, org.people.exec.token);
    expect(JSON.stringify(syntax)).not.toMatch(/stacktrace|at .*\.js:\d+/);
  });

  it('answers malformed input with clear client errors, never INTERNAL_SERVER_ERROR (found by the fuzz suite)', async () => {
    const t = org.people.exec.token;
    const asOf = await s.gql(
      `query { kpi(asOf: "2026-01-01T00:00:00Z", id: "1") { id } plan(id: "x", asOf: "2026-01-01T00:00:00Z") { id } }`,
      {},
      t,
    );
    expect(asOf).toEqual({ data: { kpi: null, plan: null } });
    // The id of another kind of object reads as nothing, live or as of a date.
    const made = await s.gql(
      `mutation($i: CreateObjectiveInput!) { createObjective(input: $i) { id } }`,
      {
        i: { planId: org.plan, title: 'Has history', ownerId: org.people.exec.id, unitId: org.units.company },
      },
      t,
    );
    const later = new Date(Date.now() + 60_000).toISOString();
    const crossed = await s.gql(
      `query($id: ID!, $t: DateTime) { initiative(id: $id, asOf: $t) { status } kpi(id: $id, asOf: $t) { name } objective(id: $id, asOf: $t) { title updatedAt createdAt } }`,
      { id: made.data.createObjective.id, t: later },
      t,
    );
    expect(crossed.errors).toBeUndefined();
    expect(crossed.data).toMatchObject({ initiative: null, kpi: null, objective: { title: 'Has history' } });
    expect(Date.parse(crossed.data.objective.updatedAt)).toBeGreaterThan(0);
    const list = await s.gql(`query { initiatives(planId: "not-a-uuid") { id } }`, {}, t);
    expect(list.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'planId' });
    const units = await s.gql(`query { objectives(unitId: "nope") { id } }`, {}, t);
    expect(units.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'unitId' });
    const nulLiteral = await s.gql(`mutation { login(email: "a\\u0000b@x.test", password: "x") { token } }`);
    expect(nulLiteral.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const nulVariable = await s.gql(`query($q: String) { people(search: $q) { id } }`, { q: 'a\u0000' }, t);
    expect(nulVariable.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'q' });
    const sub = await fetch(`${s.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t}` },
      body: JSON.stringify({ query: 'subscription { kpiChanged { id } }' }),
    });
    expect(sub.status).toBe(400);
    expect(JSON.stringify(await sub.json())).toMatch(/graphql-ws/);
    const deep = '{"a":'.repeat(10_000) + '"x"' + '}'.repeat(10_000); // JSON text: stringify itself would overflow here
    const deepRes = await fetch(`${s.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t}` },
      body: `{"query":"query($q: String) { people(search: $q) { id } }","variables":{"q":${deep}}}`,
    });
    expect(deepRes.status).toBe(400);
    expect(
      ((await deepRes.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code,
    ).toBe('BAD_USER_INPUT');
    const apq = await fetch(`${s.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: '{ __typename }',
        extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } },
      }),
    });
    expect(JSON.stringify(await apq.json())).not.toMatch(/INTERNAL_SERVER_ERROR/);
  });

  it('healthz reports the database', async () => {
    const r = await fetch(`${s.url}/healthz`);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ status: 'ok', database: 'up' });
  });
});
