import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { buildOrg } from '../../test/helpers/factories.js';
import { eventually, startTestServer, TestServer } from '../../test/helpers/server.js';
import { isDatabaseUnavailable } from './errors.js';

let t: TestServer;
let org: Awaited<ReturnType<typeof buildOrg>>;
let dbName: string;

/** Runs SQL on the cluster's maintenance database (outside the server's own database). */
async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  t = await startTestServer();
  org = await buildOrg(t.db);
  dbName = new URL(t.databaseUrl).pathname.slice(1);
});
afterAll(async () => {
  await admin(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS true`).catch(() => undefined);
  await t.close();
});

const rename = `mutation($id: ID!, $v: Int!) { updateObjective(input: { id: $id, version: $v, title: "Renamed while down" }) { id } }`;

describe('PostgreSQL unavailable', () => {
  it('a request answers HTTP 503 with Retry-After and SERVICE_UNAVAILABLE, then works again', async () => {
    // Nobody may connect, and every open connection (the server's pool included) is cut.
    await admin(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS false`);
    await admin(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${dbName}' AND pid <> pg_backend_pid()`,
    );

    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${org.people.exec.token}` },
      body: JSON.stringify({ query: rename, variables: { id: org.objectives.opsObjective, v: 1 } }),
    });
    const body = (await res.json()) as { errors?: { message: string; extensions?: { code?: string } }[] };
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(body.errors?.[0]?.message).toMatch(/database is unavailable.*nothing was saved/);

    // Failing inside a resolver (no token, so nothing is read before it) answers the same way.
    const login = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `mutation { login(email: "a@b.test", password: "x") { token } }` }),
    });
    expect(login.status).toBe(503);
    expect(login.headers.get('retry-after')).toBe('5');
    expect(
      ((await login.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code,
    ).toBe('SERVICE_UNAVAILABLE');

    await admin(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS true`);
    const after = await eventually(
      async () => {
        const r = await t.gql(
          `{ objective(id: "${org.objectives.opsObjective}") { title version } }`,
          {},
          org.people.exec.token,
        );
        return r.data?.objective ? r : null;
      },
      10_000,
      'reads work again',
    );
    expect(after.data.objective.title).not.toBe('Renamed while down'); // nothing was saved
  });

  it('recognises connection failures and nothing else', () => {
    expect(
      isDatabaseUnavailable(
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      ),
    ).toBe(true);
    expect(isDatabaseUnavailable({ message: 'query failed', driverError: { code: '57P01' } })).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable({ code: '08006' })).toBe(true);
    expect(
      isDatabaseUnavailable({ code: '23505', message: 'duplicate key value violates unique constraint' }),
    ).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
  });
});
