import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg } from '../../../test/helpers/factories.js';
import { startTestServer, TestServer } from '../../../test/helpers/server.js';

describe('plans over GraphQL: create, rename, period, archive and restore', () => {
  let s: TestServer;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  beforeAll(async () => {
    s = await startTestServer({
      seed: async (db) => {
        org = await buildOrg(db);
      },
    });
  });
  afterAll(async () => s?.close());

  const fields =
    'id name framework periodStart periodEnd version archivedAt unit { id } viewerCan { edit archive }';
  const list = async (token: string, includeArchived?: boolean) =>
    (
      await s.gql(
        `query($a: Boolean) { plans(includeArchived: $a) { id archivedAt } }`,
        { a: includeArchived },
        token,
      )
    ).data.plans.map((p: { id: string }) => p.id) as string[];

  it('a unit head creates a plan for their unit, renames it, changes its period, archives and restores it', async () => {
    const t = org.people.opsHead.token;
    const c = await s.gql(
      `mutation($i: CreatePlanInput!) { createPlan(input: $i) { ${fields} } }`,
      {
        i: {
          name: 'Operations OKRs',
          framework: 'OKR',
          periodStart: '2030-01-01',
          periodEnd: '2030-03-31',
          unitId: org.units.ops,
        },
      },
      t,
    );
    expect(c.errors).toBeUndefined();
    const plan = c.data.createPlan;
    expect(plan).toMatchObject({ framework: 'OKR', unit: { id: org.units.ops }, viewerCan: { edit: true } });
    expect(await list(t)).toContain(plan.id);

    const renamed = await s.gql(
      `mutation($i: UpdatePlanInput!) { updatePlan(input: $i) { ${fields} } }`,
      { i: { id: plan.id, version: plan.version, name: 'Operations OKRs Q1', periodEnd: '2030-06-30' } },
      t,
    );
    expect(renamed.errors).toBeUndefined();
    expect(renamed.data.updatePlan).toMatchObject({ name: 'Operations OKRs Q1', periodEnd: '2030-06-30' });

    const badPeriod = await s.gql(
      `mutation($i: UpdatePlanInput!) { updatePlan(input: $i) { id } }`,
      { i: { id: plan.id, version: renamed.data.updatePlan.version, periodEnd: '2029-12-31' } },
      t,
    );
    expect(badPeriod.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.periodEnd',
    });

    const stale = await s.gql(
      `mutation($id: ID!, $v: Int!) { archivePlan(id: $id, version: $v) { id } }`,
      { id: plan.id, v: plan.version },
      t,
    );
    expect(stale.errors?.[0].extensions?.code).toBe('CONFLICT');

    const archived = await s.gql(
      `mutation($id: ID!, $v: Int!) { archivePlan(id: $id, version: $v, reason: "merged") { ${fields} } }`,
      { id: plan.id, v: renamed.data.updatePlan.version },
      t,
    );
    expect(archived.errors).toBeUndefined();
    expect(archived.data.archivePlan.archivedAt).toBeTruthy();
    expect(await list(t)).not.toContain(plan.id);
    expect(await list(t, true)).toContain(plan.id);

    const restored = await s.gql(
      `mutation($id: ID!, $v: Int!) { restorePlan(id: $id, version: $v) { ${fields} } }`,
      { id: plan.id, v: archived.data.archivePlan.version },
      t,
    );
    expect(restored.errors).toBeUndefined();
    expect(restored.data.restorePlan.archivedAt).toBeNull();
    expect(await list(t)).toContain(plan.id);

    const history = await s.gql(
      `query($id: ID!) { history(subjectId: $id) { action } }`,
      { id: plan.id },
      org.people.exec.token,
    );
    expect(history.data.history.map((h: { action: string }) => h.action).sort()).toEqual(
      ['ARCHIVE', 'CREATE', 'RESTORE', 'UPDATE'].sort(),
    );
  });

  it('refuses a plan for a unit the viewer may not edit, and archiving a plan they may only read', async () => {
    const refused = await s.gql(
      `mutation($i: CreatePlanInput!) { createPlan(input: $i) { id } }`,
      {
        i: {
          name: 'Not mine',
          framework: 'BALANCED_SCORECARD',
          periodStart: '2030-01-01',
          periodEnd: '2030-12-31',
          unitId: org.units.company,
        },
      },
      org.people.member.token,
    );
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.unitId' });

    const company = await s.gql(
      `query($id: ID!) { plan(id: $id) { version viewerCan { archive } } }`,
      { id: org.plan },
      org.people.member.token,
    );
    expect(company.data.plan.viewerCan.archive).toBe(false);
    const archive = await s.gql(
      `mutation($id: ID!, $v: Int!) { archivePlan(id: $id, version: $v) { id } }`,
      { id: org.plan, v: company.data.plan.version },
      org.people.member.token,
    );
    expect(archive.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
