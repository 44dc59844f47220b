import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKpi, buildOrg } from '../../../test/helpers/factories.js';
import { startTestServer, TestServer } from '../../../test/helpers/server.js';

const IMPORT = `mutation($input: ImportStrategyInput!) {
  importStrategy(input: $input) { objectivesCreated kpisCreated linksCreated objectiveIds kpiIds objectives { id title parent { id } } kpis { id name } }
}`;

describe('importStrategy (objectives and KPIs from a spreadsheet)', () => {
  let s: TestServer;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  let emails: Record<string, string>;
  beforeAll(async () => {
    s = await startTestServer({ seed: async (db) => (org = await buildOrg(db)) });
    emails = Object.fromEntries(Object.entries(org.people).map(([k, p]) => [k, p.email]));
  });
  afterAll(async () => s?.close());

  const counts = async () => {
    const [r] = await s.db.query(
      `SELECT (SELECT count(*) FROM objective)::int AS o, (SELECT count(*) FROM kpi)::int AS k, (SELECT count(*) FROM objective_kpi)::int AS l,
              (SELECT count(*) FROM kpi_target)::int AS t, (SELECT count(*) FROM history_entry)::int AS h, (SELECT count(*) FROM graph_event)::int AS e`,
    );
    return r;
  };

  it('creates objectives under their parents, KPIs with targets and links, with history', async () => {
    const token = org.people.exec.token;
    const r = await s.gql(
      IMPORT,
      {
        input: {
          planId: org.plan,
          objectives: [
            {
              key: 'T1',
              title: 'Cut QC rework',
              parentKey: 'D1',
              unitName: 'quality',
              ownerEmail: emails.member.toUpperCase(),
              perspective: 'internal process',
            },
            {
              key: 'D1',
              title: 'Reliable deliveries',
              parentTitle: 'Grow',
              unitName: 'Operations',
              ownerEmail: emails.opsHead,
              periodStart: '2027-01-01',
              periodEnd: '2027-06-30',
            },
          ],
          kpis: [
            {
              name: 'Rework rate',
              unitOfMeasure: '%',
              direction: 'lower',
              unitName: 'Quality',
              ownerEmail: emails.member,
              objectiveKeys: ['T1', 'd1'],
              target: 2,
              amber: 3,
              red: 5,
              baseline: 6,
            },
            {
              name: 'On-time deliveries',
              unitOfMeasure: '%',
              direction: 'HIGHER_IS_BETTER',
              frequency: 'weekly',
              kind: 'leading',
              unitName: 'Operations',
              ownerEmail: emails.opsHead,
              objectiveKeys: ['Deliver on time'],
            },
          ],
        },
      },
      token,
    );
    expect(r.errors).toBeUndefined();
    const res = r.data.importStrategy;
    expect(res).toMatchObject({ objectivesCreated: 2, kpisCreated: 2, linksCreated: 3 });
    const [t1, d1] = res.objectiveIds;
    expect(res.objectives[0]).toMatchObject({ id: t1, title: 'Cut QC rework', parent: { id: d1 } });
    expect(res.objectives[1]).toMatchObject({ id: d1, parent: { id: org.objectives.companyObjective } });

    const [rework, onTime] = res.kpiIds;
    const k = await s.gql(
      `query($id: ID!) { kpi(id: $id) { name direction frequency kind baseline targets { periodStart periodEnd target amber red } objectives { id } owner { id } unit { id } } }`,
      { id: rework },
      token,
    );
    expect(k.data.kpi).toMatchObject({
      direction: 'LOWER_IS_BETTER',
      frequency: 'MONTHLY',
      kind: 'LAGGING',
      baseline: 6,
      owner: { id: org.people.member.id },
      unit: { id: org.units.qc },
    });
    expect(k.data.kpi.targets).toEqual([
      { periodStart: '2027-01-01', periodEnd: '2027-12-31', target: 2, amber: 3, red: 5 },
    ]);
    expect(k.data.kpi.objectives.map((o: any) => o.id).sort()).toEqual([t1, d1].sort());
    const k2 = await s.gql(
      `query($id: ID!) { kpi(id: $id) { frequency kind objectives { id } } }`,
      { id: onTime },
      token,
    );
    expect(k2.data.kpi).toEqual({
      frequency: 'WEEKLY',
      kind: 'LEADING',
      objectives: [{ id: org.objectives.opsObjective }],
    });
    const o = await s.gql(
      `query($id: ID!) { objective(id: $id) { perspective unit { id } owner { id } } }`,
      { id: t1 },
      token,
    );
    expect(o.data.objective).toEqual({
      perspective: 'INTERNAL_PROCESS',
      unit: { id: org.units.qc },
      owner: { id: org.people.member.id },
    });

    // One CREATE per created object, with the reason; the existing objective got a LINK.
    for (const id of [t1, d1, rework, onTime]) {
      const h = await s.gql(
        `query($id: ID!) { history(subjectId: $id) { action reason actor { id } } }`,
        { id },
        token,
      );
      expect(h.data.history).toEqual([
        { action: 'CREATE', reason: 'Imported from spreadsheet', actor: { id: org.people.exec.id } },
      ]);
    }
    const created = await s.gql(
      `query($id: ID!) { history(subjectId: $id) { action changes } }`,
      { id: t1 },
      token,
    );
    expect(created.data.history[0].changes.kpiIds.after).toEqual([rework]);
    const linked = await s.gql(
      `query($id: ID!) { history(subjectId: $id) { action reason changes } }`,
      { id: org.objectives.opsObjective },
      token,
    );
    expect(linked.data.history[0]).toMatchObject({ action: 'LINK', reason: 'Imported from spreadsheet' });
    expect(linked.data.history[0].changes.kpiIds.after).toContain(onTime);
  });

  it('reports every bad row at once and creates nothing', async () => {
    const token = org.people.exec.token;
    const n0 = await counts();
    const good = (i: number) => ({
      key: `O${i}`,
      title: `Objective ${i}`,
      unitName: 'Operations',
      ownerEmail: emails.opsHead,
    });
    const r = await s.gql(
      IMPORT,
      {
        input: {
          planId: org.plan,
          objectives: [
            good(1),
            { ...good(2), parentKey: 'O1' },
            { ...good(3), ownerEmail: 'nobody@example.test' },
            good(4),
          ],
          kpis: [
            {
              name: 'Good KPI',
              unitOfMeasure: '%',
              direction: 'higher',
              unitName: 'Operations',
              ownerEmail: emails.opsHead,
              objectiveKeys: ['O1'],
            },
          ],
        },
      },
      token,
    );
    expect(r.data).toBeNull();
    expect(r.errors).toHaveLength(1);
    expect(r.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.objectives.2.ownerEmail',
      rows: [
        {
          sheet: 'objectives',
          row: 3,
          field: 'ownerEmail',
          message: 'No person with email nobody@example.test.',
        },
      ],
    });
    expect(await counts()).toEqual(n0);
  });

  it('checks keys, cycles, enums, thresholds, dates and owners, all in one answer', async () => {
    const token = org.people.exec.token;
    const n0 = await counts();
    const base = { unitName: 'Operations', ownerEmail: emails.opsHead };
    const r = await s.gql(
      IMPORT,
      {
        input: {
          planId: org.plan,
          objectives: [
            { ...base, key: 'A', title: 'A', parentKey: 'B' },
            { ...base, key: 'B', title: 'B', parentKey: 'A' },
            { ...base, key: 'a', title: 'dup key' },
            {
              ...base,
              key: 'C',
              title: '',
              perspective: 'sideways',
              periodStart: '2027-05-01',
              periodEnd: '2027-04-01',
            },
            { ...base, key: 'D', title: 'D', parentTitle: 'No such objective' },
            { key: 'E', title: 'E', unitName: 'Operations', ownerEmail: emails.salesHead },
          ],
          kpis: [
            { ...base, name: 'K1', unitOfMeasure: '%', direction: 'sideways' },
            { ...base, name: 'K2', unitOfMeasure: '%', direction: 'higher', target: 100, amber: 80, red: 90 },
            { ...base, name: 'K3', unitOfMeasure: '%', direction: 'lower', amber: 3, objectiveKeys: ['Z9'] },
            {
              ...base,
              name: 'K4',
              unitOfMeasure: '%',
              direction: 'lower',
              frequency: 'daily',
              target: 1,
              periodStart: '2027-31-01',
            },
          ],
        },
      },
      token,
    );
    const rows = (r.errors![0].extensions as any).rows.map((e: any) => `${e.sheet}:${e.row}:${e.field}`);
    expect(rows).toEqual([
      'objectives:1:parentKey',
      'objectives:2:parentKey',
      'objectives:3:key',
      'objectives:4:title',
      'objectives:4:perspective',
      'objectives:4:periodEnd',
      'objectives:5:parentTitle',
      'kpis:1:direction',
      'kpis:2:red',
      'kpis:3:objectiveKeys',
      'kpis:3:amber',
      'kpis:4:frequency',
      'kpis:4:periodStart',
    ]);
    expect((r.errors![0].extensions as any).rows[0].message).toMatch(/cycle: A → B → A/);
    expect(await counts()).toEqual(n0);
  });

  it('reports a restricted unit as unknown to someone who cannot see it, and an owner who cannot see the unit', async () => {
    const n0 = await counts();
    const r = await s.gql(
      IMPORT,
      {
        input: {
          planId: org.plan,
          objectives: [{ key: 'X', title: 'Secret stuff', unitName: 'Corp Dev', ownerEmail: emails.opsHead }],
        },
      },
      org.people.opsHead.token,
    );
    expect((r.errors![0].extensions as any).rows).toEqual([
      {
        sheet: 'objectives',
        row: 1,
        field: 'unitName',
        message: 'No unit named “Corp Dev” that you can see.',
      },
    ]);
    // The restricted objective's title is just as unknown as a parent.
    const p = await s.gql(
      IMPORT,
      {
        input: {
          planId: org.plan,
          objectives: [
            {
              key: 'X',
              title: 'Below secret',
              parentTitle: 'Acquire SensorCo',
              unitName: 'Operations',
              ownerEmail: emails.opsHead,
            },
          ],
        },
      },
      org.people.opsHead.token,
    );
    expect((p.errors![0].extensions as any).rows[0]).toMatchObject({
      field: 'parentTitle',
      message: expect.stringMatching(/No objective titled/),
    });
    // An executive sees Corp Dev, but Otto cannot, so he cannot own anything there.
    const o = await s.gql(
      IMPORT,
      {
        input: {
          planId: org.plan,
          kpis: [
            {
              name: 'Deals',
              unitOfMeasure: '#',
              direction: 'higher',
              unitName: 'Corp Dev',
              ownerEmail: emails.opsHead,
            },
          ],
        },
      },
      org.people.exec.token,
    );
    expect((o.errors![0].extensions as any).rows).toEqual([
      {
        sheet: 'kpis',
        row: 1,
        field: 'ownerEmail',
        message: 'Otto Ops cannot see Corp Dev, so cannot own this.',
      },
    ]);
    expect(await counts()).toEqual(n0);
  });

  it('refuses a sales head importing into Operations, and partner tokens', async () => {
    const n0 = await counts();
    const r = await s.gql(
      IMPORT,
      {
        input: {
          planId: org.plan,
          objectives: [
            { key: 'S1', title: 'Sell more', unitName: 'Sales', ownerEmail: emails.salesHead },
            { key: 'S2', title: 'Run ops', unitName: 'Operations', ownerEmail: emails.salesHead },
          ],
        },
      },
      org.people.salesHead.token,
    );
    expect(r.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.objectives.1.unitName',
      rows: [
        {
          sheet: 'objectives',
          row: 2,
          field: 'unitName',
          message: 'You may not add objectives to Operations.',
        },
      ],
    });
    expect(await counts()).toEqual(n0);

    const tok = await s.gql(
      `mutation { createApiToken(name: "feed", scopes: ["read", "write:measurements"]) { secret } }`,
      {},
      org.people.exec.token,
    );
    expect(tok.errors).toBeUndefined();
    const p = await s.gql(
      IMPORT,
      {
        input: {
          planId: org.plan,
          objectives: [{ key: 'P', title: 'P', unitName: 'Sales', ownerEmail: emails.salesHead }],
        },
      },
      tok.data.createApiToken.secret,
    );
    expect(p.errors![0].extensions?.code).toBe('FORBIDDEN');
    expect(await counts()).toEqual(n0);
  });

  it('refuses linking a KPI to an objective the importer may see but not change (as linkKpiToObjective does)', async () => {
    const salesKpi = await buildKpi(s.db, { unitId: org.units.sales, ownerId: org.people.salesHead.id });
    const n0 = await counts();
    const direct = await s.gql(
      `mutation($o: ID!, $k: ID!) { linkKpiToObjective(objectiveId: $o, kpiId: $k) { id } }`,
      { o: org.objectives.opsObjective, k: salesKpi },
      org.people.salesHead.token,
    );
    expect(direct.errors![0].extensions?.code).toBe('FORBIDDEN');
    const r = await s.gql(
      IMPORT,
      {
        input: {
          planId: org.plan,
          kpis: [
            {
              name: 'Pipeline that drives delivery',
              unitName: 'Sales',
              ownerEmail: emails.salesHead,
              unitOfMeasure: 'deals',
              direction: 'higher',
              objectiveKeys: ['Deliver on time'],
            },
          ],
        },
      },
      org.people.salesHead.token,
    );
    expect(r.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      rows: [
        {
          sheet: 'kpis',
          row: 1,
          field: 'objectiveKeys',
          message: 'You may not link KPIs to “Deliver on time”: you cannot change that objective.',
        },
      ],
    });
    expect(await counts()).toEqual(n0);
  });

  it('limits a sheet to 2,000 rows', async () => {
    const rows = Array.from({ length: 2001 }, (_, i) => ({
      key: `K${i}`,
      title: `T${i}`,
      unitName: 'Sales',
      ownerEmail: emails.salesHead,
    }));
    const r = await s.gql(IMPORT, { input: { planId: org.plan, objectives: rows } }, org.people.exec.token);
    expect(r.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.objectives',
      rows: [{ sheet: 'objectives', row: 0 }],
    });
  });
});
