import { effectiveThresholds, Direction } from '@throughline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock.js';
import { buildInitiative, buildKpi, buildMeasurement, buildOrg } from '../../../test/helpers/factories.js';
import { eventually, startTestServer, TestServer } from '../../../test/helpers/server.js';
import { liveSubscription } from '../../../test/helpers/subscriptions.js';
import { seedDemoOrganisation } from '../../db/seed/demo-organisation.js';
import { runDriftScan } from '../drift/drift.service.js';

const ALERT_RAISED = `subscription($unitId: ID) { alertRaised(unitId: $unitId) { id rule message subjectId subjectType status raisedAt unit { name } owner { email } } }`;
const RECORD = `mutation($input: RecordMeasurementInput!) { recordMeasurement(input: $input) { id } }`;
const ALERTS = `query($unitId: ID, $statuses: [AlertStatus!]) { alerts(unitId: $unitId, statuses: $statuses) { id rule subjectId status acknowledgedAt acknowledgedBy { id } resolvedAt } }`;
const ACK = `mutation($id: ID!) { acknowledgeAlert(id: $id) { id status acknowledgedAt acknowledgedBy { id } } }`;

// The one suite on the real clock: the demo organisation seeded as of today and alerts raised
// by today's measurements, so the product is also checked against the real calendar. Every
// other date-sensitive suite runs at fixed instants (see drift-calendar.int.test.ts).
describe('alertRaised on the demo organisation (partner token → unit head, live, real clock)', () => {
  let s: TestServer;
  let demo: Awaited<ReturnType<typeof seedDemoOrganisation>>;
  const subs: { close(): Promise<void> }[] = [];
  beforeAll(async () => {
    s = await startTestServer({ seed: async (db) => (demo = await seedDemoOrganisation(db)) });
  });
  afterAll(async () => {
    for (const x of subs) await x.close();
    await s?.close();
  });

  it('a write:measurements partner token puts an Operations KPI into the red: ops.head hears it live, sales.head never', async () => {
    const ceo = await s.login('ceo@demo.test');
    const created = await s.gql(
      `mutation { createApiToken(name: "ERP feed", scopes: ["write:measurements"]) { secret } }`,
      {},
      ceo,
    );
    const partner = created.data.createApiToken.secret as string;
    const opsHead = await s.login('ops.head@demo.test');
    const salesHead = await s.login('sales.head@demo.test');
    // An Operations KPI (in the department or a team below it) that is not red yet.
    const kpis = await s.gql(
      `query($u: ID!) { kpis(unitId: $u) { id name direction health currentTarget { target amber red } } }`,
      { u: demo.units['Operations'] },
      ceo,
    );
    const kpi = kpis.data.kpis.find((k: any) => k.health !== 'OFF_TRACK' && k.currentTarget);
    expect(kpi, 'an Operations KPI that is not off track').toBeTruthy();
    const t = effectiveThresholds({
      direction: kpi.direction,
      target: kpi.currentTarget.target,
      amber: kpi.currentTarget.amber,
      red: kpi.currentTarget.red,
    })!;
    const span = Math.abs(t.amber - t.red) + Math.abs(kpi.currentTarget.target) + 1;
    const redValue = kpi.direction === Direction.HIGHER_IS_BETTER ? t.red - span : t.red + span;

    const ops = await liveSubscription({
      wsUrl: s.wsUrl,
      token: opsHead,
      query: ALERT_RAISED,
      bus: s.server.host.bus,
    });
    const sales = await liveSubscription({
      wsUrl: s.wsUrl,
      token: salesHead,
      query: ALERT_RAISED,
      bus: s.server.host.bus,
    });
    const salesUnit = await liveSubscription({
      wsUrl: s.wsUrl,
      token: salesHead,
      query: ALERT_RAISED,
      variables: { unitId: demo.units['Sales'] },
      bus: s.server.host.bus,
    });
    subs.push(ops, sales, salesUnit);

    const r = await s.gql(
      RECORD,
      { input: { kpiId: kpi.id, value: redValue, at: new Date().toISOString(), note: 'from the ERP' } },
      partner,
    );
    expect(r.errors).toBeUndefined();
    await eventually(
      () =>
        ops.events.some((e) => e.alertRaised.subjectId === kpi.id && e.alertRaised.rule === 'KPI_OFF_TRACK'),
      10_000,
      'the alert at ops.head',
    );
    const alert = ops.events.find((e) => e.alertRaised.rule === 'KPI_OFF_TRACK').alertRaised;
    expect(alert).toMatchObject({ subjectType: 'KPI', status: 'OPEN' });
    expect(alert.message).toContain(kpi.name);

    // A later alert that sales.head does receive proves their subscriptions were live and in order.
    const salesKpis = await s.gql(
      `query($u: ID!) { kpis(unitId: $u) { id direction currentTarget { target amber red } health } }`,
      { u: demo.units['Sales'] },
      ceo,
    );
    const sk = salesKpis.data.kpis.find((k: any) => k.health !== 'OFF_TRACK' && k.currentTarget);
    const st = effectiveThresholds({
      direction: sk.direction,
      target: sk.currentTarget.target,
      amber: sk.currentTarget.amber,
      red: sk.currentTarget.red,
    })!;
    const sSpan = Math.abs(st.amber - st.red) + Math.abs(sk.currentTarget.target) + 1;
    await s.gql(
      RECORD,
      {
        input: {
          kpiId: sk.id,
          value: sk.direction === Direction.HIGHER_IS_BETTER ? st.red - sSpan : st.red + sSpan,
          at: new Date().toISOString(),
        },
      },
      partner,
    );
    await eventually(
      () =>
        sales.events.some((e) => e.alertRaised.subjectId === sk.id) &&
        salesUnit.events.some((e) => e.alertRaised.subjectId === sk.id),
      2_000,
      'the Sales alert',
    );
    expect(sales.events.map((e) => e.alertRaised.subjectId)).not.toContain(kpi.id);
    expect(salesUnit.events.map((e) => e.alertRaised.subjectId)).not.toContain(kpi.id);
  });
});

