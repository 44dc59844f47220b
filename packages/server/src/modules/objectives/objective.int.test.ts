import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg } from '../../../test/helpers/factories.js';
import { startTestServer, TestServer } from '../../../test/helpers/server.js';

describe('objectives over GraphQL', () => {
  let s: TestServer;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  beforeAll(async () => {
    s = await startTestServer({ seed: async (db) => (org = await buildOrg(db)) });
  });
  afterAll(async () => s?.close());

  const create = `mutation($input: CreateObjectiveInput!) { createObjective(input: $input) { id title version owner { id } parent { id } health } }`;
  const update = `mutation($input: UpdateObjectiveInput!) { updateObjective(input: $input) { id title version } }`;

  it('creates, updates with versions, links, archives, and keeps history', async () => {
    const token = org.people.opsHead.token;
    const created = await s.gql(
      create,
      {
        input: {
          planId: org.plan,
          title: '  Cut QC queue  ',
          ownerId: org.people.member.id,
          unitId: org.units.qc,
          parentId: org.objectives.opsObjective,
          reason: 'QC is the bottleneck',
        },
      },
      token,
    );
    expect(created.errors).toBeUndefined();
    const o = created.data.createObjective;
    expect(o).toMatchObject({
      title: 'Cut QC queue',
      version: 1,
      owner: { id: org.people.member.id },
      parent: { id: org.objectives.opsObjective },
      health: 'NO_DATA',
    });

    const updated = await s.gql(
      update,
      { input: { id: o.id, version: 1, title: 'Halve the QC queue', reason: 'sharper' } },
      token,
    );
    expect(updated.data.updateObjective).toMatchObject({ title: 'Halve the QC queue', version: 2 });

    // A colleague still holding version 1 gets CONFLICT with the newer state, and nothing is written.
    const stale = await s.gql(update, { input: { id: o.id, version: 1, title: 'Overwrite' } }, token);
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'version' });
    expect((stale.errors?.[0].extensions as any).current.title).toBe('Halve the QC queue');

    const hist = await s.gql(
      `query($id: ID!) { history(subjectId: $id) { action reason changes actor { id } } }`,
      { id: o.id },
      token,
    );
    expect(hist.data.history.map((h: any) => h.action)).toEqual(['UPDATE', 'CREATE']);
    expect(hist.data.history[0].changes.title).toEqual({
      before: 'Cut QC queue',
      after: 'Halve the QC queue',
    });
    expect(hist.data.history[0]).toMatchObject({ reason: 'sharper', actor: { id: org.people.opsHead.id } });

    const archived = await s.gql(
      `mutation($id: ID!) { archiveObjective(id: $id, version: 2, reason: "merged") { archivedAt version } }`,
      { id: o.id },
      token,
    );
    expect(archived.errors).toBeUndefined();
    const gone = await s.gql(`query($id: ID!) { objective(id: $id) { id } }`, { id: o.id }, token);
    expect(gone.data.objective).toBeNull();
  });

  it('rejects bad input with a code and the field at fault, and writes nothing', async () => {
    const token = org.people.exec.token;
    const count = async () => (await s.db.query(`SELECT count(*)::int AS n FROM objective`))[0].n;
    const n0 = await count();
    const cases: [Record<string, unknown>, string][] = [
      [{ title: '   ' }, 'input.title'],
      [{ ownerId: '00000000-0000-4000-8000-000000000000' }, 'input.ownerId'],
      [{ unitId: 'not-a-uuid' }, 'input.unitId'],
      [
        { parentId: org.objectives.secretObjective.replace(/.$/, (c) => (c === '0' ? '1' : '0')) },
        'input.parentId',
      ],
      [{ periodStart: '2027-06-01', periodEnd: '2027-01-01' }, 'input.periodEnd'],
    ];
    for (const [patch, field] of cases) {
      const r = await s.gql(
        create,
        {
          input: {
            planId: org.plan,
            title: 'x',
            ownerId: org.people.exec.id,
            unitId: org.units.company,
            ...patch,
          },
        },
        token,
      );
      expect(r.errors?.[0].extensions, JSON.stringify(patch)).toMatchObject({
        code: 'BAD_USER_INPUT',
        field,
      });
    }
    expect(await count()).toBe(n0);
  });

  it('says what an archive does before it, lists archived objectives to restore, and refuses cycles', async () => {
    const exec = org.people.exec.token;
    const impactQ = `query($id: ID!) { objectiveArchiveImpact(id: $id) { canArchive childCount children { id }
      kpis { id } kpisLeftAlone { id } initiatives { id } initiativesLeftAlone { id } } }`;
    // The company objective has two active children (one restricted): it cannot be archived yet.
    const top = await s.gql(impactQ, { id: org.objectives.companyObjective }, exec);
    expect(top.errors).toBeUndefined();
    expect(top.data.objectiveArchiveImpact).toMatchObject({ canArchive: false, childCount: 2 });
    // Sales sees the count but not the restricted child itself.
    const sales = await s.gql(impactQ, { id: org.objectives.companyObjective }, org.people.salesHead.token);
    expect(sales.data.objectiveArchiveImpact.childCount).toBe(2);
    expect(sales.data.objectiveArchiveImpact.children.map((c: any) => c.id)).toEqual([
      org.objectives.opsObjective,
    ]);

    // A leaf with a KPI that measures only it, and an initiative that supports it and the parent.
    const leaf = await s.gql(
      create,
      {
        input: {
          planId: org.plan,
          title: 'Leaf',
          ownerId: org.people.exec.id,
          unitId: org.units.company,
          parentId: org.objectives.companyObjective,
        },
      },
      exec,
    );
    const leafId = leaf.data.createObjective.id;
    const kpi = await s.gql(
      `mutation($input: CreateKpiInput!) { createKpi(input: $input) { id } }`,
      {
        input: {
          name: 'Leaf KPI',
          unitOfMeasure: '%',
          direction: 'HIGHER_IS_BETTER',
          ownerId: org.people.exec.id,
          unitId: org.units.company,
          objectiveIds: [leafId],
        },
      },
      exec,
    );
    const ini = await s.gql(
      `mutation($input: CreateInitiativeInput!) { createInitiative(input: $input) { id } }`,
      {
        input: {
          planId: org.plan,
          title: 'Leaf work',
          ownerId: org.people.exec.id,
          unitId: org.units.company,
          objectiveIds: [leafId, org.objectives.companyObjective],
        },
      },
      exec,
    );
    expect(kpi.errors ?? ini.errors).toBeUndefined();
    const impact = (await s.gql(impactQ, { id: leafId }, exec)).data.objectiveArchiveImpact;
    expect(impact).toEqual({
      canArchive: true,
      childCount: 0,
      children: [],
      kpis: [{ id: kpi.data.createKpi.id }],
      kpisLeftAlone: [{ id: kpi.data.createKpi.id }],
      initiatives: [{ id: ini.data.createInitiative.id }],
      initiativesLeftAlone: [],
    });

    const archived = await s.gql(
      `mutation($id: ID!) { archiveObjective(id: $id, version: 1) { id archivedAt } }`,
      { id: leafId },
      exec,
    );
    expect(archived.errors).toBeUndefined();
    const listQ = `query($planId: ID!) { archivedObjectives(planId: $planId) { id viewerCan { archive edit } } }`;
    const list = await s.gql(listQ, { planId: org.plan }, exec);
    // Most recently archived first; it takes no edits but may be restored.
    expect(list.data.archivedObjectives[0]).toEqual({
      id: leafId,
      viewerCan: { archive: true, edit: false },
    });
    // Sales sees it, but may not restore it.
    const salesList = await s.gql(listQ, { planId: org.plan }, org.people.salesHead.token);
    expect(salesList.data.archivedObjectives.find((o: any) => o.id === leafId)).toEqual({
      id: leafId,
      viewerCan: { archive: false, edit: false },
    });
    const badId = await s.gql(listQ, { planId: 'nope' }, exec);
    expect(badId.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'planId' });

    // A parent may not move below its own child.
    const { version } = (
      await s.gql(
        `query($id: ID!) { objective(id: $id) { version } }`,
        { id: org.objectives.companyObjective },
        exec,
      )
    ).data.objective;
    const cycle = await s.gql(
      update,
      { input: { id: org.objectives.companyObjective, version, parentId: org.objectives.opsObjective } },
      exec,
    );
    expect(cycle.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.parentId' });
  });

  it('hides restricted objectives by id, in lists and nested', async () => {
    const sales = org.people.salesHead.token;
    const byId = await s.gql(
      `query($id: ID!) { objective(id: $id) { id } }`,
      { id: org.objectives.secretObjective },
      sales,
    );
    expect(byId.data.objective).toBeNull();
    const list = await s.gql(`query { objectives { id } }`, {}, sales);
    expect(list.data.objectives.map((o: any) => o.id)).not.toContain(org.objectives.secretObjective);
    const nested = await s.gql(
      `query($id: ID!) { objective(id: $id) { children { id } } plans { objectives { id } } units { name } }`,
      { id: org.objectives.companyObjective },
      sales,
    );
    expect(JSON.stringify(nested.data)).not.toContain(org.objectives.secretObjective);
    expect(JSON.stringify(nested.data)).not.toContain('Corp Dev');
    // The insider and the executive do see it.
    for (const t of [org.people.insider.token, org.people.exec.token]) {
      const r = await s.gql(
        `query($id: ID!) { objective(id: $id) { title } }`,
        { id: org.objectives.secretObjective },
        t,
      );
      expect(r.data.objective.title).toBe('Acquire SensorCo');
    }
  });

  it('requires a token', async () => {
    const r = await s.gql(`query { objectives { id } }`, {}, null);
    expect(r.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
