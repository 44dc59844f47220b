import { UnitKind } from '@throughline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildInitiative,
  buildKpi,
  buildOrg,
  buildPerson,
  buildUnit,
} from '../../../test/helpers/factories.js';
import { startTestServer, TestServer } from '../../../test/helpers/server.js';
import { DEMO_FACTS, seedDemoOrganisation } from '../../db/seed/demo-organisation.js';

const HYGIENE = `query($planId: ID, $unitId: ID) { hygiene(planId: $planId, unitId: $unitId) {
  initiativesWithoutObjective { id title } initiativesWithoutKpi { id title }
  unownedObjectives { id title } unownedKpis { id name } vanityKpis { id name }
  overloadedTeams { unit { id name } quarter quarterStart objectiveCount objectives { id } }
  executiveDashboard { kpiCount limit overLimit kpis { id } }
  overcommittedUnits { unit { id name } committed available initiatives { id } }
  issueCount } }`;

describe('hygiene on the demo organisation', () => {
  let s: TestServer;
  let demo: Awaited<ReturnType<typeof seedDemoOrganisation>>;
  beforeAll(async () => {
    s = await startTestServer({ seed: async (db) => (demo = await seedDemoOrganisation(db)) });
  });
  afterAll(async () => s?.close());

  it('finds the orphan, the initiative without KPIs, the vanity KPI, the overloaded team and the over-committed department', async () => {
    const ceo = await s.login('ceo@demo.test');
    const r = await s.gql(HYGIENE, { planId: demo.planId }, ceo);
    expect(r.errors).toBeUndefined();
    const h = r.data.hygiene;
    expect(h.initiativesWithoutObjective.map((i: any) => i.title)).toContain(DEMO_FACTS.orphanInitiative);
    expect(h.initiativesWithoutKpi.map((i: any) => i.title)).toContain(DEMO_FACTS.initiativeWithoutKpi);
    expect(h.vanityKpis.map((k: any) => k.name)).toContain(DEMO_FACTS.vanityKpi);
    expect(h.overloadedTeams.map((t: any) => t.unit.name)).toContain(DEMO_FACTS.overloadedTeam);
    expect(h.overcommittedUnits.map((u: any) => u.unit.name)).toContain(DEMO_FACTS.overCommittedUnit);
    const ops = h.overcommittedUnits.find((u: any) => u.unit.name === 'Operations');
    expect(ops.committed).toBeGreaterThan(ops.available);
  });

  it('shows sales.head nothing of the restricted unit', async () => {
    const sales = await s.login('sales.head@demo.test');
    const h = (await s.gql(HYGIENE, {}, sales)).data.hygiene;
    const titles = JSON.stringify(h);
    for (const t of [
      ...DEMO_FACTS.restrictedInitiatives,
      ...DEMO_FACTS.restrictedKpis,
      DEMO_FACTS.restrictedUnit,
    ])
      expect(titles).not.toContain(t);
  });
});

