import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInitiative, buildKpi, buildMeasurement, buildOrg } from '../../../test/helpers/factories.js';
import { startTestServer, TestServer } from '../../../test/helpers/server.js';

describe('review-to-review diff', () => {
  let s: TestServer;
  let org: Awaited<ReturnType<typeof buildOrg>> & {
    kpi: string;
    secretKpi: string;
    routing: string;
    secretWork: string;
  };
  beforeAll(async () => {
    s = await startTestServer({
      seed: async (db) => {
        const o = await buildOrg(db);
        const kpi = await buildKpi(db, {
          unitId: o.units.ops,
          ownerId: o.people.member.id,
          objectiveIds: [o.objectives.opsObjective],
          name: 'On-time delivery',
          target: 95,
          amber: 90,
          red: 85,
        });
        await buildMeasurement(db, { kpiId: kpi, value: 96 });
        const secretKpi = await buildKpi(db, {
          unitId: o.units.secret,
          ownerId: o.people.insider.id,
          name: 'Targets screened',
          target: 20,
        });
        const routing = await buildInitiative(db, {
          planId: o.plan,
          unitId: o.units.ops,
          ownerId: o.people.opsHead.id,
          objectiveIds: [o.objectives.opsObjective],
          title: 'New routing',
        });
        const secretWork = await buildInitiative(db, {
          planId: o.plan,
          unitId: o.units.secret,
          ownerId: o.people.insider.id,
          title: 'Due diligence',
        });
        org = { ...o, kpi, secretKpi, routing, secretWork };
      },
    });
  });
  afterAll(async () => s?.close());

  const ok = async (query: string, variables: Record<string, unknown>, token: string) => {
    const r = await s.gql(query, variables, token);
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    return r.data;
  };
  const meeting = async (unitId: string, token: string, chairId: string) => {
    const m = (
      await ok(
        `mutation($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { id } }`,
        { input: { unitId, kind: 'QUARTERLY_STRATEGIC', chairId, scheduledAt: new Date().toISOString() } },
        token,
      )
    ).scheduleMeeting;
    await ok(`mutation($id: ID!) { openMeeting(id: $id) { id } }`, { id: m.id }, token);
    return m.id as string;
  };
  const DIFF = `query($a: ID!, $b: ID!) { reviewDiff(fromMeetingId: $a, toMeetingId: $b) { from { id } to { id } entries { kind subjectType subjectId title before after reason changedBy { name } } } }`;

  it('lists objectives added and archived, targets moved, initiatives started and stopped, KPIs that changed health, with who', async () => {
    const exec = org.people.exec;
    const t = exec.token;
    const q1 = await meeting(org.units.company, t, exec.id);
    await ok(`mutation($id: ID!) { closeMeeting(id: $id) { id } }`, { id: q1 }, t);

    const opsHead = org.people.opsHead.token;
    const created = (
      await ok(
        `mutation($input: CreateObjectiveInput!) { createObjective(input: $input) { id } }`,
        {
          input: {
            planId: org.plan,
            title: 'Halve scrap',
            ownerId: org.people.member.id,
            unitId: org.units.qc,
            reason: 'Scrap doubled',
          },
        },
        opsHead,
      )
    ).createObjective;
    await ok(
      `mutation($id: ID!) { archiveObjective(id: $id, version: 1, reason: "merged") { id } }`,
      { id: org.objectives.opsObjective },
      t,
    );
    await ok(
      `mutation($input: SetKpiTargetInput!) { setKpiTarget(input: $input) { id } }`,
      {
        input: {
          kpiId: org.kpi,
          version: 1,
          periodStart: '2000-01-01',
          periodEnd: '2100-12-31',
          target: 97,
          amber: 92,
          red: 88,
          reason: 'Customers expect more',
        },
      },
      opsHead,
    );
    await ok(
      `mutation($input: UpdateInitiativeInput!) { updateInitiative(input: $input) { id } }`,
      { input: { id: org.routing, version: 1, status: 'STOPPED', reason: 'No capacity' } },
      opsHead,
    );
    await ok(
      `mutation($input: UpdateInitiativeInput!) { updateInitiative(input: $input) { id } }`,
      { input: { id: org.secretWork, version: 1, status: 'PAUSED' } },
      org.people.insider.token,
    );
    // 96 was on track against 95; against the new target (amber 92) 91 is at risk.
    await ok(
      `mutation($input: RecordMeasurementInput!) { recordMeasurement(input: $input) { id } }`,
      { input: { kpiId: org.kpi, value: 91, at: new Date().toISOString() } },
      t,
    );
    const q2 = await meeting(org.units.company, t, exec.id);

    const r = (await ok(DIFF, { a: q1, b: q2 }, t)).reviewDiff;
    expect(r.from.id).toBe(q1);
    const entries = r.entries.map((e: any) => [
      e.kind,
      e.title,
      e.before,
      e.after,
      e.changedBy?.name ?? null,
      e.reason,
    ]);
    expect(entries).toEqual([
      ['OBJECTIVE_ADDED', 'Halve scrap', null, null, 'Otto Ops', 'Scrap doubled'],
      ['OBJECTIVE_ARCHIVED', 'Deliver on time', null, null, 'Eve Exec', 'merged'],
      [
        'TARGET_MOVED',
        'On-time delivery',
        '95 for 2000-01-01 to 2100-12-31',
        '97 for 2000-01-01 to 2100-12-31',
        'Otto Ops',
        'Customers expect more',
      ],
      ['INITIATIVE_STOPPED', 'New routing', 'ACTIVE', 'STOPPED', 'Otto Ops', 'No capacity'],
      ['INITIATIVE_PAUSED', 'Due diligence', 'ACTIVE', 'PAUSED', 'Ines Insider', null],
      ['KPI_HEALTH_CHANGED', 'On-time delivery', 'ON_TRACK', 'AT_RISK', null, null],
    ]);
    expect(r.entries.find((e: any) => e.kind === 'OBJECTIVE_ADDED').subjectId).toBe(created.id);

    // The sales head sees the same diff without the restricted unit's change.
    const sales = (await ok(DIFF, { a: q1, b: q2 }, org.people.salesHead.token)).reviewDiff;
    expect(sales.entries.map((e: any) => e.title)).not.toContain('Due diligence');
    expect(sales.entries).toHaveLength(5);
  });

  it('requires two visible meetings of the same scope, the earlier first', async () => {
    const t = org.people.exec.token;
    const company = (
      await ok(
        `query($u: ID!) { meetings(unitId: $u, kind: QUARTERLY_STRATEGIC) { id } }`,
        { u: org.units.company },
        t,
      )
    ).meetings.map((m: { id: string }) => m.id);
    const [later, earlier] = company;
    const ops = await meeting(org.units.ops, t, org.people.exec.id);
    const secret = await meeting(org.units.secret, org.people.insider.token, org.people.insider.id);
    const cases: [Record<string, string>, string, string][] = [
      [{ a: earlier, b: ops }, 'toMeetingId', t],
      [{ a: later, b: earlier }, 'toMeetingId', t],
      [{ a: '00000000-0000-4000-8000-000000000000', b: later }, 'fromMeetingId', t],
      [{ a: earlier, b: secret }, 'toMeetingId', org.people.salesHead.token],
    ];
    for (const [vars, field, token] of cases) {
      const r = await s.gql(DIFF, vars, token);
      expect(r.errors?.[0].extensions, JSON.stringify(vars)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });

  it('answers "since the last review" on a meeting: decisions taken, actions closed, KPI health up to now while it is open', async () => {
    const t = org.people.exec.token;
    const exec = org.people.exec;
    const SINCE = `query($m: ID!) { meeting(id: $m) { previousMeeting { id } sinceLastReview { from { id } to { id } entries { kind title before after reason meeting { id } changedBy { name } } } } }`;
    const first = await meeting(org.units.ops, t, exec.id);
    // No earlier closed review of this scope: said plainly (null).
    expect((await ok(SINCE, { m: first }, t)).meeting).toEqual({
      previousMeeting: null,
      sinceLastReview: null,
    });
    const decision = (
      await ok(
        `mutation($input: RecordDecisionInput!) { recordDecision(input: $input) { id } }`,
        { input: { meetingId: first, ownerId: exec.id, text: 'Open a second line', rationale: 'Backlog' } },
        t,
      )
    ).recordDecision.id;
    const action = async (text: string) =>
      (
        await ok(
          `mutation($input: AddActionInput!) { addAction(input: $input) { id } }`,
          {
            input: {
              meetingId: first,
              decisionId: decision,
              ownerId: exec.id,
              text,
              dueDate: new Date(Date.now() + 86_400_000).toISOString(),
            },
          },
          t,
        )
      ).addAction.id as string;
    const hire = await action('Hire two operators');
    const lease = await action('Lease the building');
    const reopened = await action('Order the tools');
    await ok(`mutation($id: ID!) { closeMeeting(id: $id) { id } }`, { id: first }, t);
    const second = await meeting(org.units.ops, t, exec.id);
    const status = (id: string, s: string) =>
      ok(
        `mutation($id: ID!, $s: ActionStatus!) { setActionStatus(id: $id, status: $s) { id } }`,
        { id, s },
        t,
      );
    await status(hire, 'DONE');
    await status(lease, 'DROPPED');
    await status(reopened, 'DONE');
    await status(reopened, 'OPEN');
    // After the second review opened: its live side is now, so this value still counts.
    await ok(
      `mutation($input: RecordMeasurementInput!) { recordMeasurement(input: $input) { id } }`,
      { input: { kpiId: org.kpi, value: 80, at: new Date().toISOString() } },
      t,
    );
    const r = (await ok(SINCE, { m: second }, t)).meeting;
    expect(r.previousMeeting).toEqual({ id: first });
    expect(r.sinceLastReview.from.id).toBe(first);
    expect(r.sinceLastReview.to.id).toBe(second);
    const entries = r.sinceLastReview.entries.map((e: any) => [
      e.kind,
      e.title,
      e.after,
      e.reason,
      e.meeting?.id ?? null,
    ]);
    expect(entries).toEqual([
      ['DECISION_TAKEN', 'Open a second line', null, 'Backlog', first],
      ['ACTION_DONE', 'Hire two operators', 'DONE', null, first],
      ['ACTION_DROPPED', 'Lease the building', 'DROPPED', null, first],
      ['KPI_HEALTH_CHANGED', 'On-time delivery', 'OFF_TRACK', null, null],
    ]);
    expect(r.sinceLastReview.entries[0].changedBy).toEqual({ name: 'Eve Exec' });
  });
});
