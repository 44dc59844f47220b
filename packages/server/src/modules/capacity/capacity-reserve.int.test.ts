import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock.js';
import { startTestServer, TestServer } from '../../../test/helpers/server.js';
import { buildOrg } from '../../../test/helpers/factories.js';

/**
 * Issue 12, capacity: the strategic reserve of a unit (set by its head or an executive), the alert
 * that committed work eating into it raises and resolves, each unit's own figures, and the what-if
 * scenario of the portfolio applied in one all-or-nothing versioned step.
 */
const CAP = `committed available reserveShare reserve reserveLeft reserveUsed overcommitted
  byUnit { unit { id name } committed available overcommitted }`;
const UNIT = `query($id: ID!) { unit(id: $id) { id version strategicReserve capacity { ${CAP} } } }`;
const ALERTS = `query($unitId: ID) { alerts(unitId: $unitId) { id rule subjectId subjectType message status } }`;
const SET = `mutation($input: UpdateUnitInput!) { updateUnit(input: $input) { id version strategicReserve } }`;
const CREATE = `mutation($input: CreateInitiativeInput!) { createInitiative(input: $input) { id version status capacity } }`;
const APPLY = `mutation($input: ApplyScenarioInput!) { applyPortfolioScenario(input: $input) { id version status capacity } }`;
const INITIATIVE = `query($id: ID!) { initiative(id: $id) { id version status capacity } }`;

