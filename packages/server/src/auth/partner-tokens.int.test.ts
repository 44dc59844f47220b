import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildInitiative,
  buildKpi,
  buildMeasurement,
  buildOrg,
  buildPerson,
} from '../../test/helpers/factories.js';
import { eventually, startTestServer, TestServer } from '../../test/helpers/server.js';
import { liveSubscription, LiveSubscription } from '../../test/helpers/subscriptions.js';
import { ManualClock } from '../clock.js';

const CREATE = `mutation($name: String!, $scopes: [String!]!, $unitId: ID, $expiresAt: DateTime) {
  createApiToken(name: $name, scopes: $scopes, unitId: $unitId, expiresAt: $expiresAt) {
    secret token { id name scopes unit { id name } expiresAt expired owner { id } requestCount lastUsedAt lastUsedIp }
  }
}`;
const RECORD = `mutation($input: RecordMeasurementInput!) { recordMeasurement(input: $input) { id value } }`;
const KPI_CHANGED = `subscription { kpiChanged { id } }`;
const LIST = `query { apiTokens { id name unit { id } owner { id } revokedAt expired requestCount lastUsedIp lastUsedAt } }`;

/**
 * Partner tokens as a partner's system uses them: a unit scope on every path (by id, lists,
 * nested fields, history and `asOf`, subscriptions), writes only within it, expiry by the
 * server's clock, write:initiatives, last use, and who may create, list and revoke them.
 */