describe('hygiene rules one by one', () => {
  let s: TestServer;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    s = await startTestServer({
      seed: async (db) => {
        org = await buildOrg(db);
        const { plan } = org;
        const team = org.units.qc;
        // Initiatives: one fine, one with no objective, one with no KPI, one orphan in the restricted unit.
        const kpi = await buildKpi(db, {
          unitId: org.units.ops,
          ownerId: org.people.opsHead.id,
          objectiveIds: [org.objectives.opsObjective],
          name: 'Linked KPI',
        });
        ids.fine = await buildInitiative(db, {
          planId: plan,
          unitId: org.units.ops,
          ownerId: org.people.opsHead.id,
          objectiveIds: [org.objectives.opsObjective],
          kpiIds: [kpi],
          title: 'Fine',
        });
        ids.noObjective = await buildInitiative(db, {
          planId: plan,
          unitId: org.units.ops,
          ownerId: org.people.opsHead.id,
          kpiIds: [kpi],
          title: 'No objective',
        });
        ids.noKpi = await buildInitiative(db, {
          planId: plan,
          unitId: org.units.ops,
          ownerId: org.people.opsHead.id,
          objectiveIds: [org.objectives.opsObjective],
          title: 'No KPI',
        });
        ids.secretOrphan = await buildInitiative(db, {
          planId: plan,
          unitId: org.units.secret,
          ownerId: org.people.insider.id,
          title: 'Secret orphan',
        });
        ids.stopped = await buildInitiative(db, {
          planId: plan,
          unitId: org.units.ops,
          ownerId: org.people.opsHead.id,
          title: 'Stopped orphan',
        });
        await db.query(`UPDATE initiative SET status = 'STOPPED' WHERE id = $1`, [ids.stopped]);
        // Capacity: Operations (2) + Quality (1) available = 3; committed 2 + 1.5 = 3.5 → over. Sales: 1 committed of 5.
        await db.query(`UPDATE unit SET available_capacity = 2 WHERE id = $1`, [org.units.ops]);
        await db.query(`UPDATE unit SET available_capacity = 1 WHERE id = $1`, [team]);
        await db.query(`UPDATE unit SET available_capacity = 5 WHERE id = $1`, [org.units.sales]);
        await db.query(`UPDATE initiative SET capacity = 2 WHERE id = $1`, [ids.fine]);
        await db.query(`UPDATE initiative SET capacity = 1.5, unit_id = $2 WHERE id = $1`, [ids.noKpi, team]);
        const salesIni = await buildInitiative(db, {
          planId: plan,
          unitId: org.units.sales,
          ownerId: org.people.salesHead.id,
          objectiveIds: [org.objectives.companyObjective],
          kpiIds: [kpi],
        });
        await db.query(`UPDATE initiative SET capacity = 1 WHERE id = $1`, [salesIni]);
        // Unowned: the owner of an objective and of a KPI left.
        const leaver = await buildPerson(db, { unitId: org.units.ops, name: 'Lee Leaver' });
        ids.unownedObjective = (
          await db.query(
            `INSERT INTO objective (plan_id, title, owner_id, unit_id, version) VALUES ($1, 'Orphaned objective', $2, $3, 1) RETURNING id`,
            [plan, leaver.id, org.units.ops],
          )
        )[0].id;
        ids.unownedKpi = await buildKpi(db, {
          unitId: org.units.ops,
          ownerId: leaver.id,
          objectiveIds: [org.objectives.opsObjective],
          name: 'Orphaned KPI',
        });
        await db.query(`UPDATE person SET archived_at = now() WHERE id = $1`, [leaver.id]);
        // Vanity: a KPI linked to nothing, and one linked only to an archived objective.
        ids.vanity = await buildKpi(db, {
          unitId: org.units.ops,
          ownerId: org.people.opsHead.id,
          name: 'Followers',
        });
        const archivedObjective = (
          await db.query(
            `INSERT INTO objective (plan_id, title, owner_id, unit_id, version, archived_at) VALUES ($1, 'Old', $2, $3, 1, now()) RETURNING id`,
            [plan, org.people.opsHead.id, org.units.ops],
          )
        )[0].id;
        ids.vanity2 = await buildKpi(db, {
          unitId: org.units.ops,
          ownerId: org.people.opsHead.id,
          objectiveIds: [archivedObjective],
          name: 'Likes',
        });
        // Team load: four objectives in 2027-Q2 (one spans the half year), three in Q3; a department with five is not a team.
        const obj = (unitId: string, start: string, end: string, title: string) =>
          db.query(
            `INSERT INTO objective (plan_id, title, owner_id, unit_id, period_start, period_end, version) VALUES ($1,$2,$3,$4,$5,$6,1)`,
            [plan, title, org.people.member.id, unitId, start, end],
          );
        await obj(team, '2027-04-01', '2027-06-30', 'Q2 a');
        await obj(team, '2027-04-01', '2027-06-30', 'Q2 b');
        await obj(team, '2027-04-01', '2027-06-30', 'Q2 c');
        await obj(team, '2027-04-01', '2027-09-30', 'H2 span');
        await obj(team, '2027-07-01', '2027-09-30', 'Q3 a');
        await obj(team, '2027-07-01', '2027-09-30', 'Q3 b');
        for (const t of ['d1', 'd2', 'd3', 'd4', 'd5'])
          await obj(org.units.sales, '2027-04-01', '2027-06-30', t);
        // Executive dashboard: eight KPIs, one of them restricted.
        for (let i = 0; i < 7; i++) {
          const k = await buildKpi(db, {
            unitId: org.units.company,
            ownerId: org.people.exec.id,
            objectiveIds: [org.objectives.companyObjective],
            name: `Dash ${i}`,
          });
          await db.query(`UPDATE kpi SET on_executive_dashboard = true WHERE id = $1`, [k]);
        }
        const secretDash = await buildKpi(db, {
          unitId: org.units.secret,
          ownerId: org.people.insider.id,
          objectiveIds: [org.objectives.secretObjective],
          name: 'Secret dash',
        });
        await db.query(`UPDATE kpi SET on_executive_dashboard = true WHERE id = $1`, [secretDash]);
        ids.otherTeam = await buildUnit(db, {
          name: 'Idle team',
          kind: UnitKind.TEAM,
          parentId: org.units.sales,
        });
      },
    });
  });
  afterAll(async () => s?.close());

  const hygiene = async (token: string, vars: Record<string, unknown> = {}) => {
    const r = await s.gql(HYGIENE, vars, token);
    expect(r.errors).toBeUndefined();
    return r.data.hygiene;
  };

  it('initiatives without an objective or a KPI (live ones, visible ones)', async () => {
    const h = await hygiene(org.people.exec.token, { planId: org.plan });
    expect(h.initiativesWithoutObjective.map((i: any) => i.id).sort()).toEqual(
      [ids.noObjective, ids.secretOrphan].sort(),
    );
    expect(h.initiativesWithoutKpi.map((i: any) => i.id).sort()).toEqual(
      [ids.noKpi, ids.secretOrphan].sort(),
    );
    const sales = await hygiene(org.people.salesHead.token, { planId: org.plan });
    expect(sales.initiativesWithoutObjective.map((i: any) => i.id)).toEqual([ids.noObjective]);
  });

  it('objectives and KPIs whose owner left', async () => {
    const h = await hygiene(org.people.exec.token);
    expect(h.unownedObjectives.map((o: any) => o.id)).toEqual([ids.unownedObjective]);
    expect(h.unownedKpis.map((k: any) => k.id)).toEqual([ids.unownedKpi]);
  });

  it('KPIs linked to no (active) objective', async () => {
    const h = await hygiene(org.people.exec.token, { unitId: org.units.ops });
    expect(h.vanityKpis.map((k: any) => k.id).sort()).toEqual([ids.vanity, ids.vanity2].sort());
  });

  it('teams with more than three objectives in a quarter', async () => {
    const h = await hygiene(org.people.exec.token);
    expect(h.overloadedTeams).toHaveLength(1);
    expect(h.overloadedTeams[0]).toMatchObject({
      unit: { id: org.units.qc },
      quarter: '2027-Q2',
      quarterStart: '2027-04-01',
      objectiveCount: 4,
    });
  });

  it('an executive dashboard over seven KPIs (counting what the viewer may see)', async () => {
    const exec = await hygiene(org.people.exec.token);
    expect(exec.executiveDashboard).toMatchObject({ kpiCount: 8, limit: 7, overLimit: true });
    const sales = await hygiene(org.people.salesHead.token);
    expect(sales.executiveDashboard).toMatchObject({ kpiCount: 7, overLimit: false });
  });

  it('committed capacity above available capacity, over the unit and below', async () => {
    const h = await hygiene(org.people.exec.token, { unitId: org.units.ops });
    const byUnit = Object.fromEntries(h.overcommittedUnits.map((u: any) => [u.unit.id, u]));
    expect(byUnit[org.units.ops]).toMatchObject({ committed: 3.5, available: 3 });
    expect(byUnit[org.units.qc]).toMatchObject({ committed: 1.5, available: 1 });
    const sales = await hygiene(org.people.exec.token, { unitId: org.units.sales });
    expect(sales.overcommittedUnits).toEqual([]);
    expect(sales.issueCount).toBeGreaterThan(0); // the dashboard is over its limit
  });

  it('refuses an invisible unit or plan with the field at fault', async () => {
    const r = await s.gql(HYGIENE, { unitId: org.units.secret }, org.people.salesHead.token);
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'unitId' });
    const p = await s.gql(
      HYGIENE,
      { planId: '00000000-0000-4000-8000-000000000000' },
      org.people.salesHead.token,
    );
    expect(p.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'planId' });
  });
});
