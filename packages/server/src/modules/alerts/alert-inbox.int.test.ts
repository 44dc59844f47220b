import { UnitKind } from '@throughline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock.js';
import { buildKpi, buildOrg, buildUnit, setHead } from '../../../test/helpers/factories.js';
import { eventually, startTestServer, TestServer } from '../../../test/helpers/server.js';
import { liveSubscription } from '../../../test/helpers/subscriptions.js';
import { runDriftScan } from '../drift/drift.service.js';

const ALERTS = `query($unitId: ID, $statuses: [AlertStatus!], $rules: [String!], $mine: Boolean, $first: Int) {
  alerts(unitId: $unitId, statuses: $statuses, rules: $rules, mine: $mine, first: $first) {
    id rule message subjectId status acknowledgedNote acknowledgedBy { name } escalatedTo { id name }
    escalationLevel escalation subjectPath unit { id } } }`;
const ACK = `mutation($id: ID!, $note: String) { acknowledgeAlert(id: $id, note: $note) { id status acknowledgedNote } }`;
const CHANGED = `subscription($unitId: ID) { alertChanged(unitId: $unitId) { id rule status subjectId acknowledgedNote } }`;
const ALL = ['OPEN', 'ACKNOWLEDGED', 'RESOLVED'];
const DAY = 86_400_000;

