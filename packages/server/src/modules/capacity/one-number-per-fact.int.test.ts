import { Health, InitiativeStatus } from '@throughline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock.js';
import { startTestServer, TestServer } from '../../../test/helpers/server.js';
import { seedDemoOrganisation } from '../../db/seed/demo-organisation.js';

/**
 * One number per fact (issue 17, section 1): each fact the screens show is walked through every
 * API field that carries it, for the CEO, a department head and the head of Sales (who cannot see
 * the restricted Corporate Development), and must give one answer.
 */
const CAP = `committed available overcommitted complete unitCount initiativeCount`;
const UNITS = `query { units { id name kind parentId availableCapacity capacity { ${CAP} } } }`;
const UNIT = `query($id: ID!) { unit(id: $id) { id capacity { ${CAP} } } }`;
const HYGIENE = `query($planId: ID) { hygiene(planId: $planId) { overcommittedUnits { unit { id } committed available } } }`;
const INITIATIVES = `query { initiatives { id status capacity unit { id } objectives { id } } }`;

describe('one number per fact, on the demo organisation', () => {
  let s: TestServer;
  let demo: Awaited<ReturnType<typeof seedDemoOrganisation>>;
  const clock = new ManualClock(new Date());
  beforeAll(async () => {
    s = await startTestServer({ seed: async (db) => (demo = await seedDemoOrganisation(db)), clock });
  });
  afterAll(async () => s?.close());

  const ok = async (query: string, vars: Record<string, unknown>, token: string) => {
    const r = await s.gql(query, vars, token);
    expect(r.errors).toBeUndefined();
    return r.data;
  };

  /** The definition, recomputed from what the viewer can read: committed vs available, unit and below. */
  function expected(
    unitId: string,
    units: { id: string; parentId: string | null; availableCapacity: number }[],
    initiatives: { status: string; capacity: number; unit: { id: string } }[],
  ) {
    const below = new Set([unitId]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const u of units)
        if (u.parentId && below.has(u.parentId) && !below.has(u.id)) grew = !!below.add(u.id);
    }
    const committed = initiatives
      .filter(
        (i) =>
          (i.status === InitiativeStatus.ACTIVE || i.status === InitiativeStatus.PROPOSED) &&
          below.has(i.unit.id),
      )
      .reduce((a, i) => a + i.capacity, 0);
    const available = units.filter((u) => below.has(u.id)).reduce((a, u) => a + u.availableCapacity, 0);
    return { committed, available };
  }

  it.each(['ceo@demo.test', 'ops.head@demo.test', 'sales.head@demo.test'])(
    'capacity: %s gets one figure per unit from units, unit and hygiene, by the one definition',
    async (email) => {
      const t = await s.login(email);
      const { units } = await ok(UNITS, {}, t);
      const { initiatives } = await ok(INITIATIVES, {}, t);
      const { hygiene } = await ok(HYGIENE, { planId: demo.planId }, t);
      for (const u of units) {
        const want = expected(u.id, units, initiatives);
        expect(u.capacity.committed, `${u.name} committed`).toBeCloseTo(want.committed, 6);
        expect(u.capacity.available, `${u.name} available`).toBeCloseTo(want.available, 6);
        expect(u.capacity.overcommitted).toBe(want.committed > want.available + 1e-9);
        const single = (await ok(UNIT, { id: u.id }, t)).unit;
        expect(single.capacity).toEqual(u.capacity);
        const over = hygiene.overcommittedUnits.find((o: any) => o.unit.id === u.id);
        if (u.capacity.overcommitted && over) {
          expect(over.committed).toBe(u.capacity.committed);
          expect(over.available).toBe(u.capacity.available);
        }
      }
      const company = units.find((u: any) => u.kind === 'COMPANY');
      const operations = units.find((u: any) => u.name === 'Operations');
      if (email !== 'ceo@demo.test') {
        // Corporate Development is restricted: the total leaves it out, and says so.
        expect(units.some((u: any) => u.name === 'Corporate Development')).toBe(false);
        expect(company.capacity.complete).toBe(false);
        expect(operations.capacity.complete).toBe(true);
      } else {
        expect(units.every((u: any) => u.capacity.complete)).toBe(true);
      }
    },
  );

  it('capacity: a department counts its teams, and the head sees what the CEO sees', async () => {
    const ceo = (await ok(UNITS, {}, await s.login('ceo@demo.test'))).units;
    const head = (await ok(UNITS, {}, await s.login('ops.head@demo.test'))).units;
    const sales = (await ok(UNITS, {}, await s.login('sales.head@demo.test'))).units;
    const ops = (list: any[]) => list.find((u) => u.name === 'Operations').capacity;
    expect(ops(head)).toEqual(ops(ceo));
    expect(ops(sales)).toEqual(ops(ceo));
    const teams = ceo.filter((u: any) => u.parentId === ceo.find((x: any) => x.name === 'Operations').id);
    expect(teams.length).toBeGreaterThan(0);
    expect(ops(ceo).unitCount).toBe(teams.length + 1);
    expect(ops(ceo).available).toBeCloseTo(
      [ceo.find((x: any) => x.name === 'Operations'), ...teams].reduce((a, u) => a + u.availableCapacity, 0),
      6,
    );
    const companyCeo = ceo.find((u: any) => u.kind === 'COMPANY').capacity;
    const companySales = sales.find((u: any) => u.kind === 'COMPANY').capacity;
    expect(companySales.committed).toBeLessThan(companyCeo.committed);
  });

  it('health: the plan as of now counts what the home counts', async () => {
    const t = await s.login('ceo@demo.test');
    const now = clock.now().toISOString();
    const q = `query($id: ID!, $asOf: DateTime, $planId: ID) {
      asOf: plan(id: $id, asOf: $asOf) { objectives { id health } }
      live: plan(id: $id) { objectives { id health } }
      home: objectives(planId: $planId) { id health } }`;
    const d = await ok(q, { id: demo.planId, asOf: now, planId: demo.planId }, t);
    const counts = (list: { health: string }[]) =>
      Object.values(Health).map((h) => list.filter((o) => o.health === h).length);
    expect(counts(d.asOf.objectives)).toEqual(counts(d.home));
    expect(counts(d.live.objectives)).toEqual(counts(d.home));
    expect(d.home.length).toBeGreaterThan(0);
  });

  it('grouping: an objective lists exactly the initiatives that list it', async () => {
    const t = await s.login('ceo@demo.test');
    const d = await ok(
      `query($id: ID!) { plan(id: $id) { objectives { id title initiatives { id } } }
         initiatives(planId: $id) { id objectives { id } } }`,
      { id: demo.planId },
      t,
    );
    for (const o of d.plan.objectives) {
      const fromInitiatives = d.initiatives
        .filter((i: any) => i.objectives.some((x: any) => x.id === o.id))
        .map((i: any) => i.id)
        .sort();
      expect(o.initiatives.map((i: any) => i.id).sort(), o.title).toEqual(fromInitiatives);
    }
  });

  it('time: a recorded value carries the instant it was recorded, the same in every field', async () => {
    const t = await s.login('ops.head@demo.test');
    const { kpis } = await ok(`query { kpis { id owner { email } unit { name } } }`, {}, t);
    const kpi = kpis.find((k: any) => k.unit.name === 'Operations') ?? kpis[0];
    clock.set(new Date(Date.UTC(2030, 0, 15, 7, 48, 0)));
    try {
      const rec = await ok(
        `mutation($input: RecordMeasurementInput!) { recordMeasurement(input: $input) { id at recordedAt } }`,
        { input: { kpiId: kpi.id, value: 42, at: '2030-01-15T07:48:00Z' } },
        t,
      );
      expect(rec.recordMeasurement.recordedAt).toBe('2030-01-15T07:48:00.000Z');
      const d = await ok(
        `query($id: ID!) { kpi(id: $id) { latest { id at recordedAt } measurements(first: 5) { edges { node { id recordedAt } } } } }`,
        { id: kpi.id },
        t,
      );
      expect(d.kpi.latest).toEqual({
        id: rec.recordMeasurement.id,
        at: rec.recordMeasurement.at,
        recordedAt: rec.recordMeasurement.recordedAt,
      });
      expect(
        d.kpi.measurements.edges.find((e: any) => e.node.id === rec.recordMeasurement.id).node.recordedAt,
      ).toBe(rec.recordMeasurement.recordedAt);
    } finally {
      clock.set(new Date());
    }
  });
});
