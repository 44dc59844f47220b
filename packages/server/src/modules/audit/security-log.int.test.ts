import { SecurityEventKind } from '@throughline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, FACTORY_PASSWORD } from '../../../test/helpers/factories.js';
import { postGraphQLAs } from '../../../test/helpers/http-graphql.js';
import { startTestServer, TestServer } from '../../../test/helpers/server.js';
import { resetLoginRateLimit } from '../../auth/auth.service.js';
import { recordSecurityEvent } from './security-log.js';

const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`;
const EVENTS = `query($filter: SecurityEventFilter, $first: Int, $after: String) {
  securityEvents(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id kind at email ip userAgent detail actorTokenId actor { id name } person { id name } } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const UA = 'Mozilla/5.0 (audit test) Chrome/140';

type EventNode = {
  id: string;
  kind: SecurityEventKind;
  at: string;
  email: string | null;
  ip: string | null;
  userAgent: string | null;
  detail: Record<string, unknown>;
  actorTokenId: string | null;
  actor: { id: string; name: string } | null;
  person: { id: string; name: string } | null;
};

describe('the security audit log', () => {
  let s: TestServer;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  beforeAll(async () => {
    s = await startTestServer({ seed: async (db) => (org = await buildOrg(db)), extensions: [] });
  });
  afterAll(async () => s?.close());

  /** The log as the executive reads it (newest first). */
  const events = async (filter: Record<string, unknown> = {}, first = 200): Promise<EventNode[]> => {
    const r = await s.gql(EVENTS, { filter, first }, org.people.exec.token);
    expect(r.errors).toBeUndefined();
    return r.data.securityEvents.edges.map((e: { node: EventNode }) => e.node);
  };

  it('is append-only: UPDATE, DELETE and TRUNCATE are refused by the database itself', async () => {
    await recordSecurityEvent(s.db, { kind: SecurityEventKind.SIGN_IN_FAILED, email: 'x@example.test' });
    const refused = /the security log is append-only: (UPDATE|DELETE|TRUNCATE) on security_event is refused/;
    await expect(s.db.query(`UPDATE security_event SET email = 'y@example.test'`)).rejects.toThrow(refused);
    await expect(s.db.query(`DELETE FROM security_event`)).rejects.toThrow(refused);
    await expect(s.db.query(`TRUNCATE security_event`)).rejects.toThrow(refused);
    const [{ n }] = await s.db.query(
      `SELECT count(*)::int AS n FROM security_event WHERE email = 'x@example.test'`,
    );
    expect(n).toBe(1);
  });

  it("writes inside the caller's transaction: rolled back with it", async () => {
    await s.db
      .transaction(async (m) => {
        await recordSecurityEvent(m, { kind: SecurityEventKind.ROLE_CHANGED, email: 'rolled@example.test' });
        throw new Error('the change failed');
      })
      .catch(() => undefined);
    const rows = await s.db.query(`SELECT 1 FROM security_event WHERE email = 'rolled@example.test'`);
    expect(rows).toEqual([]);
  });

  it('records sign-ins, failures (the email typed, never the password), throttling and sign-out with address and user agent', async () => {
    await resetLoginRateLimit(s.db);
    const email = org.people.salesHead.email;
    const as = { address: '127.0.30.1', userAgent: UA };
    const secretGuess = 'hunter2-not-the-password';
    await postGraphQLAs(s.url, as, LOGIN, { e: email.toUpperCase(), p: secretGuess });
    await postGraphQLAs(s.url, as, LOGIN, { e: 'nobody@example.test', p: secretGuess });
    const ok = await postGraphQLAs(s.url, as, LOGIN, { e: email, p: FACTORY_PASSWORD });
    const token = ok.body.data.login.token as string;
    await postGraphQLAs(s.url, { ...as, token }, `mutation { logout }`);
    for (let i = 0; i < 11; i++)
      await postGraphQLAs(s.url, { address: '127.0.30.2' }, LOGIN, { e: 'target@example.test', p: `g${i}` });

    const mine = await events({ personId: org.people.salesHead.id });
    expect(mine.map((e) => e.kind)).toEqual([
      SecurityEventKind.SIGN_OUT,
      SecurityEventKind.SIGN_IN,
      SecurityEventKind.SIGN_IN_FAILED,
    ]);
    const [out, signIn, failed] = mine;
    expect(failed).toMatchObject({
      email: email.toUpperCase(),
      ip: '127.0.30.1',
      userAgent: UA,
      actor: null,
      person: { id: org.people.salesHead.id, name: 'Sam Sales' },
    });
    expect(signIn).toMatchObject({
      ip: '127.0.30.1',
      userAgent: UA,
      actor: { id: org.people.salesHead.id },
      person: { id: org.people.salesHead.id },
      detail: { method: 'password', device: 'new' },
    });
    expect(out).toMatchObject({ actor: { id: org.people.salesHead.id }, ip: '127.0.30.1', userAgent: UA });
    // An unknown address is logged by what was typed, with no person.
    const [unknown] = await events({ search: 'nobody@example' });
    expect(unknown).toMatchObject({ kind: 'SIGN_IN_FAILED', email: 'nobody@example.test', person: null });
    // The first refusal of a run is logged once, with the budget and the wait.
    const throttled = await events({ kinds: ['SIGN_IN_THROTTLED'], search: 'target@' });
    expect(throttled).toHaveLength(1);
    expect(throttled[0].detail).toMatchObject({ budget: 'address', retryAfterSeconds: expect.any(Number) });
    // The password typed is stored nowhere in the log.
    const [{ n }] = await s.db.query(
      `SELECT count(*)::int AS n FROM security_event e WHERE e::text LIKE '%hunter2%'`,
    );
    expect(n).toBe(0);
  });

  it('records partner tokens created and revoked, and joiners, role and unit changes and leavers, in the same transaction', async () => {
    const exec = org.people.exec;
    const created = await s.gql(
      `mutation { createApiToken(name: "ERP feed", scopes: ["read"]) { token { id } } }`,
      {},
      exec.token,
    );
    const tokenId = created.data.createApiToken.token.id;
    await s.gql(`mutation($id: ID!) { revokeApiToken(id: $id) { id } }`, { id: tokenId }, exec.token);
    const p = await s.gql(
      `mutation($u: ID!) { createPerson(input: { name: "Nina New", email: "nina@example.test", unitId: $u }) { id version } }`,
      { u: org.units.sales },
      exec.token,
    );
    const nina = p.data.createPerson;
    const moved = await s.gql(
      `mutation($id: ID!, $v: Int!, $u: ID!) { updatePerson(input: { id: $id, version: $v, role: EXECUTIVE, unitId: $u }) { version } }`,
      { id: nina.id, v: nina.version, u: org.units.ops },
      exec.token,
    );
    // A change that touches neither role nor unit is not a security event.
    const renamed = await s.gql(
      `mutation($id: ID!, $v: Int!) { updatePerson(input: { id: $id, version: $v, name: "Nina Newer" }) { version } }`,
      { id: nina.id, v: moved.data.updatePerson.version },
      exec.token,
    );
    await s.gql(
      `mutation($id: ID!, $v: Int!) { archivePerson(id: $id, version: $v, reason: "Left") { id } }`,
      { id: nina.id, v: renamed.data.updatePerson.version },
      exec.token,
    );
    const ninas = await events({ personId: nina.id });
    expect(ninas.map((e) => e.kind)).toEqual([
      'PERSON_ARCHIVED',
      'UNIT_CHANGED',
      'ROLE_CHANGED',
      'PERSON_CREATED',
    ]);
    for (const e of ninas) expect(e.actor).toMatchObject({ id: exec.id });
    const byKind = Object.fromEntries(ninas.map((e) => [e.kind, e.detail]));
    expect(byKind.ROLE_CHANGED).toEqual({ from: 'MEMBER', to: 'EXECUTIVE' });
    expect(byKind.UNIT_CHANGED).toEqual({
      from: { id: org.units.sales, name: 'Sales' },
      to: { id: org.units.ops, name: 'Operations' },
    });
    expect(byKind.PERSON_ARCHIVED).toEqual({ reason: 'Left' });
    const tokens = await events({ kinds: ['TOKEN_CREATED', 'TOKEN_REVOKED'] });
    expect(tokens.map((e) => [e.kind, e.detail.tokenId, e.actor?.id, e.person?.id])).toEqual([
      ['TOKEN_REVOKED', tokenId, exec.id, exec.id],
      ['TOKEN_CREATED', tokenId, exec.id, exec.id],
    ]);
    expect(tokens[1].detail).toMatchObject({ name: 'ERP feed', scopes: ['read'] });
    // A refused change leaves no entry (the event rolls back with it).
    const before = (await events()).length;
    const refused = await s.gql(
      `mutation($u: ID!) { createPerson(input: { name: "Dup", email: "nina@example.test", unitId: $u }) { id } }`,
      { u: org.units.sales },
      exec.token,
    );
    expect(refused.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await events()).length).toBe(before);
  });

  it('records a partner token as the actor (acting for its owner)', async () => {
    const created = await s.gql(
      `mutation { createApiToken(name: "Feed", scopes: ["read"]) { token { id } } }`,
      {},
      org.people.exec.token,
    );
    const tokenId = created.data.createApiToken.token.id;
    await recordSecurityEvent(s.db, { kind: SecurityEventKind.TOKEN_REVOKED, actorId: tokenId });
    const [e] = await events({ kinds: ['TOKEN_REVOKED'] }, 1);
    expect(e).toMatchObject({ actorTokenId: tokenId, actor: { id: org.people.exec.id } });
  });

  type EventPage = {
    edges: { node: EventNode }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };

  it('filters by kind, person, time and text, newest first, a page at a time', async () => {
    const all = await events();
    expect(all.length).toBeGreaterThan(8);
    const times = all.map((e) => Date.parse(e.at));
    expect([...times].sort((x, y) => y - x)).toEqual(times);
    // Pages follow each other without gaps or repeats.
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const r = await s.gql<{ securityEvents: EventPage }>(
        EVENTS,
        { first: 3, after },
        org.people.exec.token,
      );
      const page: EventPage = r.data!.securityEvents;
      seen.push(...page.edges.map((e: { node: EventNode }) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.map((e) => e.id));
    const failed = await events({ kinds: ['SIGN_IN_FAILED'] });
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((e) => e.kind === 'SIGN_IN_FAILED')).toBe(true);
    // Time: from is inclusive, to exclusive.
    const pivot = all[Math.floor(all.length / 2)];
    const from = await events({ from: pivot.at });
    expect(from.every((e) => Date.parse(e.at) >= Date.parse(pivot.at))).toBe(true);
    expect(from.map((e) => e.id)).toContain(pivot.id);
    const to = await events({ to: pivot.at });
    expect(to.every((e) => Date.parse(e.at) < Date.parse(pivot.at))).toBe(true);
    expect(from.length + to.length).toBe(all.length);
    // Text: a person's name, a user agent, an address.
    expect((await events({ search: 'sam sales' })).map((e) => e.person?.name)).toContain('Sam Sales');
    expect((await events({ search: 'audit test' })).every((e) => e.userAgent === UA)).toBe(true);
    expect((await events({ search: '127.0.30.2' })).length).toBeGreaterThan(0);
    // Bad input names its field.
    const bad = await s.gql(EVENTS, { filter: { personId: 'nope' } }, org.people.exec.token);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.personId' });
    const tooMany = await s.gql(EVENTS, { first: 201 }, org.people.exec.token);
    expect(tooMany.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('only executives in their own session may read it', async () => {
    for (const p of [org.people.opsHead, org.people.member, org.people.salesHead, org.people.insider]) {
      const r = await s.gql(EVENTS, {}, p.token);
      expect(r.errors?.[0]).toMatchObject({
        message: 'Only executives may read the security log.',
        extensions: { code: 'FORBIDDEN' },
      });
      expect(r.data).toBeNull();
    }
    const t = await s.gql(
      `mutation { createApiToken(name: "Reader", scopes: ["read"]) { secret } }`,
      {},
      org.people.exec.token,
    );
    const viaToken = await s.gql(EVENTS, {}, t.data.createApiToken.secret);
    expect(viaToken.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await s.gql(EVENTS, {})).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
