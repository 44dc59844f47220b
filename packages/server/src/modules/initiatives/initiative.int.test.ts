import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInitiative, buildKpi, buildMeasurement, buildOrg } from '../../../test/helpers/factories.js';
import { startTestServer, TestServer } from '../../../test/helpers/server.js';

describe('initiatives, milestones and links over GraphQL', () => {
  let s: TestServer;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  let kpi: string;
  beforeAll(async () => {
    s = await startTestServer({
      seed: async (db) => {
        org = await buildOrg(db);
        kpi = await buildKpi(db, {
          unitId: org.units.ops,
          ownerId: org.people.opsHead.id,
          objectiveIds: [org.objectives.opsObjective],
          target: 100,
          amber: 95,
          red: 90,
        });
        await buildMeasurement(db, { kpiId: kpi, value: 80, at: new Date('2020-01-01') });
        await buildMeasurement(db, { kpiId: kpi, value: 97 });
      },
    });
  });
  afterAll(async () => s?.close());

  const fields = `id title status version budget capacity objectives { id } kpis { id } milestones { id title dueDate completedAt version }
    health progress { completion overdueMilestones deliveryHealth impactHealth kpisMoving kpisTargeted }`;

  it('creates, links, adds milestones, updates, archives; completion and impact side by side', async () => {
    const t = org.people.opsHead.token;
    const c = await s.gql(
      `mutation($i: CreateInitiativeInput!) { createInitiative(input: $i) { ${fields} } }`,
      {
        i: {
          planId: org.plan,
          title: 'Second final-QC station',
          ownerId: org.people.member.id,
          unitId: org.units.qc,
          status: 'ACTIVE',
          startDate: '2021-01-01',
          endDate: '2027-06-30',
          budget: 250000,
          capacity: 3,
          kpiIds: [kpi],
        },
      },
      t,
    );
    expect(c.errors).toBeUndefined();
    const id = c.data.createInitiative.id;
    expect(c.data.createInitiative).toMatchObject({
      objectives: [],
      kpis: [{ id: kpi }],
      progress: { kpisTargeted: 1, kpisMoving: 1, impactHealth: 'ON_TRACK', deliveryHealth: 'NO_DATA' },
    });

    const linked = await s.gql(
      `mutation($i: ID!, $o: ID!) { linkInitiativeToObjective(initiativeId: $i, objectiveId: $o, reason: "supports delivery") { version objectives { id } } }`,
      { i: id, o: org.objectives.opsObjective },
      t,
    );
    expect(linked.data.linkInitiativeToObjective).toMatchObject({
      version: 2,
      objectives: [{ id: org.objectives.opsObjective }],
    });
    const dup = await s.gql(
      `mutation($i: ID!, $o: ID!) { linkInitiativeToObjective(initiativeId: $i, objectiveId: $o) { id } }`,
      { i: id, o: org.objectives.opsObjective },
      t,
    );
    expect(dup.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    const m1 = await s.gql(
      `mutation($i: AddMilestoneInput!) { addMilestone(input: $i) { id version } }`,
      { i: { initiativeId: id, title: 'Bench ordered', dueDate: '2022-01-01' } },
      t,
    );
    await s.gql(
      `mutation($i: AddMilestoneInput!) { addMilestone(input: $i) { id } }`,
      { i: { initiativeId: id, title: 'Bench installed', dueDate: '2099-01-01' } },
      t,
    );
    let r = await s.gql(`query($id: ID!) { initiative(id: $id) { ${fields} } }`, { id }, t);
    expect(r.data.initiative.progress).toMatchObject({
      completion: 0,
      overdueMilestones: 1,
      deliveryHealth: 'OFF_TRACK',
    }); // 1 of 2 overdue is over a third
    await s.gql(
      `mutation($i: UpdateMilestoneInput!) { updateMilestone(input: $i) { completedAt } }`,
      { i: { id: m1.data.addMilestone.id, version: 1, completed: true } },
      t,
    );
    r = await s.gql(`query($id: ID!) { initiative(id: $id) { ${fields} } }`, { id }, t);
    expect(r.data.initiative.progress).toMatchObject({
      completion: 0.5,
      overdueMilestones: 0,
      deliveryHealth: 'ON_TRACK',
    });

    const bad = await s.gql(
      `mutation($i: UpdateInitiativeInput!) { updateInitiative(input: $i) { id } }`,
      { i: { id, version: 2, startDate: '2028-01-01' } },
      t,
    );
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.endDate' });
    const neg = await s.gql(
      `mutation($i: UpdateInitiativeInput!) { updateInitiative(input: $i) { id } }`,
      { i: { id, version: 2, budget: -5 } },
      t,
    );
    expect(neg.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.budget' });
    const u = await s.gql(
      `mutation($i: UpdateInitiativeInput!) { updateInitiative(input: $i) { status version } }`,
      { i: { id, version: 2, status: 'PAUSED', reason: 'waiting on supplier' } },
      t,
    );
    expect(u.data.updateInitiative).toMatchObject({ status: 'PAUSED', version: 3 });

    const hist = await s.gql(`query($id: ID!) { history(subjectId: $id) { action reason } }`, { id }, t);
    expect(hist.data.history.map((h: any) => h.action)).toEqual(['UPDATE', 'LINK', 'CREATE']);

    const a = await s.gql(
      `mutation($id: ID!) { archiveInitiative(id: $id, version: 3) { archivedAt } }`,
      { id },
      t,
    );
    expect(a.data.archiveInitiative.archivedAt).toBeTruthy();
    expect(
      (await s.gql(`query { initiatives { id } }`, {}, t)).data.initiatives.map((i: any) => i.id),
    ).not.toContain(id);
    // By id: gone from the default read (partners unchanged), there with includeArchived for its page's Restore.
    const one = `query($id: ID!, $all: Boolean) { initiative(id: $id, includeArchived: $all) { id archivedAt } }`;
    expect((await s.gql(one, { id }, t)).data.initiative).toBeNull();
    expect((await s.gql(one, { id, all: true }, t)).data.initiative).toMatchObject({ id });
    const restored = await s.gql(
      `mutation($id: ID!) { restoreInitiative(id: $id, version: 4) { archivedAt } }`,
      { id },
      t,
    );
    expect(restored.data.restoreInitiative.archivedAt).toBeNull();
  });

  it('a sales head may not create initiatives in Operations; owner must see the unit', async () => {
    const r = await s.gql(
      `mutation($i: CreateInitiativeInput!) { createInitiative(input: $i) { id } }`,
      { i: { planId: org.plan, title: 'x', ownerId: org.people.salesHead.id, unitId: org.units.ops } },
      org.people.salesHead.token,
    );
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.unitId' });
    const r2 = await s.gql(
      `mutation($i: CreateInitiativeInput!) { createInitiative(input: $i) { id } }`,
      { i: { planId: org.plan, title: 'x', ownerId: org.people.salesHead.id, unitId: org.units.secret } },
      org.people.exec.token,
    );
    expect(r2.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.ownerId' });
  });

  it('kpis and initiatives of one owner: only what they own, only what the viewer may see', async () => {
    const db = s.db;
    const mine = await buildKpi(db, { unitId: org.units.qc, ownerId: org.people.member.id });
    const secretOfMember = await buildKpi(db, { unitId: org.units.secret, ownerId: org.people.member.id });
    const init = await buildInitiative(db, {
      planId: org.plan,
      unitId: org.units.qc,
      ownerId: org.people.member.id,
    });
    const secretInit = await buildInitiative(db, {
      planId: org.plan,
      unitId: org.units.secret,
      ownerId: org.people.member.id,
    });
    const Q = `query($o: ID) { kpis(ownerId: $o) { id owner { id } } initiatives(ownerId: $o) { id owner { id } } }`;
    const ids = (xs: { id: string }[]) => xs.map((x) => x.id);
    const ownedByMember = (xs: { owner: { id: string } }[]) =>
      xs.every((x) => x.owner.id === org.people.member.id);
    const asExec = (await s.gql(Q, { o: org.people.member.id }, org.people.exec.token)).data;
    expect(ids(asExec.kpis)).toEqual(expect.arrayContaining([mine, secretOfMember]));
    expect(ids(asExec.initiatives)).toEqual(expect.arrayContaining([init, secretInit]));
    expect(ownedByMember(asExec.kpis) && ownedByMember(asExec.initiatives)).toBe(true);
    // The member does not see the restricted unit (nor does the head of Sales): its items stay out.
    for (const p of [org.people.member, org.people.salesHead]) {
      const d = (await s.gql(Q, { o: org.people.member.id }, p.token)).data;
      expect(ids(d.kpis)).toContain(mine);
      expect(ids(d.kpis)).not.toContain(secretOfMember);
      expect(ids(d.initiatives)).toContain(init);
      expect(ids(d.initiatives)).not.toContain(secretInit);
      expect(d.kpis.length).toBe(asExec.kpis.length - 1);
      expect(ownedByMember(d.kpis) && ownedByMember(d.initiatives)).toBe(true);
    }
    // Someone else's: none of the member's.
    const other = (await s.gql(Q, { o: org.people.salesHead.id }, org.people.exec.token)).data;
    expect(
      other.kpis.concat(other.initiatives).every((x: any) => x.owner.id === org.people.salesHead.id),
    ).toBe(true);
    const bad = await s.gql(Q, { o: 'nobody' }, org.people.exec.token);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ownerId' });
  });
});

describe('plans, units and people over GraphQL', () => {
  let s: TestServer;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  beforeAll(async () => {
    s = await startTestServer({ seed: async (db) => (org = await buildOrg(db)) });
  });
  afterAll(async () => s?.close());

  it('plans: create, update with version, archive; asOf reads the plan tree as it stood', async () => {
    const t = org.people.exec.token;
    const p = await s.gql(
      `mutation($i: CreatePlanInput!) { createPlan(input: $i) { id version } }`,
      {
        i: {
          name: 'Strategy 2028',
          framework: 'OKR',
          periodStart: '2028-01-01',
          periodEnd: '2028-12-31',
          unitId: org.units.company,
        },
      },
      t,
    );
    const id = p.data.createPlan.id;
    const o = await s.gql(
      `mutation($i: CreateObjectiveInput!) { createObjective(input: $i) { id } }`,
      {
        i: {
          planId: id,
          title: 'Win the mid-market',
          ownerId: org.people.exec.id,
          unitId: org.units.company,
        },
      },
      t,
    );
    const mid = new Date();
    await s.gql(
      `mutation($i: CreateObjectiveInput!) { createObjective(input: $i) { id } }`,
      { i: { planId: id, title: 'Later objective', ownerId: org.people.exec.id, unitId: org.units.company } },
      t,
    );
    await s.gql(
      `mutation($i: UpdateObjectiveInput!) { updateObjective(input: $i) { id } }`,
      { i: { id: o.data.createObjective.id, version: 1, title: 'Win the mid-market in DACH' } },
      t,
    );
    const then = await s.gql(
      `query($id: ID!, $t: DateTime) { plan(id: $id, asOf: $t) { name objectives { title } } }`,
      { id, t: mid.toISOString() },
      t,
    );
    expect(then.data.plan.objectives.map((x: any) => x.title)).toEqual(['Win the mid-market']);
    const now = await s.gql(`query($id: ID!) { plan(id: $id) { objectives { title } } }`, { id }, t);
    expect(now.data.plan.objectives.map((x: any) => x.title).sort()).toEqual([
      'Later objective',
      'Win the mid-market in DACH',
    ]);
    const u = await s.gql(
      `mutation($i: UpdatePlanInput!) { updatePlan(input: $i) { name version } }`,
      { i: { id, version: 1, name: 'Strategy 2028 (draft)' } },
      t,
    );
    expect(u.data.updatePlan).toMatchObject({ name: 'Strategy 2028 (draft)', version: 2 });
    const bad = await s.gql(
      `mutation($i: UpdatePlanInput!) { updatePlan(input: $i) { name periodEnd } }`,
      { i: { id, version: 2, periodEnd: '2027-01-01' } },
      t,
    );
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.periodEnd' });
    const a = await s.gql(
      `mutation($id: ID!) { archivePlan(id: $id, version: 2) { archivedAt } }`,
      { id },
      t,
    );
    expect(a.data.archivePlan.archivedAt).toBeTruthy();
  });

  it('units and people: executives manage them; heads may only set capacity', async () => {
    const t = org.people.exec.token;
    const u = await s.gql(
      `mutation($i: CreateUnitInput!) { createUnit(input: $i) { id name kind version } }`,
      { i: { name: 'Field Service', kind: 'TEAM', parentId: org.units.ops, availableCapacity: 4 } },
      t,
    );
    expect(u.data.createUnit).toMatchObject({ name: 'Field Service', version: 1 });
    const p = await s.gql(
      `mutation($i: CreatePersonInput!) { createPerson(input: $i) { id email version } }`,
      {
        i: {
          name: 'Nia Field',
          email: 'NIA@example.test',
          unitId: u.data.createUnit.id,
          password: 'long enough pw',
        },
      },
      t,
    );
    expect(p.data.createPerson.email).toBe('nia@example.test');
    const dup = await s.gql(
      `mutation($i: CreatePersonInput!) { createPerson(input: $i) { id } }`,
      { i: { name: 'Nia 2', email: 'nia@example.test', unitId: org.units.ops } },
      t,
    );
    expect(dup.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.email' });
    const head = org.people.opsHead.token;
    const cap = await s.gql(
      `mutation($i: UpdateUnitInput!) { updateUnit(input: $i) { availableCapacity version } }`,
      { i: { id: org.units.ops, version: 1, availableCapacity: 12 } },
      head,
    );
    expect(cap.data.updateUnit).toMatchObject({ availableCapacity: 12, version: 2 });
    const rename = await s.gql(
      `mutation($i: UpdateUnitInput!) { updateUnit(input: $i) { name } }`,
      { i: { id: org.units.ops, version: 2, name: 'Ops' } },
      head,
    );
    expect(rename.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const notExec = await s.gql(
      `mutation($i: CreatePersonInput!) { createPerson(input: $i) { id } }`,
      { i: { name: 'X', email: 'x@example.test', unitId: org.units.ops } },
      head,
    );
    expect(notExec.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const left = await s.gql(
      `mutation($id: ID!) { archivePerson(id: $id, version: 1, reason: "left") { archivedAt } }`,
      { id: p.data.createPerson.id },
      t,
    );
    expect(left.data.archivePerson.archivedAt).toBeTruthy();
    const login = await s.gql(
      `mutation { login(email: "nia@example.test", password: "long enough pw") { token } }`,
    );
    expect(login.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const busy = await s.gql(
      `mutation($id: ID!) { archiveUnit(id: $id, version: 2) { id } }`,
      { id: org.units.ops },
      t,
    );
    expect(busy.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    const archived = await s.gql(
      `mutation($id: ID!) { archiveUnit(id: $id, version: 1, reason: "merged into Operations") { archivedAt } }`,
      { id: u.data.createUnit.id },
      t,
    );
    expect(archived.data.archiveUnit.archivedAt).toBeTruthy();
    expect((await s.gql(`query { units { id } }`, {}, t)).data.units.map((x: any) => x.id)).not.toContain(
      u.data.createUnit.id,
    );
  });
});