describe('strategic reserve and what-if', () => {
  let s: TestServer;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  const clock = new ManualClock('2027-01-31T21:45:00Z');
  beforeAll(async () => {
    s = await startTestServer({
      clock,
      seed: async (db) => {
        org = await buildOrg(db);
        await db.query(`UPDATE unit SET available_capacity = 8 WHERE id = $1`, [org.units.ops]);
        await db.query(`UPDATE unit SET available_capacity = 2 WHERE id = $1`, [org.units.qc]);
      },
    });
  });
  afterAll(async () => s?.close());

  const ok = async (query: string, vars: Record<string, unknown>, token: string) => {
    const r = await s.gql(query, vars, token);
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    return r.data;
  };
  const reserveAlerts = async (token: string) =>
    (await ok(ALERTS, { unitId: org.units.ops }, token)).alerts.filter(
      (a: any) => a.rule === 'CAPACITY_RESERVE_USED' && a.subjectId === org.units.ops,
    );
  const initiative = (title: string, capacity: number, unitId = org.units.ops, status = 'ACTIVE') =>
    ok(
      CREATE,
      {
        input: {
          planId: org.plan,
          title,
          ownerId: org.people.opsHead.id,
          unitId,
          status,
          capacity,
          objectiveIds: [org.objectives.opsObjective],
        },
      },
      org.people.exec.token,
    ).then((d) => d.createInitiative);

  it('keeps 10% free by default, counts teams in, and splits the figure by unit', async () => {
    const { unit } = await ok(UNIT, { id: org.units.ops }, org.people.opsHead.token);
    expect(unit.strategicReserve).toBe(0.1);
    expect(unit.capacity).toMatchObject({ available: 10, committed: 0, reserve: 1, reserveLeft: 1 });
    expect(unit.capacity.reserveUsed).toBe(false);
    expect(unit.capacity.byUnit.map((p: any) => [p.unit.name, p.available])).toEqual([
      ['Operations', 8],
      ['Quality', 2],
    ]);
  });

  it('raises the alert when committed work eats into the reserve, and resolves it when the reserve is lowered', async () => {
    const big = await initiative('Rebuild the line', 7.5);
    await initiative('Quality circles', 2, org.units.qc, 'PROPOSED');
    const { unit } = await ok(UNIT, { id: org.units.ops }, org.people.opsHead.token);
    expect(unit.capacity).toMatchObject({ committed: 9.5, reserve: 1, reserveLeft: 0.5, reserveUsed: true });
    expect(unit.capacity.byUnit.map((p: any) => [p.unit.name, p.committed])).toEqual([
      ['Operations', 7.5],
      ['Quality', 2],
    ]);
    const [alert] = await reserveAlerts(org.people.opsHead.token);
    expect(alert).toMatchObject({ subjectType: 'UNIT', status: 'OPEN' });
    expect(alert.message).toContain('Operations has committed 9.5 of 10.0 people');
    // The team's own reserve: 2 committed of 2 available leaves nothing of its 10%.
    const qc = (await ok(ALERTS, { unitId: org.units.qc }, org.people.opsHead.token)).alerts;
    expect(qc.some((a: any) => a.rule === 'CAPACITY_RESERVE_USED' && a.subjectId === org.units.qc)).toBe(
      true,
    );

    const set = await ok(
      SET,
      { input: { id: org.units.ops, version: unit.version, strategicReserve: 0.05, reason: 'Peak season' } },
      org.people.opsHead.token,
    );
    expect(set.updateUnit.strategicReserve).toBe(0.05);
    expect(await reserveAlerts(org.people.opsHead.token)).toEqual([]);
    // Put it back, the alert returns with the same rule (one open alert per unit).
    await ok(
      SET,
      { input: { id: org.units.ops, version: set.updateUnit.version, strategicReserve: 0.1 } },
      org.people.exec.token,
    );
    expect(await reserveAlerts(org.people.exec.token)).toHaveLength(1);
    expect(big.capacity).toBe(7.5);
  });

  it('lets only the unit’s head or an executive set the reserve, between 0% and 50%', async () => {
    const { unit } = await ok(UNIT, { id: org.units.ops }, org.people.exec.token);
    const attempt = (token: string, strategicReserve: number) =>
      s.gql(SET, { input: { id: org.units.ops, version: unit.version, strategicReserve } }, token);
    const member = await attempt(org.people.member.token, 0.2);
    expect(member.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const otherHead = await attempt(org.people.salesHead.token, 0.2);
    expect(otherHead.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    for (const bad of [0.6, -0.1]) {
      const r = await attempt(org.people.exec.token, bad);
      expect(r.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'input.strategicReserve',
      });
    }
    const after = await ok(UNIT, { id: org.units.ops }, org.people.exec.token);
    expect(after.unit.strategicReserve).toBe(0.1);
    expect(after.unit.version).toBe(unit.version);
  });

  it('applies a what-if scenario in one versioned step, with history, and frees the reserve', async () => {
    const a = await initiative('Scenario A', 1);
    const b = await initiative('Scenario B', 1.5, org.units.ops, 'PROPOSED');
    const r = await ok(
      APPLY,
      {
        input: {
          reason: 'Q3 review: first things first',
          changes: [
            { initiativeId: a.id, version: a.version, committed: false },
            { initiativeId: b.id, version: b.version, capacity: 0.5 },
          ],
        },
      },
      org.people.opsHead.token,
    );
    expect(r.applyPortfolioScenario).toMatchObject([
      { id: a.id, status: 'PAUSED', capacity: 1, version: a.version + 1 },
      { id: b.id, status: 'PROPOSED', capacity: 0.5, version: b.version + 1 },
    ]);
    for (const id of [a.id, b.id]) {
      const { history } = await ok(
        `query($id: ID!) { history(subjectId: $id) { action reason } }`,
        { id },
        org.people.exec.token,
      );
      expect(history[0]).toEqual({ action: 'UPDATE', reason: 'Q3 review: first things first' });
    }
    // Switched back on: paused → active.
    const back = await ok(
      APPLY,
      {
        input: {
          reason: 'Back on',
          changes: [{ initiativeId: a.id, version: a.version + 1, committed: true }],
        },
      },
      org.people.exec.token,
    );
    expect(back.applyPortfolioScenario[0].status).toBe('ACTIVE');
  });

  it('refuses the whole scenario when one initiative changed meanwhile, naming it', async () => {
    const a = await initiative('Scenario C', 1);
    const b = await initiative('Scenario D', 1);
    // Someone else changes D after the scenario was built.
    await ok(
      `mutation($input: UpdateInitiativeInput!) { updateInitiative(input: $input) { version } }`,
      { input: { id: b.id, version: b.version, capacity: 2 } },
      org.people.exec.token,
    );
    const r = await s.gql(
      APPLY,
      {
        input: {
          reason: 'Make room',
          changes: [
            { initiativeId: a.id, version: a.version, committed: false },
            { initiativeId: b.id, version: b.version, committed: false },
          ],
        },
      },
      org.people.opsHead.token,
    );
    expect(r.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(r.errors?.[0].message).toContain('Scenario D');
    const still = await ok(INITIATIVE, { id: a.id }, org.people.exec.token);
    expect(still.initiative).toMatchObject({ status: 'ACTIVE', version: a.version, capacity: 1 });
  });

  it('refuses what the viewer may not change, bad capacities and switching on stopped work, changing nothing', async () => {
    const a = await initiative('Scenario E', 1);
    const stopped = await initiative('Scenario F', 1, org.units.ops, 'STOPPED');
    const apply = (token: string, changes: unknown[]) =>
      s.gql(APPLY, { input: { reason: 'Try', changes } }, token);
    const sales = await apply(org.people.salesHead.token, [
      { initiativeId: a.id, version: a.version, committed: false },
    ]);
    expect(sales.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const neg = await apply(org.people.exec.token, [
      { initiativeId: a.id, version: a.version, committed: false },
      { initiativeId: stopped.id, version: stopped.version, capacity: -1 },
    ]);
    expect(neg.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.changes.1.capacity',
    });
    const on = await apply(org.people.exec.token, [
      { initiativeId: a.id, version: a.version, committed: false },
      { initiativeId: stopped.id, version: stopped.version, committed: true },
    ]);
    expect(on.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.changes.1.committed',
    });
    const twice = await apply(org.people.exec.token, [
      { initiativeId: a.id, version: a.version, committed: false },
      { initiativeId: a.id, version: a.version, capacity: 2 },
    ]);
    expect(twice.errors?.[0].extensions).toMatchObject({ field: 'input.changes.1.initiativeId' });
    const noReason = await s.gql(
      APPLY,
      { input: { reason: ' ', changes: [{ initiativeId: a.id, version: a.version, committed: false }] } },
      org.people.exec.token,
    );
    expect(noReason.errors?.[0].extensions).toMatchObject({ field: 'input.reason' });
    const still = await ok(INITIATIVE, { id: a.id }, org.people.exec.token);
    expect(still.initiative).toMatchObject({ status: 'ACTIVE', version: a.version });
  });
});
