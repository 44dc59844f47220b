import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildInitiative,
  buildKpi,
  buildMeasurement,
  buildObjective,
  buildOrg,
  buildPerson,
  buildPlan,
  buildUnit,
} from '../../test/helpers/factories.js';
import { startTestServer, TestServer } from '../../test/helpers/server.js';

/** The strategy map's query: the full plan tree with health, latest values, owners and initiatives. */
export const PLAN_TREE_QUERY = `query PlanTree($id: ID!) {
  plan(id: $id) {
    id name
    topLevelObjectives { ...O children { ...O children { ...O } } }
  }
}
fragment O on Objective {
  id title health owner { id name } viewerCan { edit addChild link }
  kpis { id name health stale target owner { name } latest { value at } viewerCan { edit recordMeasurement } }
  initiatives { id title health owner { name } viewerCan { edit } }
}`;

/** The directory: every unit with its members, every plan with its initiatives. */
export const DIRECTORY_QUERY = `query Directory {
  units { id name members { id name } }
  plans { id name initiatives { id title } }
}`;

/** Counts every SQL statement sent through node-postgres in this process. */
function countQueries() {
  const original = pg.Client.prototype.query;
  let n = 0;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    n++;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  return {
    get count() {
      return n;
    },
    restore: () => {
      pg.Client.prototype.query = original;
    },
  };
}

async function growTree(
  db: TestServer['db'],
  org: Awaited<ReturnType<typeof buildOrg>>,
  departments: number,
) {
  for (let d = 0; d < departments; d++) {
    const dept = await buildObjective(db, {
      planId: org.plan,
      unitId: org.units.ops,
      ownerId: org.people.opsHead.id,
      parentId: org.objectives.companyObjective,
    });
    const team = await buildObjective(db, {
      planId: org.plan,
      unitId: org.units.qc,
      ownerId: org.people.member.id,
      parentId: dept,
    });
    for (const o of [dept, team]) {
      const kpi = await buildKpi(db, {
        unitId: org.units.ops,
        ownerId: org.people.opsHead.id,
        objectiveIds: [o],
        target: 100,
        amber: 90,
        red: 80,
      });
      await buildMeasurement(db, { kpiId: kpi, value: 85 });
      await buildInitiative(db, {
        planId: org.plan,
        unitId: org.units.ops,
        ownerId: org.people.opsHead.id,
        objectiveIds: [o],
        kpiIds: [kpi],
      });
    }
  }
}

/** More units with members, and more plans with initiatives. */
async function growDirectory(db: TestServer['db'], org: Awaited<ReturnType<typeof buildOrg>>, units: number) {
  for (let u = 0; u < units; u++) {
    const unitId = await buildUnit(db, { parentId: org.units.ops });
    for (let p = 0; p < 2; p++) await buildPerson(db, { unitId });
    const planId = await buildPlan(db, { unitId: org.units.ops, name: `Plan ${u}` });
    await buildInitiative(db, { planId, unitId: org.units.ops, ownerId: org.people.opsHead.id });
  }
}

describe('plan tree query (no N+1)', () => {
  let small: TestServer;
  let large: TestServer;
  let orgSmall: Awaited<ReturnType<typeof buildOrg>>;
  let orgLarge: Awaited<ReturnType<typeof buildOrg>>;
  beforeAll(async () => {
    // No background work (extensions, the event bus's safety-net poll): only the request's statements are counted.
    const quiet = { eventBus: { pollMs: 3_600_000, reconnectMs: null } };
    small = await startTestServer({
      extensions: [],
      config: quiet,
      seed: async (db) => {
        orgSmall = await buildOrg(db);
        await growTree(db, orgSmall, 2);
        await growDirectory(db, orgSmall, 2);
      },
    });
    large = await startTestServer({
      extensions: [],
      config: quiet,
      seed: async (db) => {
        orgLarge = await buildOrg(db);
        await growTree(db, orgLarge, 20);
        await growDirectory(db, orgLarge, 20);
      },
    });
  });
  afterAll(async () => {
    await small?.close();
    await large?.close();
  });

  it('sends the same number of SQL statements when the tree grows tenfold', async () => {
    const measure = async (s: TestServer, plan: string, token: string) => {
      const counter = countQueries();
      try {
        const r = await s.gql(PLAN_TREE_QUERY, { id: plan }, token);
        expect(r.errors).toBeUndefined();
        return { count: counter.count, objectives: JSON.stringify(r.data).match(/"title"/g)!.length };
      } finally {
        counter.restore();
      }
    };
    const a = await measure(small, orgSmall.plan, orgSmall.people.exec.token);
    const b = await measure(large, orgLarge.plan, orgLarge.people.exec.token);
    console.log(
      `plan tree: ${a.objectives} objectives/items → ${a.count} statements; ${b.objectives} → ${b.count}`,
    );
    expect(b.objectives).toBeGreaterThan(a.objectives * 5);
    expect(b.count).toBe(a.count);
    expect(a.count).toBeLessThan(40);
  });

  it('lists units with their members and plans with their initiatives in the same number of statements when they grow tenfold', async () => {
    const measure = async (s: TestServer, token: string) => {
      const counter = countQueries();
      try {
        const r = await s.gql(DIRECTORY_QUERY, {}, token);
        expect(r.errors).toBeUndefined();
        const d = r.data as { units: { members: unknown[] }[]; plans: { initiatives: unknown[] }[] };
        return {
          count: counter.count,
          members: d.units.reduce((n, u) => n + u.members.length, 0),
          initiatives: d.plans.reduce((n, p) => n + p.initiatives.length, 0),
          units: d.units.length,
          plans: d.plans.length,
        };
      } finally {
        counter.restore();
      }
    };
    const a = await measure(small, orgSmall.people.exec.token);
    const b = await measure(large, orgLarge.people.exec.token);
    console.log(
      `directory: ${a.units} units, ${a.members} members, ${a.plans} plans → ${a.count} statements; ${b.units}, ${b.members}, ${b.plans} → ${b.count}`,
    );
    expect(b.units).toBeGreaterThan(a.units * 2);
    expect(b.members).toBeGreaterThan(a.members * 2);
    expect(b.plans).toBeGreaterThan(a.plans * 3);
    expect(b.initiatives).toBeGreaterThan(a.initiatives);
    expect(b.count).toBe(a.count);
  });
});
