import { ErrorCode } from '@throughline/shared';
import { buildSchema, getIntrospectionQuery } from 'graphql';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg } from '../../test/helpers/factories.js';
import { startTestServer, TestServer } from '../../test/helpers/server.js';
import { hashToken, newToken, PARTNER_TOKEN_PREFIX } from '../auth/tokens.js';

let t: TestServer;
let org: Awaited<ReturnType<typeof buildOrg>>;
let partnerToken: string;

beforeAll(async () => {
  t = await startTestServer({ seed: async (db) => (org = await buildOrg(db)) });
  partnerToken = newToken(PARTNER_TOKEN_PREFIX);
  await t.db.query(
    `INSERT INTO api_token (name, owner_id, token_hash, scopes) VALUES ('tooling', $1, $2, $3)`,
    [org.people.exec.id, hashToken(partnerToken), ['read']],
  );
});
afterAll(async () => {
  await t?.close();
});

const post = (query: string, token?: string) =>
  fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });

describe('introspection', () => {
  it('refuses anonymous callers with UNAUTHENTICATED, for __schema and __type alike, even inside a fragment', async () => {
    for (const query of [
      getIntrospectionQuery(),
      `{ __type(name: "Person") { fields { name } } }`,
      `query { ...F } fragment F on Query { __schema { queryType { name } } }`,
    ]) {
      const res = await post(query);
      const body = (await res.json()) as {
        data?: unknown;
        errors?: { message: string; extensions?: { code?: string } }[];
      };
      expect(res.status).toBe(401);
      expect(body.data).toBeUndefined();
      expect(body.errors?.map((e) => e.extensions?.code)).toEqual([ErrorCode.UNAUTHENTICATED]);
      expect(body.errors?.[0].message).toMatch(/\/schema\.graphql/);
    }
  });

  it('still answers __typename to anonymous callers (it reveals no schema)', async () => {
    const res = await post(`{ __typename }`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('answers signed-in callers: a session and a partner token', async () => {
    for (const token of [org.people.exec.token, partnerToken]) {
      const r = await t.gql(getIntrospectionQuery(), {}, token);
      expect(r.errors).toBeUndefined();
      expect(r.data.__schema.queryType.name).toBe('Query');
      expect(r.data.__schema.types.some((x: { name: string }) => x.name === 'Kpi')).toBe(true);
    }
  });
});

describe('GET /schema.graphql', () => {
  it('serves the committed SDL to anyone, without signing in', async () => {
    const res = await fetch(`${t.url}/schema.graphql`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const sdl = await res.text();
    expect(sdl).toBe(readFileSync(join(import.meta.dirname, '..', '..', 'schema.graphql'), 'utf8'));
    expect(buildSchema(sdl).getQueryType()?.getFields().kpis).toBeDefined();
  });
});