// The inbox, the portfolio rules through every write path that moves them, early warning and
// escalation, on one server at a fixed instant (the middle of a month; escalation moves the clock).
describe('alert inbox, portfolio rules, early warning and escalation', () => {
  let s: TestServer;
  const clock = new ManualClock('2027-03-15T10:00:00Z');
  let org: Awaited<ReturnType<typeof buildOrg>>;
  let team2: string;
  const subs: { close(): Promise<void> }[] = [];
  beforeAll(async () => {
    s = await startTestServer({
      clock,
      seed: async (db) => {
        org = await buildOrg(db);
        await setHead(db, org.units.company, org.people.exec.id);
        team2 = await buildUnit(db, { name: 'Logistics', kind: UnitKind.TEAM, parentId: org.units.ops });
      },
    });
  });
  afterAll(async () => {
    for (const x of subs) await x.close();
    await s?.close();
  });

  const exec = () => org.people.exec.token;
  const gql = async (q: string, v: Record<string, unknown>, token = exec()) => {
    const r = await s.gql(q, v, token);
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    return r.data;
  };
  const alertsOf = async (subjectId: string, rule: string, statuses = ['OPEN', 'ACKNOWLEDGED']) =>
    (await gql(ALERTS, { statuses, rules: [rule] })).alerts.filter((a: any) => a.subjectId === subjectId);
  const isOpen = async (subjectId: string, rule: string) => (await alertsOf(subjectId, rule)).length === 1;
  const version = async (table: string, id: string) =>
    (await s.db.query(`SELECT version FROM ${table} WHERE id = $1`, [id]))[0].version as number;

  it('more than three objectives for a team in a quarter: create, move, dates, archive and restore raise and resolve it', async () => {
    const rule = 'TEAM_OBJECTIVES_OVER_LIMIT';
    const create = async (title: string, unitId = org.units.qc) =>
      (
        await gql(`mutation($i: CreateObjectiveInput!) { createObjective(input: $i) { id } }`, {
          i: {
            planId: org.plan,
            title,
            ownerId: org.people.opsHead.id,
            unitId,
            periodStart: '2027-04-01',
            periodEnd: '2027-06-30',
          },
        })
      ).createObjective.id as string;
    const ids = [await create('One'), await create('Two'), await create('Three')];
    expect(await isOpen(org.units.qc, rule)).toBe(false);
    ids.push(await create('Four'));
    const [raised] = await alertsOf(org.units.qc, rule);
    expect(raised.message).toBe(
      'Quality has more than 3 objectives in a quarter (4 in 2027-Q2): focus is spread thin.',
    );
    expect(raised.subjectPath).toBe('/plan');
    const update = async (id: string, changes: Record<string, unknown>) =>
      gql(`mutation($i: UpdateObjectiveInput!) { updateObjective(input: $i) { id } }`, {
        i: { id, version: await version('objective', id), ...changes },
      });
    // Move one to another team: resolved; back: raised again.
    await update(ids[3], { unitId: team2 });
    expect(await isOpen(org.units.qc, rule)).toBe(false);
    await update(ids[3], { unitId: org.units.qc });
    expect(await isOpen(org.units.qc, rule)).toBe(true);
    // Dates: one moves to the next quarter (resolved), then spans both (raised, naming the quarter).
    await update(ids[3], { periodStart: '2027-07-01', periodEnd: '2027-09-30' });
    expect(await isOpen(org.units.qc, rule)).toBe(false);
    await update(ids[3], { periodStart: '2027-06-01', periodEnd: '2027-09-30' });
    expect((await alertsOf(org.units.qc, rule))[0].message).toContain('(4 in 2027-Q2)');
    // Archive and restore.
    const archive = async (id: string, archived: boolean) =>
      gql(
        `mutation($id: ID!, $v: Int!) { ${archived ? 'archiveObjective' : 'restoreObjective'}(id: $id, version: $v) { id } }`,
        { id, v: await version('objective', id) },
      );
    await archive(ids[0], true);
    expect(await isOpen(org.units.qc, rule)).toBe(false);
    await archive(ids[0], false);
    expect(await isOpen(org.units.qc, rule)).toBe(true);
    // Clean up for the other tests: one fewer in Q2.
    await archive(ids[0], true);
    const history = (await gql(ALERTS, { statuses: ['RESOLVED'], rules: [rule] })).alerts;
    expect(history.length).toBe(4);
  });

  it('more than seven KPIs on the executive dashboard: create, flag, archive and restore raise and resolve it', async () => {
    const rule = 'DASHBOARD_OVER_LIMIT';
    const company = org.units.company;
    const ids: string[] = [];
    for (let i = 1; i <= 8; i++)
      ids.push(
        (
          await gql(`mutation($i: CreateKpiInput!) { createKpi(input: $i) { id } }`, {
            i: {
              name: `Board KPI ${i}`,
              unitOfMeasure: '%',
              direction: 'HIGHER_IS_BETTER',
              ownerId: org.people.exec.id,
              unitId: company,
              objectiveIds: [org.objectives.companyObjective],
              onExecutiveDashboard: true,
            },
          })
        ).createKpi.id,
      );
    const [a] = await alertsOf(company, rule);
    expect(a.message).toBe(
      'The executive dashboard shows 8 KPIs; the limit is 7. Take 1 off so the few that matter stand out.',
    );
    const flag = async (id: string, on: boolean) =>
      gql(`mutation($i: UpdateKpiInput!) { updateKpi(input: $i) { id } }`, {
        i: { id, version: await version('kpi', id), onExecutiveDashboard: on },
      });
    await flag(ids[0], false);
    expect(await isOpen(company, rule)).toBe(false);
    await flag(ids[0], true);
    expect(await isOpen(company, rule)).toBe(true);
    await gql(`mutation($id: ID!, $v: Int!) { archiveKpi(id: $id, version: $v) { id } }`, {
      id: ids[1],
      v: await version('kpi', ids[1]),
    });
    expect(await isOpen(company, rule)).toBe(false);
    await gql(`mutation($id: ID!, $v: Int!) { restoreKpi(id: $id, version: $v) { id } }`, {
      id: ids[1],
      v: await version('kpi', ids[1]),
    });
    expect(await isOpen(company, rule)).toBe(true);
    // The sales head sees the alert (the company is visible to all) but may not acknowledge it.
    const [open] = await alertsOf(company, rule);
    const refused = await s.gql(ACK, { id: open.id }, org.people.salesHead.token);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    await flag(ids[0], false); // back to seven
    expect(await isOpen(company, rule)).toBe(false);
  });

  it('committed capacity over available: initiative capacity, status, unit, archive and unit capacity raise and resolve it', async () => {
    const rule = 'CAPACITY_OVERCOMMITTED';
    const setCapacity = async (id: string, availableCapacity: number) =>
      gql(`mutation($i: UpdateUnitInput!) { updateUnit(input: $i) { id } }`, {
        i: { id, version: await version('unit', id), availableCapacity },
      });
    await setCapacity(org.units.sales, 100);
    await setCapacity(org.units.ops, 6);
    await setCapacity(org.units.qc, 4);
    const create = async (unitId: string, capacity: number) =>
      (
        await gql(`mutation($i: CreateInitiativeInput!) { createInitiative(input: $i) { id } }`, {
          i: {
            planId: org.plan,
            title: `Work ${capacity}`,
            ownerId: org.people.opsHead.id,
            unitId,
            capacity,
            status: 'ACTIVE',
          },
        })
      ).createInitiative.id as string;
    const a = await create(org.units.ops, 6);
    const b = await create(org.units.qc, 4);
    expect(await isOpen(org.units.ops, rule)).toBe(false);
    const update = async (id: string, changes: Record<string, unknown>) =>
      gql(`mutation($i: UpdateInitiativeInput!) { updateInitiative(input: $i) { id } }`, {
        i: { id, version: await version('initiative', id), ...changes },
      });
    await update(b, { capacity: 5 });
    expect(await isOpen(org.units.qc, rule)).toBe(true);
    const [ops] = await alertsOf(org.units.ops, rule);
    expect(ops.message).toBe(
      'Operations has committed 11.0 people to initiatives but has only 10.0: 1.0 more than it has. Pause, stop or move work.',
    );
    expect(ops.subjectPath).toBe('/portfolio');
    await update(b, { status: 'PAUSED' });
    expect(await isOpen(org.units.ops, rule)).toBe(false);
    expect(await isOpen(org.units.qc, rule)).toBe(false);
    await update(b, { status: 'ACTIVE' });
    expect(await isOpen(org.units.ops, rule)).toBe(true);
    await update(b, { unitId: org.units.sales });
    expect(await isOpen(org.units.ops, rule)).toBe(false);
    expect(await isOpen(org.units.sales, rule)).toBe(false);
    await update(b, { unitId: org.units.qc });
    expect(await isOpen(org.units.qc, rule)).toBe(true);
    await setCapacity(org.units.qc, 5);
    expect(await isOpen(org.units.qc, rule)).toBe(false);
    expect(await isOpen(org.units.ops, rule)).toBe(false);
    await setCapacity(org.units.qc, 4);
    expect(await isOpen(org.units.ops, rule)).toBe(true);
    await gql(`mutation($id: ID!, $v: Int!) { archiveInitiative(id: $id, version: $v) { id } }`, {
      id: a,
      v: await version('initiative', a),
    });
    expect(await isOpen(org.units.ops, rule)).toBe(false);
    await gql(`mutation($id: ID!, $v: Int!) { archiveInitiative(id: $id, version: $v) { id } }`, {
      id: b,
      v: await version('initiative', b),
    });
    expect(await isOpen(org.units.qc, rule)).toBe(false);
  });

  let forecastAlert: string;
  let outlierKpi: string;
  let outlierMeasurement: string;
  it('early warning: a trend heading for red and a value far outside its history raise alerts with the numbers, live; corrections resolve them', async () => {
    const execLive = await liveSubscription({
      wsUrl: s.wsUrl,
      token: exec(),
      query: CHANGED,
      bus: s.server.host.bus,
    });
    const salesLive = await liveSubscription({
      wsUrl: s.wsUrl,
      token: org.people.salesHead.token,
      query: CHANGED,
      variables: { unitId: org.units.sales },
      bus: s.server.host.bus,
    });
    subs.push(execLive, salesLive);
    const kpi = await buildKpi(s.db, {
      unitId: org.units.ops,
      ownerId: org.people.opsHead.id,
      objectiveIds: [org.objectives.opsObjective],
      name: 'On-time delivery',
      target: 90,
      amber: 85,
      red: 75,
    });
    const month = (back: number) => new Date(Date.UTC(2027, 2 - back, 15, 9)).toISOString();
    const record = async (kpiId: string, value: number, at: string, token = org.people.opsHead.token) =>
      (
        await gql(
          `mutation($i: RecordMeasurementInput!) { recordMeasurement(input: $i) { id } }`,
          { i: { kpiId, value, at } },
          token,
        )
      ).recordMeasurement.id as string;
    const values = [95, 92, 89, 86, 83];
    for (const [i, v] of values.entries()) await record(kpi, v, month(5 - i));
    expect(await isOpen(kpi, 'KPI_FORECAST_RED')).toBe(false); // five values: not enough
    const latest = await record(kpi, 80, month(0)); // amber now; the line reaches 74 in May
    const [f] = await alertsOf(kpi, 'KPI_FORECAST_RED');
    expect(f.message).toBe(
      'On-time delivery is heading for red: the trend of its last 6 values forecasts 74 % by May 2027 against red below 75 %.',
    );
    expect(f.subjectPath).toBe(`/kpis/${kpi}`);
    forecastAlert = f.id;
    await eventually(
      () => execLive.events.some((e) => e.alertChanged.id === f.id && e.alertChanged.status === 'OPEN'),
      2_000,
      'the raise reaches the executive live',
    );

    // Acknowledged with a note by the owner: the state change reaches the executive live.
    const tooLong = await s.gql(ACK, { id: f.id, note: 'x'.repeat(2001) }, org.people.opsHead.token);
    expect(tooLong.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(tooLong.errors?.[0].extensions?.field).toBe('note');
    const ack = await gql(ACK, { id: f.id, note: '  New carrier from April.  ' }, org.people.opsHead.token);
    expect(ack.acknowledgeAlert).toMatchObject({
      status: 'ACKNOWLEDGED',
      acknowledgedNote: 'New carrier from April.',
    });
    await eventually(
      () =>
        execLive.events.some(
          (e) => e.alertChanged.id === f.id && e.alertChanged.acknowledgedNote === 'New carrier from April.',
        ),
      2_000,
      'the acknowledgement reaches the executive live',
    );
    const acked = (await gql(ALERTS, { statuses: ['ACKNOWLEDGED'], rules: ['KPI_FORECAST_RED'] })).alerts;
    expect(acked.map((a: any) => [a.id, a.acknowledgedNote, a.acknowledgedBy.name])).toEqual([
      [f.id, 'New carrier from April.', 'Otto Ops'],
    ]);
    // A correction that breaks the trend resolves it, live.
    await gql(`mutation($i: CorrectMeasurementInput!) { correctMeasurement(input: $i) { id } }`, {
      i: { measurementId: latest, value: 88 },
    });
    expect(await isOpen(kpi, 'KPI_FORECAST_RED')).toBe(false);
    await eventually(
      () => execLive.events.some((e) => e.alertChanged.id === f.id && e.alertChanged.status === 'RESOLVED'),
      2_000,
      'the resolution reaches the executive live',
    );

    // Outlier: a team KPI (owned by a member) six steady months, then a jump.
    outlierKpi = await buildKpi(s.db, {
      unitId: org.units.qc,
      ownerId: org.people.member.id,
      objectiveIds: [org.objectives.opsObjective],
      name: 'Scrap rate',
      direction: 'LOWER_IS_BETTER' as any,
      target: 60,
      amber: 65,
      red: 80,
    });
    for (const [i, v] of [50, 52, 50, 52, 50, 52].entries())
      await record(outlierKpi, v, month(6 - i), org.people.member.token);
    outlierMeasurement = await record(outlierKpi, 70, month(0), org.people.member.token);
    const [o] = await alertsOf(outlierKpi, 'KPI_OUTLIER');
    expect(o.message).toBe(
      "Scrap rate's latest value 70 % is 17.3 standard deviations above the mean of the 6 values before it (51 %, standard deviation 1.1 %; the limit is 3). Check the value, or what happened.",
    );
    // Only visible alerts are filtered and delivered: the sales head's unit-scoped stream got nothing of Operations.
    expect(salesLive.events).toEqual([]);
    // The member sees it among "mine"; the sales head does not.
    const mine = (await gql(ALERTS, { mine: true, rules: ['KPI_OUTLIER'] }, org.people.member.token)).alerts;
    expect(mine.map((a: any) => a.id)).toEqual([o.id]);
    expect((await gql(ALERTS, { mine: true }, org.people.salesHead.token)).alerts).toEqual([]);
    const bad = await s.gql(ALERTS, { first: 0 }, exec());
    expect(bad.errors?.[0].extensions?.field).toBe('first');
  });

  it('escalation: unacknowledged past the plan window goes one head up, then the next, and says so; acknowledged alerts stay', async () => {
    await gql(`mutation($i: UpdatePlanInput!) { updatePlan(input: $i) { alertEscalationDays } }`, {
      i: { id: org.plan, version: await version('plan', org.plan), alertEscalationDays: 2 },
    });
    const bad = await s.gql(
      `mutation($i: UpdatePlanInput!) { updatePlan(input: $i) { id } }`,
      {
        i: { id: org.plan, version: await version('plan', org.plan), alertEscalationDays: 0 },
      },
      exec(),
    );
    expect(bad.errors?.[0].extensions?.field).toBe('input.alertEscalationDays');
    const outlierAlert = async () => (await alertsOf(outlierKpi, 'KPI_OUTLIER'))[0];
    clock.advance(2 * DAY - 60_000);
    await runDriftScan(s.db, clock.now());
    expect((await outlierAlert()).escalationLevel).toBe(0);
    clock.advance(60_000);
    const first = await runDriftScan(s.db, clock.now());
    expect(first.escalated).toBeGreaterThan(0);
    let a = await outlierAlert();
    // Quality has no head: the next head up is the head of Operations.
    expect(a.escalatedTo).toEqual({ id: org.people.opsHead.id, name: 'Otto Ops' });
    expect(a.escalation).toBe(
      'Escalated to Otto Ops (head of Operations) on 17 Mar 2027 because nobody acknowledged it within 2 days.',
    );
    const opsMine = (await gql(ALERTS, { mine: true, rules: ['KPI_OUTLIER'] }, org.people.opsHead.token))
      .alerts;
    expect(opsMine.map((x: any) => x.id)).toContain(a.id);
    clock.advance(2 * DAY);
    await runDriftScan(s.db, clock.now());
    a = await outlierAlert();
    expect(a.escalationLevel).toBe(2);
    expect(a.escalation).toBe(
      'Escalated to Eve Exec (head of Acme) on 19 Mar 2027 because nobody acknowledged it within 2 days.',
    );
    // At the top it stays.
    clock.advance(2 * DAY);
    await runDriftScan(s.db, clock.now());
    expect((await outlierAlert()).escalationLevel).toBe(2);
    // The forecast alert was acknowledged (then resolved): never escalated.
    const f = (await gql(ALERTS, { statuses: ALL, rules: ['KPI_FORECAST_RED'] })).alerts.find(
      (x: any) => x.id === forecastAlert,
    );
    expect(f.escalationLevel).toBe(0);
    // Correcting the value resolves it, escalation record kept.
    await gql(`mutation($i: CorrectMeasurementInput!) { correctMeasurement(input: $i) { id } }`, {
      i: { measurementId: outlierMeasurement, value: 51 },
    });
    const resolved = (await gql(ALERTS, { statuses: ['RESOLVED'], rules: ['KPI_OUTLIER'] })).alerts[0];
    expect(resolved.escalationLevel).toBe(2);
  });

  it('alertCount counts what alerts lists for the same filters and viewer, and nothing the viewer may not see', async () => {
    const COUNT = `query($unitId: ID, $statuses: [AlertStatus!], $rules: [String!], $mine: Boolean) {
      alertCount(unitId: $unitId, statuses: $statuses, rules: $rules, mine: $mine) }`;
    const people = org.people;
    const cases: [string, Record<string, unknown>][] = [
      ['open (default)', {}],
      ['every status', { statuses: ALL }],
      ['resolved', { statuses: ['RESOLVED'] }],
      ['one rule', { rules: ['KPI_OUTLIER'], statuses: ALL }],
      ['mine', { mine: true, statuses: ALL }],
      ['Operations and below', { unitId: org.units.ops, statuses: ALL }],
      ['no rule', { rules: [] }],
    ];
    // One alert in the restricted unit: its insider and executives count it, the others do not.
    await s.db.query(
      `INSERT INTO alert (rule, message, subject_id, subject_type, unit_id, owner_id, status, raised_at)
       VALUES ('KPI_OFF_TRACK', 'Secret KPI off track', $1, 'OBJECTIVE', $2, $3, 'OPEN', now())`,
      [org.objectives.secretObjective, org.units.secret, people.insider.id],
    );
    let execAll = 0;
    const viewers = {
      exec: people.exec,
      opsHead: people.opsHead,
      member: people.member,
      salesHead: people.salesHead,
    };
    for (const [who, p] of Object.entries(viewers)) {
      for (const [what, v] of cases) {
        const listed = await s.gql(ALERTS, { ...v, first: 500 }, p.token);
        const counted = await s.gql(COUNT, v, p.token);
        // Refused alike (a unit outside the viewer's part) or answered alike.
        expect(counted.errors?.[0]?.extensions?.code, `${who}, ${what}`).toBe(
          listed.errors?.[0]?.extensions?.code,
        );
        if (listed.errors) continue;
        expect(counted.data.alertCount, `${who}, ${what}`).toBe(listed.data.alerts.length);
        if (who === 'exec' && what === 'every status') execAll = listed.data.alerts.length;
      }
    }
    expect(execAll).toBeGreaterThan(1);
    const open = async (token: string) => (await gql(COUNT, {}, token)).alertCount as number;
    const execOpen = await open(exec());
    expect(await open(people.salesHead.token)).toBe(execOpen - 1);
    expect(await open(people.insider.token)).toBeGreaterThanOrEqual(1);
    expect((await gql(COUNT, { unitId: org.units.secret }, people.insider.token)).alertCount).toBe(1);
    const bad = await s.gql(COUNT, { rules: [''] }, exec());
    expect(bad.errors?.[0].extensions?.field).toBe('rules');
  });
});