describe('partner tokens: unit scope, expiry, scopes and management', () => {
  const clock = new ManualClock('2027-03-15T10:00:00Z');
  let s: TestServer;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  let qcKpi: string;
  let salesKpi: string;
  let opsInitiative: string;
  let salesInitiative: string;
  let salesMember: Awaited<ReturnType<typeof buildPerson>>;
  const subs: LiveSubscription[] = [];
  beforeAll(async () => {
    s = await startTestServer({
      clock,
      seed: async (db) => {
        org = await buildOrg(db);
        salesMember = await buildPerson(db, { unitId: org.units.sales, name: 'Sid Seller' });
        qcKpi = await buildKpi(db, {
          unitId: org.units.qc,
          ownerId: org.people.member.id,
          objectiveIds: [org.objectives.opsObjective],
          name: 'First-pass yield',
          target: 95,
        });
        salesKpi = await buildKpi(db, {
          unitId: org.units.sales,
          ownerId: org.people.salesHead.id,
          objectiveIds: [org.objectives.companyObjective],
          name: 'Bookings',
          target: 10,
        });
        await buildMeasurement(db, { kpiId: salesKpi, value: 7, clock });
        opsInitiative = await buildInitiative(db, {
          planId: org.plan,
          unitId: org.units.ops,
          ownerId: org.people.opsHead.id,
          title: 'New line',
        });
        salesInitiative = await buildInitiative(db, {
          planId: org.plan,
          unitId: org.units.sales,
          ownerId: org.people.salesHead.id,
          title: 'Partner channel',
        });
      },
    });
  });
  afterAll(async () => {
    for (const x of subs) await x.close();
    await s?.close();
  });

  const create = async (token: string, vars: Record<string, unknown>) => {
    const r = await s.gql(CREATE, { name: 'feed', ...vars }, token);
    expect(r.errors).toBeUndefined();
    return r.data.createApiToken as { secret: string; token: Record<string, any> };
  };
  const at = () => clock.now().toISOString();

  it('a unit-scoped token reads only its subtree: by id, in lists, nested, in history and as of a date', async () => {
    const { secret, token } = await create(org.people.exec.token, {
      scopes: ['read', 'write:measurements'],
      unitId: org.units.ops,
    });
    expect(token).toMatchObject({
      scopes: ['read', 'write:measurements'],
      unit: { id: org.units.ops, name: 'Operations' },
      expiresAt: null,
      expired: false,
      owner: { id: org.people.exec.id },
      requestCount: 0,
    });
    const past = new Date(clock.now().getTime() - 60_000).toISOString();
    const r = await s.gql(
      `query($qc: ID!, $sales: ID!, $ops: ID!, $co: ID!, $obj: ID!, $past: DateTime) {
        inScope: kpi(id: $qc) { id unit { id } objectives { id parent { id } } }
        outOfScope: kpi(id: $sales) { id }
        outOfScopeThen: kpi(id: $sales, asOf: $past) { id }
        kpis { id }
        units { id }
        ops: unit(id: $ops) { id parent { id } children { id } }
        company: unit(id: $co) { id }
        objectives { id }
        objective(id: $obj) { id }
        initiatives { id plan { id } }
        plans { id }
        people { id }
        viewer { id }
        salesHistory: history(subjectId: $sales) { id }
      }`,
      {
        qc: qcKpi,
        sales: salesKpi,
        ops: org.units.ops,
        co: org.units.company,
        obj: org.objectives.companyObjective,
        past,
      },
      secret,
    );
    expect(r.errors).toBeUndefined();
    const d = r.data;
    expect(d.inScope).toEqual({
      id: qcKpi,
      unit: { id: org.units.qc },
      objectives: [{ id: org.objectives.opsObjective, parent: null }],
    });
    expect(d.outOfScope).toBeNull();
    expect(d.outOfScopeThen).toBeNull();
    expect(d.kpis.map((k: any) => k.id)).toEqual([qcKpi]);
    expect(d.units.map((u: any) => u.id).sort()).toEqual([org.units.ops, org.units.qc].sort());
    expect(d.ops).toEqual({ id: org.units.ops, parent: null, children: [{ id: org.units.qc }] });
    expect(d.company).toBeNull();
    expect(d.objectives.map((o: any) => o.id)).toEqual([org.objectives.opsObjective]);
    expect(d.objective).toBeNull();
    expect(d.initiatives).toEqual([{ id: opsInitiative, plan: null }]);
    expect(d.plans).toEqual([]);
    expect(d.people.map((p: any) => p.id).sort()).toEqual(
      [org.people.opsHead.id, org.people.member.id].sort(),
    );
    expect(d.viewer.id).toBe(org.people.exec.id);
    expect(d.salesHistory).toEqual([]);
    // Asking for a unit outside the scope is asking for a unit that is not there.
    const list = await s.gql(`query($u: ID!) { kpis(unitId: $u) { id } }`, { u: org.units.sales }, secret);
    expect(list.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'unitId' });
  });

  it("writes a measurement of its unit's KPI; another unit's KPI is FORBIDDEN and nothing is written", async () => {
    const { secret } = await create(org.people.exec.token, {
      scopes: ['read', 'write:measurements'],
      unitId: org.units.ops,
    });
    const ok = await s.gql(RECORD, { input: { kpiId: qcKpi, value: 93.5, at: at() } }, secret);
    expect(ok.errors).toBeUndefined();
    expect(ok.data.recordMeasurement.value).toBe(93.5);
    const before = await s.db.query(`SELECT count(*)::int AS n FROM measurement WHERE kpi_id = $1`, [
      salesKpi,
    ]);
    const refused = await s.gql(RECORD, { input: { kpiId: salesKpi, value: 9, at: at() } }, secret);
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'input.kpiId' });
    const batch = await s.gql(
      `mutation($i: [RecordMeasurementInput!]!) { recordMeasurements(inputs: $i) { id } }`,
      {
        i: [
          { kpiId: qcKpi, value: 94, at: at() },
          { kpiId: salesKpi, value: 9, at: at() },
        ],
      },
      secret,
    );
    expect(batch.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'inputs.1.kpiId' });
    const after = await s.db.query(`SELECT count(*)::int AS n FROM measurement WHERE kpi_id = $1`, [
      salesKpi,
    ]);
    expect(after[0].n).toBe(before[0].n);
    const [salesValue] = await s.db.query(`SELECT id FROM measurement WHERE kpi_id = $1 LIMIT 1`, [salesKpi]);
    const correct = await s.gql(
      `mutation($i: CorrectMeasurementInput!) { correctMeasurement(input: $i) { id } }`,
      { i: { measurementId: salesValue.id, value: 1 } },
      secret,
    );
    expect(correct.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // The same for a head's token: Sales is visible to the head, but not to a token scoped to ops.
    const { secret: headToken } = await create(org.people.opsHead.token, {
      scopes: ['write:measurements'],
      unitId: org.units.ops,
    });
    const hidden = await s.gql(RECORD, { input: { kpiId: salesKpi, value: 1, at: at() } }, headToken);
    expect(hidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('a unit-scoped subscription sees only events of its subtree', async () => {
    const { secret } = await create(org.people.exec.token, { scopes: ['read'], unitId: org.units.ops });
    const live = await liveSubscription({
      wsUrl: s.wsUrl,
      token: secret,
      query: KPI_CHANGED,
      bus: s.server.host.bus,
    });
    subs.push(live);
    const exec = org.people.exec.token;
    await s.gql(RECORD, { input: { kpiId: salesKpi, value: 8, at: at() } }, exec);
    await s.gql(RECORD, { input: { kpiId: qcKpi, value: 96, at: at() } }, exec);
    await eventually(() => live.events.length === 1, 3_000, 'the in-scope event');
    expect(live.events[0].kpiChanged.id).toBe(qcKpi);
    const wide = await liveSubscription({
      wsUrl: s.wsUrl,
      token: secret,
      query: `subscription($u: ID) { kpiChanged(unitId: $u) { id } }`,
      variables: { u: org.units.sales },
      bus: s.server.host.bus,
      waitForListener: false,
    });
    subs.push(wide);
    await eventually(() => wide.errors.length > 0, 3_000, 'the refusal');
    const err = (wide.errors[0] as any)[0] ?? wide.errors[0];
    expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'unitId' });
  });

  it('an expired token is refused like a revoked one, and its open subscription ends', async () => {
    const expiresAt = new Date(clock.now().getTime() + 3_600_000).toISOString();
    const { secret, token } = await create(org.people.exec.token, { scopes: ['read'], expiresAt });
    expect(token).toMatchObject({ expiresAt, expired: false });
    expect((await s.gql(`query { viewer { id } }`, {}, secret)).data.viewer.id).toBe(org.people.exec.id);
    const live = await liveSubscription({
      wsUrl: s.wsUrl,
      token: secret,
      query: KPI_CHANGED,
      bus: s.server.host.bus,
    });
    subs.push(live);
    clock.advance(3_600_000);
    try {
      const r = await s.gql(`query { viewer { id } }`, {}, secret);
      expect(r.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      // The next event re-checks the token: the subscription ends with UNAUTHENTICATED, nothing delivered.
      await s.gql(RECORD, { input: { kpiId: qcKpi, value: 90, at: at() } }, org.people.exec.token);
      await eventually(() => live.errors.length > 0, 3_000, 'the subscription ended');
      expect(live.events).toEqual([]);
      expect(JSON.stringify(live.errors)).toContain('UNAUTHENTICATED');
      const ws = await liveSubscription({
        wsUrl: s.wsUrl,
        token: secret,
        query: KPI_CHANGED,
        waitForListener: false,
      });
      subs.push(ws);
      await eventually(() => ws.closeCode !== null, 3_000, 'refused connection');
      expect(ws.closeCode).toBe(4403);
      const listed = (await s.gql(LIST, {}, org.people.exec.token)).data.apiTokens.find(
        (t: any) => t.id === token.id,
      );
      expect(listed.expired).toBe(true);
    } finally {
      clock.advance(-3_600_000);
    }
  });

  it('an expiring token ends its open subscription when the time comes, with no event needed', async () => {
    const expiresAt = new Date(clock.now().getTime() + 1_500).toISOString();
    const { secret } = await create(org.people.exec.token, { scopes: ['read'], expiresAt });
    const live = await liveSubscription({
      wsUrl: s.wsUrl,
      token: secret,
      query: KPI_CHANGED,
      bus: s.server.host.bus,
    });
    subs.push(live);
    clock.advance(1_500);
    try {
      await eventually(() => live.errors.length > 0, 5_000, 'the subscription ended at its expiry');
      expect(JSON.stringify(live.errors)).toMatch(/UNAUTHENTICATED.*expired|expired.*UNAUTHENTICATED/);
    } finally {
      clock.advance(-1_500);
    }
  });

  it('revoking a token ends its open subscription at once, without waiting for an event', async () => {
    const { secret, token } = await create(org.people.exec.token, { scopes: ['read'] });
    const live = await liveSubscription({
      wsUrl: s.wsUrl,
      token: secret,
      query: KPI_CHANGED,
      bus: s.server.host.bus,
    });
    subs.push(live);
    const other = await liveSubscription({
      wsUrl: s.wsUrl,
      token: org.people.exec.token,
      query: KPI_CHANGED,
      bus: s.server.host.bus,
    });
    subs.push(other);
    const r = await s.gql(
      `mutation($id: ID!) { revokeApiToken(id: $id) { id revokedAt } }`,
      { id: token.id },
      org.people.exec.token,
    );
    expect(r.data.revokeApiToken.revokedAt).toBeTruthy();
    await eventually(() => live.errors.length > 0, 3_000, 'the subscription ended');
    expect(JSON.stringify(live.errors)).toContain('UNAUTHENTICATED');
    // Others' subscriptions stay open and receive.
    await s.gql(RECORD, { input: { kpiId: qcKpi, value: 97, at: at() } }, org.people.exec.token);
    await eventually(() => other.events.length === 1, 3_000, 'the other subscriber still receives');
    expect(other.errors).toEqual([]);
  });

  it('write:initiatives reports status and milestones, nothing structural; other tokens may not', async () => {
    const { secret } = await create(org.people.exec.token, {
      scopes: ['write:initiatives'],
      unitId: org.units.ops,
    });
    const { secret: measurementsOnly } = await create(org.people.exec.token, {
      scopes: ['read', 'write:measurements'],
    });
    const version = async (id: string) =>
      (await s.db.query(`SELECT version FROM initiative WHERE id = $1`, [id]))[0].version;
    const UPDATE = `mutation($i: UpdateInitiativeInput!) { updateInitiative(input: $i) { id status } }`;
    const status = await s.gql(
      UPDATE,
      {
        i: { id: opsInitiative, version: await version(opsInitiative), status: 'ACTIVE', reason: 'tracker' },
      },
      secret,
    );
    expect(status.errors).toBeUndefined();
    expect(status.data.updateInitiative.status).toBe('ACTIVE');
    const title = await s.gql(
      UPDATE,
      { i: { id: opsInitiative, version: await version(opsInitiative), title: 'Renamed' } },
      secret,
    );
    expect(title.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'input.title' });
    const other = await s.gql(
      UPDATE,
      { i: { id: salesInitiative, version: await version(salesInitiative), status: 'ACTIVE' } },
      secret,
    );
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const ms = await s.gql(
      `mutation($i: AddMilestoneInput!) { addMilestone(input: $i) { id version } }`,
      { i: { initiativeId: opsInitiative, title: 'Line commissioned', dueDate: '2027-06-30' } },
      secret,
    );
    expect(ms.errors).toBeUndefined();
    const done = await s.gql(
      `mutation($i: UpdateMilestoneInput!) { updateMilestone(input: $i) { completedAt } }`,
      { i: { id: ms.data.addMilestone.id, version: ms.data.addMilestone.version, completed: true } },
      secret,
    );
    expect(done.errors).toBeUndefined();
    expect(done.data.updateMilestone.completedAt).toBeTruthy();
    const refused = await s.gql(
      UPDATE,
      { i: { id: opsInitiative, version: await version(opsInitiative), status: 'PAUSED' } },
      measurementsOnly,
    );
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(refused.errors?.[0].message).toMatch(/write:initiatives/);
    const noCreate = await s.gql(
      `mutation($i: CreateInitiativeInput!) { createInitiative(input: $i) { id } }`,
      { i: { planId: org.plan, title: 'x', ownerId: org.people.exec.id, unitId: org.units.ops } },
      secret,
    );
    expect(noCreate.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('records the last use: when, from which address, how many requests', async () => {
    const { secret, token } = await create(org.people.exec.token, { scopes: ['read'] });
    await s.gqlFrom('127.0.0.2', `query { viewer { id } }`, {}, secret);
    await s.gqlFrom('127.0.0.3', `query { viewer { id } }`, {}, secret);
    const listed = (await s.gql(LIST, {}, org.people.exec.token)).data.apiTokens.find(
      (t: any) => t.id === token.id,
    );
    expect(listed).toMatchObject({ requestCount: 2, lastUsedIp: expect.stringMatching(/127\.0\.0\.3$/) });
    expect(Date.parse(listed.lastUsedAt)).toBeGreaterThan(0);
  });

  it('unit heads create tokens only for units they head; others and tokens not at all', async () => {
    const head = org.people.opsHead.token;
    const mine = await create(head, { scopes: ['read'], unitId: org.units.qc });
    expect(mine.token.unit.id).toBe(org.units.qc);
    const missing = await s.gql(CREATE, { name: 'x', scopes: ['read'] }, head);
    expect(missing.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'unitId' });
    const notHeaded = await s.gql(CREATE, { name: 'x', scopes: ['read'], unitId: org.units.sales }, head);
    expect(notHeaded.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'unitId' });
    const above = await s.gql(CREATE, { name: 'x', scopes: ['read'], unitId: org.units.company }, head);
    expect(above.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'unitId' });
    const hidden = await s.gql(CREATE, { name: 'x', scopes: ['read'], unitId: org.units.secret }, head);
    expect(hidden.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'unitId' });
    const member = await s.gql(
      CREATE,
      { name: 'x', scopes: ['read'], unitId: org.units.qc },
      org.people.member.token,
    );
    expect(member.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const { secret } = await create(org.people.exec.token, { scopes: ['read'] });
    const viaToken = await s.gql(CREATE, { name: 'x', scopes: ['read'] }, secret);
    expect(viaToken.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses bad input with the field at fault: unknown scope, no scope, blank name, expiry in the past, unknown unit', async () => {
    const exec = org.people.exec.token;
    const cases: [Record<string, unknown>, string][] = [
      [{ scopes: ['admin'] }, 'scopes'],
      [{ scopes: [] }, 'scopes'],
      [{ scopes: ['read'], name: '  ' }, 'name'],
      [{ scopes: ['read'], expiresAt: new Date(clock.now().getTime() - 1000).toISOString() }, 'expiresAt'],
      [{ scopes: ['read'], expiresAt: clock.now().toISOString() }, 'expiresAt'],
      [{ scopes: ['read'], unitId: 'nope' }, 'unitId'],
      [{ scopes: ['read'], unitId: '00000000-0000-4000-8000-000000000000' }, 'unitId'],
    ];
    for (const [vars, field] of cases) {
      const r = await s.gql(CREATE, { name: 'feed', ...vars }, exec);
      expect(r.errors?.[0].extensions, JSON.stringify(vars)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const scopes = await s.gql(`query { tokenScopes { name description } }`, {}, exec);
    expect(scopes.data.tokenScopes.map((x: any) => x.name)).toEqual([
      'read',
      'write:measurements',
      'write:initiatives',
    ]);
  });

  it('lists the tokens the viewer may manage, and revokes only those', async () => {
    const headToken = await create(org.people.opsHead.token, { scopes: ['read'], unitId: org.units.ops });
    const execOps = await create(org.people.exec.token, { scopes: ['read'], unitId: org.units.qc });
    const execAll = await create(org.people.exec.token, { scopes: ['read'] });
    const salesToken = await create(org.people.salesHead.token, {
      scopes: ['read'],
      unitId: org.units.sales,
    });
    const ids = async (token: string) =>
      ((await s.gql(LIST, {}, token)).data.apiTokens as any[]).map((t) => t.id);
    const headSees = await ids(org.people.opsHead.token);
    expect(headSees).toEqual(expect.arrayContaining([headToken.token.id, execOps.token.id]));
    expect(headSees).not.toContain(execAll.token.id);
    expect(headSees).not.toContain(salesToken.token.id);
    const execSees = await ids(org.people.exec.token);
    expect(execSees).toEqual(
      expect.arrayContaining([headToken.token.id, salesToken.token.id, execAll.token.id]),
    );
    expect(await ids(salesMember.token)).toEqual([]);
    const REVOKE = `mutation($id: ID!) { revokeApiToken(id: $id) { id revokedAt } }`;
    const foreign = await s.gql(REVOKE, { id: execAll.token.id }, org.people.opsHead.token);
    expect(foreign.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const byHead = await s.gql(REVOKE, { id: execOps.token.id }, org.people.opsHead.token);
    expect(byHead.data.revokeApiToken.revokedAt).toBeTruthy();
    expect((await s.gql(`query { viewer { id } }`, {}, execOps.secret)).errors?.[0].extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    const bySales = await s.gql(REVOKE, { id: salesToken.token.id }, org.people.exec.token);
    expect(bySales.data.revokeApiToken.revokedAt).toBeTruthy();
  });
});