describe('alert lifecycle and drift rules (at a fixed instant)', () => {
  let s: TestServer;
  // The last day of a month, late: month arithmetic and staleness windows are at their most awkward.
  const clock = new ManualClock('2027-01-31T21:45:00Z');
  let org: Awaited<ReturnType<typeof buildOrg>>;
  let kpi: string;
  let secretKpi: string;
  const subs: { close(): Promise<void> }[] = [];
  beforeAll(async () => {
    s = await startTestServer({
      clock,
      seed: async (db) => {
        org = await buildOrg(db);
        kpi = await buildKpi(db, {
          unitId: org.units.qc,
          ownerId: org.people.member.id,
          objectiveIds: [org.objectives.opsObjective],
          name: 'Yield',
          target: 95,
          amber: 92,
          red: 88,
        });
        secretKpi = await buildKpi(db, {
          unitId: org.units.secret,
          ownerId: org.people.insider.id,
          objectiveIds: [org.objectives.secretObjective],
          name: 'Valuation',
          target: 10,
          amber: 9,
          red: 5,
        });
      },
    });
  });
  afterAll(async () => {
    for (const x of subs) await x.close();
    await s?.close();
  });
  const record = async (kpiId: string, value: number, at = clock.now(), token = org.people.exec.token) => {
    const r = await s.gql(RECORD, { input: { kpiId, value, at: at.toISOString() } }, token);
    expect(r.errors).toBeUndefined();
  };
  const alertsOf = async (subjectId: string, statuses = ['OPEN', 'ACKNOWLEDGED', 'RESOLVED']) =>
    (await s.gql(ALERTS, { statuses }, org.people.exec.token)).data.alerts.filter(
      (a: any) => a.subjectId === subjectId,
    );

  it('raises once, deduplicates, moves amber → red, and resolves itself when the KPI recovers', async () => {
    const sub = await liveSubscription({
      wsUrl: s.wsUrl,
      token: org.people.member.token,
      query: ALERT_RAISED,
      bus: s.server.host.bus,
    });
    subs.push(sub);
    await record(kpi, 90); // amber
    await record(kpi, 91); // still amber: no second alert
    let list = await alertsOf(kpi);
    expect(list.map((a: any) => [a.rule, a.status])).toEqual([['KPI_AT_RISK', 'OPEN']]);
    await record(kpi, 80); // red: amber resolves, red raised
    list = await alertsOf(kpi);
    expect(list.map((a: any) => `${a.rule}:${a.status}`).sort()).toEqual([
      'KPI_AT_RISK:RESOLVED',
      'KPI_OFF_TRACK:OPEN',
    ]);
    await record(kpi, 79);
    await eventually(() => sub.events.length >= 2, 2_000);
    expect(sub.events.map((e) => e.alertRaised.rule)).toEqual(['KPI_AT_RISK', 'KPI_OFF_TRACK']);
    const [{ n }] = await s.db.query(
      `SELECT count(*)::int AS n FROM alert WHERE subject_id = $1 AND rule = 'KPI_OFF_TRACK'`,
      [kpi],
    );
    expect(n).toBe(1);
    await record(kpi, 96); // recovers
    list = await alertsOf(kpi);
    expect(list.every((a: any) => a.status === 'RESOLVED' && a.resolvedAt)).toBe(true);
    expect(await alertsOf(kpi, ['OPEN', 'ACKNOWLEDGED'])).toEqual([]);
    // Two transactions racing to raise the same alert still leave one open alert.
    await Promise.all([record(kpi, 70), record(kpi, 71), record(kpi, 72)]);
    expect((await alertsOf(kpi, ['OPEN'])).filter((a: any) => a.rule === 'KPI_OFF_TRACK')).toHaveLength(1);
  });

  it('is acknowledged by the owner or a unit head, FORBIDDEN to others who can see it, NOT_FOUND to those who cannot', async () => {
    const [open] = (await alertsOf(kpi, ['OPEN'])).filter((a: any) => a.rule === 'KPI_OFF_TRACK');
    const bySales = await s.gql(ACK, { id: open.id }, org.people.salesHead.token);
    expect(bySales.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    await record(secretKpi, 1);
    const [secretAlert] = await alertsOf(secretKpi, ['OPEN']);
    const byOutsider = await s.gql(ACK, { id: secretAlert.id }, org.people.opsHead.token);
    expect(byOutsider.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const byHead = await s.gql(ACK, { id: open.id }, org.people.opsHead.token);
    expect(byHead.errors).toBeUndefined();
    expect(byHead.data.acknowledgeAlert).toMatchObject({
      status: 'ACKNOWLEDGED',
      acknowledgedBy: { id: org.people.opsHead.id },
    });
    // Still open (acknowledged): listed by default, and not raised again while the KPI stays red.
    await record(kpi, 60);
    const list = await alertsOf(kpi, ['OPEN', 'ACKNOWLEDGED']);
    expect(list.map((a: any) => `${a.rule}:${a.status}`)).toEqual(['KPI_OFF_TRACK:ACKNOWLEDGED']);
    await record(kpi, 99);
    const resolved = await s.gql(ACK, { id: open.id }, org.people.member.token);
    expect(resolved.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  it('lists only alerts the viewer may see; unitId narrows to the subtree and must be visible', async () => {
    const q = (token: string, unitId?: string) => s.gql(ALERTS, { unitId }, token);
    const salesView = await q(org.people.salesHead.token);
    expect(salesView.data.alerts.map((a: any) => a.subjectId)).not.toContain(secretKpi);
    const insiderView = await q(org.people.insider.token, org.units.secret);
    expect(insiderView.data.alerts.map((a: any) => a.subjectId)).toContain(secretKpi);
    const opsOnly = await q(org.people.exec.token, org.units.sales);
    expect(opsOnly.data.alerts.map((a: any) => a.subjectId)).not.toContain(secretKpi);
    const bad = await q(org.people.salesHead.token, org.units.secret);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'unitId' });
  });

  it('raises KPI_DECLINING after three periods of decline in a row', async () => {
    const k = await buildKpi(s.db, {
      unitId: org.units.ops,
      ownerId: org.people.opsHead.id,
      objectiveIds: [org.objectives.opsObjective],
      name: 'On-time delivery',
      target: 50,
      amber: 40,
      red: 30,
    });
    // The 15th of earlier months (always a valid day), then the current period at now: the
    // latest measurement is fresh, so only the decline rule may trip (not KPI_STALE).
    const now = clock.now();
    const month = (n: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - n, 15));
    await buildMeasurement(s.db, { kpiId: k, value: 90, at: month(3), clock });
    await buildMeasurement(s.db, { kpiId: k, value: 85, at: month(2), clock });
    await buildMeasurement(s.db, { kpiId: k, value: 80, at: month(1), clock });
    await record(k, 75, now); // third step down (still on track: decline is its own rule)
    expect((await alertsOf(k, ['OPEN'])).map((a: any) => a.rule)).toEqual(['KPI_DECLINING']);
    await record(k, 88, now); // the same period's latest value: no longer a decline
    expect(await alertsOf(k, ['OPEN'])).toEqual([]);
  });

  it('vanity, initiative links, owners who left, stale KPIs and overdue milestones: raised and resolved by the change that fixes them', async () => {
    const exec = org.people.exec.token;
    const created = await s.gql(
      `mutation($i: CreateKpiInput!) { createKpi(input: $i) { id version } }`,
      {
        i: {
          name: 'Followers',
          unitOfMeasure: 'people',
          direction: 'HIGHER_IS_BETTER',
          ownerId: org.people.opsHead.id,
          unitId: org.units.ops,
        },
      },
      exec,
    );
    const vanity = created.data.createKpi.id;
    expect((await alertsOf(vanity, ['OPEN'])).map((a: any) => a.rule)).toEqual(['KPI_VANITY']);
    await s.gql(
      `mutation($o: ID!, $k: ID!) { linkKpiToObjective(objectiveId: $o, kpiId: $k) { id } }`,
      { o: org.objectives.opsObjective, k: vanity },
      exec,
    );
    expect(await alertsOf(vanity, ['OPEN'])).toEqual([]);

    const ini = await s.gql(
      `mutation($i: CreateInitiativeInput!) { createInitiative(input: $i) { id } }`,
      {
        i: {
          planId: org.plan,
          title: 'Robots',
          ownerId: org.people.opsHead.id,
          unitId: org.units.ops,
          status: 'ACTIVE',
        },
      },
      exec,
    );
    const iid = ini.data.createInitiative.id;
    expect((await alertsOf(iid, ['OPEN'])).map((a: any) => a.rule).sort()).toEqual([
      'INITIATIVE_NO_KPI',
      'INITIATIVE_NO_OBJECTIVE',
    ]);
    await s.gql(
      `mutation($i: ID!, $o: ID!) { linkInitiativeToObjective(initiativeId: $i, objectiveId: $o) { id } }`,
      { i: iid, o: org.objectives.opsObjective },
      exec,
    );
    await s.gql(
      `mutation($i: ID!, $k: ID!) { linkInitiativeToKpi(initiativeId: $i, kpiId: $k) { id } }`,
      { i: iid, k: vanity },
      exec,
    );
    expect(await alertsOf(iid, ['OPEN'])).toEqual([]);
    // Archiving the only KPI it targets trips the rule again.
    await s.gql(
      `mutation($id: ID!, $v: Int!) { archiveKpi(id: $id, version: $v) { id } }`,
      { id: vanity, v: (await s.db.query(`SELECT version FROM kpi WHERE id = $1`, [vanity]))[0].version },
      exec,
    );
    expect((await alertsOf(iid, ['OPEN'])).map((a: any) => a.rule)).toEqual(['INITIATIVE_NO_KPI']);

    // Time-based rules run on the schedule: a stale KPI, an overdue milestone, an owner who left.
    const stale = await buildKpi(s.db, {
      unitId: org.units.ops,
      ownerId: org.people.member.id,
      objectiveIds: [org.objectives.opsObjective],
      name: 'Scrap rate',
      target: 5,
    });
    await buildMeasurement(s.db, {
      kpiId: stale,
      value: 5,
      at: new Date(clock.now().getTime() - 60 * 86400_000),
      clock,
    });
    const ms = await s.gql(
      `mutation($i: AddMilestoneInput!) { addMilestone(input: $i) { id version } }`,
      {
        i: {
          initiativeId: iid,
          title: 'Pilot cell',
          dueDate: new Date(clock.now().getTime() + 5 * 86400_000).toISOString().slice(0, 10),
        },
      },
      exec,
    );
    const msId = ms.data.addMilestone.id;
    await s.db.query(`UPDATE milestone SET due_date = $2::date - 3 WHERE id = $1`, [
      msId,
      clock.now().toISOString().slice(0, 10),
    ]);
    const leaver = org.people.salesHead.id;
    const leaverObjective = (
      await s.db.query(
        `INSERT INTO objective (plan_id, title, owner_id, unit_id, version) VALUES ($1, 'Win key accounts', $2, $3, 1) RETURNING id`,
        [org.plan, leaver, org.units.sales],
      )
    )[0].id;
    await s.db.query(`UPDATE person SET archived_at = $2 WHERE id = $1`, [leaver, clock.now()]);

    const scan = await runDriftScan(s.db, clock.now());
    expect(scan.skipped).toBe(false);
    expect((await alertsOf(stale, ['OPEN'])).map((a: any) => a.rule)).toEqual(['KPI_STALE']);
    expect((await alertsOf(msId, ['OPEN'])).map((a: any) => a.rule)).toEqual(['MILESTONE_OVERDUE']);
    const unowned = await alertsOf(leaverObjective, ['OPEN']);
    expect(unowned.map((a: any) => a.rule)).toEqual(['OBJECTIVE_UNOWNED']);
    // A second scan changes nothing.
    expect(await runDriftScan(s.db, clock.now())).toEqual({
      skipped: false,
      raised: 0,
      resolved: 0,
      escalated: 0,
    });

    // The fixes resolve them through the change hooks, not the next scan.
    await record(stale, 6);
    expect(await alertsOf(stale, ['OPEN'])).toEqual([]);
    await s.gql(
      `mutation($i: UpdateMilestoneInput!) { updateMilestone(input: $i) { id } }`,
      { i: { id: msId, version: ms.data.addMilestone.version, completed: true } },
      exec,
    );
    expect(await alertsOf(msId, ['OPEN'])).toEqual([]);
    const r = await s.gql(
      `mutation($i: UpdateObjectiveInput!) { updateObjective(input: $i) { id } }`,
      { i: { id: leaverObjective, version: 1, ownerId: org.people.exec.id } },
      exec,
    );
    expect(r.errors).toBeUndefined();
    expect(await alertsOf(leaverObjective, ['OPEN'])).toEqual([]);
  });

  it('the scheduled scan runs on one instance at a time (advisory lock)', async () => {
    const qr = s.db.createQueryRunner();
    await qr.connect();
    try {
      await qr.query(`SELECT pg_advisory_lock(hashtext('throughline:drift-scan'))`);
      expect(await runDriftScan(s.db, clock.now())).toMatchObject({ skipped: true });
      await qr.query(`SELECT pg_advisory_unlock(hashtext('throughline:drift-scan'))`);
      expect(await runDriftScan(s.db, clock.now())).toMatchObject({ skipped: false });
    } finally {
      await qr.release();
    }
  });

  it('an initiative built without links is flagged once its hooks run (factory rows are evaluated on their next change)', async () => {
    const iid = await buildInitiative(s.db, {
      planId: org.plan,
      unitId: org.units.ops,
      ownerId: org.people.opsHead.id,
    });
    const v = (await s.db.query(`SELECT version FROM initiative WHERE id = $1`, [iid]))[0].version;
    await s.gql(
      `mutation($i: UpdateInitiativeInput!) { updateInitiative(input: $i) { id } }`,
      { i: { id: iid, version: v, status: 'COMPLETED' } },
      org.people.exec.token,
    );
    expect(await alertsOf(iid, ['OPEN'])).toEqual([]); // completed initiatives are not judged
  });
});
