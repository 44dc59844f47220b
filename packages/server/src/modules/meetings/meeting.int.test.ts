import { formatDate } from '@throughline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { buildInitiative, buildKpi, buildMeasurement, buildOrg } from '../../../test/helpers/factories.js';
import { eventually, startTestServer, TestServer } from '../../../test/helpers/server.js';
import { liveSubscription, LiveSubscription } from '../../../test/helpers/subscriptions.js';

const DAY = 86_400_000;

const SCHEDULE = `mutation($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { id status title kind chair { id } participants { id } } }`;
const OPEN = `mutation($id: ID!) { openMeeting(id: $id) { id status openedAt } }`;
const CLOSE = `mutation($id: ID!, $minutes: String) { closeMeeting(id: $id, minutes: $minutes) { id status closedAt minutesText briefing { id offTrack { title ownerName } } } }`;
const DECIDE = `mutation($input: RecordDecisionInput!) { recordDecision(input: $input) { id text rationale revisitOn owner { id } meeting { id } subject { __typename ... on Kpi { id name } } } }`;
const ACT = `mutation($input: AddActionInput!) { addAction(input: $input) { id text status dueDate owner { id } decision { id } meeting { id } } }`;
const SET_STATUS = `mutation($id: ID!, $status: ActionStatus!) { setActionStatus(id: $id, status: $status) { id status completedAt } }`;
const DECISION_SUB = `subscription($unitId: ID) { decisionRecorded(unitId: $unitId) { id text owner { name } meeting { id title } } }`;
const ACTION_SUB = `subscription($unitId: ID) { actionChanged(unitId: $unitId) { id text status meeting { id } } }`;
const MEETING_SUB = `subscription($id: ID!) { meetingChanged(meetingId: $id) { id status decisions { id } actions { id status } } }`;

/** An organisation with live data that trips the agenda rules (exact names and owners). */
async function seedReviewState(db: DataSource) {
  const org = await buildOrg(db);
  const { units, people, plan, objectives } = org;
  const kpis = {
    onTime: await buildKpi(db, {
      unitId: units.ops,
      ownerId: people.member.id,
      objectiveIds: [objectives.opsObjective],
      name: 'On-time delivery',
      target: 95,
      amber: 90,
      red: 85,
    }),
    yield: await buildKpi(db, {
      unitId: units.ops,
      ownerId: people.opsHead.id,
      objectiveIds: [objectives.opsObjective],
      name: 'First-pass yield',
      target: 98,
      amber: 95,
      red: 90,
    }),
    audits: await buildKpi(db, {
      unitId: units.qc,
      ownerId: people.member.id,
      objectiveIds: [objectives.opsObjective],
      name: 'Audits completed',
      target: 10,
      amber: 8,
      red: 5,
    }),
    winRate: await buildKpi(db, {
      unitId: units.sales,
      ownerId: people.salesHead.id,
      name: 'Win rate',
      target: 30,
      amber: 25,
      red: 20,
    }),
    secret: await buildKpi(db, {
      unitId: units.secret,
      ownerId: people.insider.id,
      objectiveIds: [objectives.secretObjective],
      name: 'Targets screened',
      target: 20,
      amber: 15,
      red: 10,
    }),
  };
  await buildMeasurement(db, { kpiId: kpis.onTime, value: 80 }); // OFF_TRACK
  await buildMeasurement(db, { kpiId: kpis.yield, value: 93 }); // AT_RISK
  await buildMeasurement(db, { kpiId: kpis.audits, value: 12, at: new Date(Date.now() - 60 * DAY) }); // ON_TRACK but stale
  await buildMeasurement(db, { kpiId: kpis.winRate, value: 15 }); // OFF_TRACK, Sales
  await buildMeasurement(db, { kpiId: kpis.secret, value: 2 }); // OFF_TRACK, restricted
  const routing = await buildInitiative(db, {
    planId: plan,
    unitId: units.ops,
    ownerId: people.opsHead.id,
    objectiveIds: [objectives.opsObjective],
    kpiIds: [kpis.onTime],
    title: 'New routing',
  });
  const secretWork = await buildInitiative(db, {
    planId: plan,
    unitId: units.secret,
    ownerId: people.insider.id,
    objectiveIds: [objectives.secretObjective],
    title: 'Due diligence',
  });
  await db.query(
    `INSERT INTO milestone (initiative_id, title, due_date, version) VALUES ($1, 'Pilot live', current_date - 3, 1), ($2, 'Data room', current_date - 3, 1)`,
    [routing, secretWork],
  );
  return { ...org, kpis, initiatives: { routing, secretWork } };
}

describe('live reviews: meetings, decisions, actions', () => {
  let s: TestServer;
  let org: Awaited<ReturnType<typeof seedReviewState>>;
  const subs: LiveSubscription[] = [];
  beforeAll(async () => {
    s = await startTestServer({ seed: async (db) => (org = await seedReviewState(db)) });
  });
  afterAll(async () => {
    for (const x of subs) await x.close();
    await s?.close();
  });
  const sub = async (token: string, query: string, variables?: Record<string, unknown>) => {
    const x = await liveSubscription({ wsUrl: s.wsUrl, token, query, variables, bus: s.server.host.bus });
    subs.push(x);
    return x;
  };
  /** Runs an operation that must succeed and returns its data. */
  const ok = async (query: string, variables: Record<string, unknown>, token: string) => {
    const r = await s.gql(query, variables, token);
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    return r.data;
  };
  const schedule = async (token: string, input: Record<string, unknown>) =>
    (await ok(SCHEDULE, { input }, token)).scheduleMeeting;
  const counts = async () =>
    (
      await s.db.query(
        `SELECT (SELECT count(*) FROM decision)::int AS d, (SELECT count(*) FROM action)::int AS a, (SELECT count(*) FROM history_entry)::int AS h, (SELECT count(*) FROM graph_event)::int AS e`,
      )
    )[0];

  let first: { id: string };
  let next: { id: string };
  let decisionId: string;
  let actionId: string;

  it('records a decision and its action in a meeting; subscribers of the unit get them, others never', async () => {
    const t = org.people.opsHead.token;
    first = await schedule(t, {
      unitId: org.units.ops,
      kind: 'MONTHLY_OPERATIONAL',
      chairId: org.people.opsHead.id,
      participantIds: [org.people.member.id],
      scheduledAt: new Date(Date.now() - 2 * DAY).toISOString(),
    });
    expect(first).toMatchObject({
      status: 'SCHEDULED',
      title: `Operations monthly review — ${formatDate(new Date(Date.now() - 2 * DAY), { timeZone: 'UTC' })}`,
      chair: { id: org.people.opsHead.id },
      participants: [{ id: org.people.member.id }],
    });
    await ok(OPEN, { id: first.id }, t);

    const opsDecisions = await sub(org.people.opsHead.token, DECISION_SUB, { unitId: org.units.ops });
    const companyDecisions = await sub(org.people.exec.token, DECISION_SUB, { unitId: org.units.company });
    const salesDecisions = await sub(org.people.salesHead.token, DECISION_SUB, { unitId: org.units.sales });
    const opsActions = await sub(org.people.member.token, ACTION_SUB, { unitId: org.units.ops });
    const salesActions = await sub(org.people.salesHead.token, ACTION_SUB, { unitId: org.units.sales });
    const room = await sub(org.people.member.token, MEETING_SUB, { id: first.id });

    // A participant (not the chair) records in the meeting.
    const d = (
      await ok(
        DECIDE,
        {
          input: {
            meetingId: first.id,
            text: 'Add a second shift at the Brno line',
            ownerId: org.people.member.id,
            subjectId: org.kpis.onTime,
            rationale: 'On-time delivery is off track',
            revisitOn: new Date(Date.now() + DAY).toISOString().slice(0, 10),
          },
        },
        org.people.member.token,
      )
    ).recordDecision;
    expect(d).toMatchObject({
      text: 'Add a second shift at the Brno line',
      rationale: 'On-time delivery is off track',
      owner: { id: org.people.member.id },
      subject: { __typename: 'Kpi', id: org.kpis.onTime },
    });
    decisionId = d.id;
    const due = new Date(Date.now() + 7 * DAY).toISOString();
    const a = (
      await ok(
        ACT,
        {
          input: {
            meetingId: first.id,
            text: 'Hire two operators',
            ownerId: org.people.member.id,
            dueDate: due,
            decisionId,
          },
        },
        t,
      )
    ).addAction;
    expect(a).toMatchObject({ status: 'OPEN', decision: { id: decisionId }, meeting: { id: first.id } });
    actionId = a.id;

    await eventually(
      () =>
        opsDecisions.events.length === 1 &&
        companyDecisions.events.length === 1 &&
        opsActions.events.length === 1 &&
        room.events.length === 2,
      2_000,
      'deliveries',
    );
    expect(opsDecisions.events[0].decisionRecorded).toMatchObject({
      id: decisionId,
      owner: { name: 'Mia Member' },
      meeting: { id: first.id },
    });
    expect(opsActions.events[0].actionChanged).toMatchObject({ id: actionId, status: 'OPEN' });
    expect(room.events.at(-1).meetingChanged).toMatchObject({
      id: first.id,
      decisions: [{ id: decisionId }],
      actions: [{ id: actionId, status: 'OPEN' }],
    });

    // Subscribers of Sales get nothing of Operations: prove it by a later Sales event arriving alone.
    const salesMeeting = await schedule(org.people.salesHead.token, {
      unitId: org.units.sales,
      kind: 'MONTHLY_OPERATIONAL',
      chairId: org.people.salesHead.id,
      scheduledAt: new Date().toISOString(),
    });
    await ok(OPEN, { id: salesMeeting.id }, org.people.salesHead.token);
    const sd = (
      await ok(
        DECIDE,
        {
          input: {
            meetingId: salesMeeting.id,
            text: 'Drop the discount campaign',
            ownerId: org.people.salesHead.id,
          },
        },
        org.people.salesHead.token,
      )
    ).recordDecision;
    await eventually(() => salesDecisions.events.length === 1, 2_000, 'sales decision');
    expect(salesDecisions.events.map((e) => e.decisionRecorded.id)).toEqual([sd.id]);
    expect(salesActions.events).toEqual([]);
    await eventually(() => companyDecisions.events.length === 2, 2_000);
    expect(opsDecisions.events).toHaveLength(1);
  });

  it('opens with a snapshot of the scope and compares it with now', async () => {
    const r = await ok(
      `query($id: ID!) { meeting(id: $id) { snapshot { takenAt kpis { subjectId name value target health stale owner { name } } initiatives { name health } objectives { name health } } liveComparison { subjectId } } }`,
      { id: first.id },
      org.people.opsHead.token,
    );
    const kpis = r.meeting.snapshot.kpis;
    expect(kpis.map((k: any) => k.name).sort()).toEqual([
      'Audits completed',
      'First-pass yield',
      'On-time delivery',
    ]);
    expect(kpis.find((k: any) => k.name === 'On-time delivery')).toMatchObject({
      value: 80,
      target: 95,
      health: 'OFF_TRACK',
      stale: false,
      owner: { name: 'Mia Member' },
    });
    expect(kpis.find((k: any) => k.name === 'Audits completed')).toMatchObject({
      health: 'ON_TRACK',
      stale: true,
    });
    expect(r.meeting.snapshot.initiatives).toEqual([{ name: 'New routing', health: 'OFF_TRACK' }]);
    expect(r.meeting.liveComparison).toEqual([]);

    // The KPI recovers after opening: the snapshot keeps what the meeting saw; the comparison shows the move.
    await ok(
      `mutation($input: RecordMeasurementInput!) { recordMeasurement(input: $input) { id } }`,
      { input: { kpiId: org.kpis.onTime, value: 96, at: new Date().toISOString() } },
      org.people.exec.token,
    );
    const after = await ok(
      `query($id: ID!) { meeting(id: $id) { snapshot { kpis { subjectId health value } } liveComparison { subjectType subjectId name before after valueBefore valueAfter owner { name } } } }`,
      { id: first.id },
      org.people.opsHead.token,
    );
    expect(after.meeting.snapshot.kpis.find((k: any) => k.subjectId === org.kpis.onTime)).toMatchObject({
      health: 'OFF_TRACK',
      value: 80,
    });
    expect(after.meeting.liveComparison).toContainEqual({
      subjectType: 'KPI',
      subjectId: org.kpis.onTime,
      name: 'On-time delivery',
      before: 'OFF_TRACK',
      after: 'ON_TRACK',
      valueBefore: 80,
      valueAfter: 96,
      owner: { name: 'Mia Member' },
    });
    // Put it back off track for the agenda test below.
    await ok(
      `mutation($input: RecordMeasurementInput!) { recordMeasurement(input: $input) { id } }`,
      { input: { kpiId: org.kpis.onTime, value: 81, at: new Date(Date.now() + 1000).toISOString() } },
      org.people.exec.token,
    );
  });

  it('rejects bad input with the field at fault and writes nothing', async () => {
    const t = org.people.opsHead.token;
    const before = await counts();
    const base = { meetingId: first.id, text: 'x', ownerId: org.people.member.id };
    const cases: [string, Record<string, unknown>, string][] = [
      [DECIDE, { ...base, meetingId: '00000000-0000-4000-8000-000000000000' }, 'input.meetingId'],
      [DECIDE, { ...base, meetingId: 'nope' }, 'input.meetingId'],
      [DECIDE, { ...base, text: '   ' }, 'input.text'],
      [DECIDE, { ...base, ownerId: '00000000-0000-4000-8000-000000000000' }, 'input.ownerId'],
      [
        DECIDE,
        { ...base, ownerId: org.people.salesHead.id.replace(/.$/, (c) => (c === '0' ? '1' : '0')) },
        'input.ownerId',
      ],
      [DECIDE, { ...base, subjectId: org.kpis.secret }, 'input.subjectId'],
      [DECIDE, { ...base, revisitOn: '2001-01-01' }, 'input.revisitOn'],
      [ACT, { ...base, dueDate: '2001-01-01T00:00:00Z' }, 'input.dueDate'],
      [
        ACT,
        {
          ...base,
          dueDate: new Date(Date.now() + DAY).toISOString(),
          decisionId: '00000000-0000-4000-8000-000000000000',
        },
        'input.decisionId',
      ],
      [ACT, { ...base, text: '', dueDate: new Date(Date.now() + DAY).toISOString() }, 'input.text'],
    ];
    for (const [op, input, field] of cases) {
      const r = await s.gql(op, { input }, t);
      expect(r.errors?.[0].extensions, `${field} ${JSON.stringify(input)}`).toMatchObject({
        code: 'BAD_USER_INPUT',
        field,
      });
    }
    // The insider cannot own a decision of an Operations meeting? They can see Operations; but an ops member cannot own a restricted subject.
    // A due date that is not a DateTime at all is refused by the schema.
    const bad = await s.gql(ACT, { input: { ...base, dueDate: 'next tuesday' } }, t);
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    // Partner tokens may not run meetings; Sales' head may not record in an Operations meeting.
    const forbidden = await s.gql(DECIDE, { input: base }, org.people.salesHead.token);
    expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);
  });

  it('closes with minutes and a briefing; an action on a closed meeting is refused and writes nothing', async () => {
    const t = org.people.opsHead.token;
    const closed = (await ok(CLOSE, { id: first.id, minutes: 'Agreed a second shift.' }, t)).closeMeeting;
    expect(closed).toMatchObject({ status: 'CLOSED', minutesText: 'Agreed a second shift.' });
    expect(closed.briefing.offTrack).toContainEqual({ title: 'On-time delivery', ownerName: 'Mia Member' });
    const before = await counts();
    const r = await s.gql(
      ACT,
      {
        input: {
          meetingId: first.id,
          text: 'Late idea',
          ownerId: org.people.member.id,
          dueDate: new Date(Date.now() + DAY).toISOString(),
        },
      },
      t,
    );
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.meetingId' });
    const again = await s.gql(CLOSE, { id: first.id }, t);
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    expect(await counts()).toEqual(before);
  });

  it('the next meeting of the scope shows the previous decisions with the state of their actions, and open actions carried over', async () => {
    const t = org.people.opsHead.token;
    next = await schedule(t, {
      unitId: org.units.ops,
      kind: 'MONTHLY_OPERATIONAL',
      chairId: org.people.opsHead.id,
      scheduledAt: new Date(Date.now() + 2 * DAY).toISOString(),
    });
    const q = `query($id: ID!) { meeting(id: $id) { previousMeeting { id } previousDecisions { id text actions { id status } } carriedOverActions { id text status overdue owner { name } } } }`;
    const r1 = (await ok(q, { id: next.id }, t)).meeting;
    expect(r1.previousMeeting).toEqual({ id: first.id });
    expect(r1.previousDecisions).toEqual([
      {
        id: decisionId,
        text: 'Add a second shift at the Brno line',
        actions: [{ id: actionId, status: 'OPEN' }],
      },
    ]);
    expect(r1.carriedOverActions).toEqual([
      {
        id: actionId,
        text: 'Hire two operators',
        status: 'OPEN',
        overdue: false,
        owner: { name: 'Mia Member' },
      },
    ]);

    // The owner marks it done after the meeting closed: subscribers hear it, the next meeting shows it.
    const opsActions = await sub(org.people.opsHead.token, ACTION_SUB, { unitId: org.units.ops });
    const done = (await ok(SET_STATUS, { id: actionId, status: 'DONE' }, org.people.member.token))
      .setActionStatus;
    expect(done.status).toBe('DONE');
    expect(done.completedAt).toBeTruthy();
    await eventually(() => opsActions.events.length === 1, 2_000, 'action change');
    expect(opsActions.events[0].actionChanged).toMatchObject({ id: actionId, status: 'DONE' });
    const r2 = (await ok(q, { id: next.id }, t)).meeting;
    expect(r2.previousDecisions[0].actions).toEqual([{ id: actionId, status: 'DONE' }]);
    expect(r2.carriedOverActions).toEqual([]);
    // Sales' head cannot change it.
    const nope = await s.gql(SET_STATUS, { id: actionId, status: 'OPEN' }, org.people.salesHead.token);
    expect(nope.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('drafts the agenda from live data: previous decisions, carried-over actions, revisits, off-track, at-risk and stale KPIs, overdue milestones', async () => {
    // One more open action from the closed meeting, overdue, to be carried over.
    await s.db.query(
      `INSERT INTO action (meeting_id, unit_id, text, owner_id, due_date, status, version) VALUES ($1, $2, 'Fix the conveyor', $3, now() - interval '1 day', 'OPEN', 1)`,
      [first.id, org.units.ops, org.people.opsHead.id],
    );
    const r = await ok(
      `query($id: ID!) { draftAgendaFromLiveData(meetingId: $id) { items { kind title detail subjectId ownerName section } markdown } }`,
      { id: next.id },
      org.people.member.token,
    );
    const items = r.draftAgendaFromLiveData.items as {
      kind: string;
      title: string;
      detail: string;
      subjectId: string;
      ownerName: string;
    }[];
    const byKind = (k: string) => items.filter((i) => i.kind === k).map((i) => [i.title, i.ownerName]);
    expect(byKind('PREVIOUS_DECISION')).toEqual([['Add a second shift at the Brno line', 'Mia Member']]);
    expect(items.find((i) => i.kind === 'PREVIOUS_DECISION')!.detail).toBe('1 of 1 action done.');
    expect(byKind('OPEN_ACTION')).toEqual([['Fix the conveyor', 'Otto Ops']]);
    expect(items.find((i) => i.kind === 'OPEN_ACTION')!.detail).toMatch(
      /^Overdue since \d{1,2} [A-Z][a-z]{2} \d{4}\.$/,
    );
    expect(byKind('DECISION_TO_REVISIT')).toEqual([['Add a second shift at the Brno line', 'Mia Member']]);
    expect(byKind('OFF_TRACK_KPI')).toEqual([['On-time delivery', 'Mia Member']]);
    expect(byKind('AT_RISK_KPI')).toEqual([['First-pass yield', 'Otto Ops']]);
    expect(byKind('STALE_KPI')).toEqual([['Audits completed', 'Mia Member']]);
    expect(byKind('OVERDUE_MILESTONE')).toEqual([['New routing: Pilot live', 'Otto Ops']]);
    expect(items.map((i) => i.kind)).toEqual([
      'PREVIOUS_DECISION',
      'OPEN_ACTION',
      'DECISION_TO_REVISIT',
      'OFF_TRACK_KPI',
      'AT_RISK_KPI',
      'STALE_KPI',
      'OVERDUE_MILESTONE',
    ]);
    const md = r.draftAgendaFromLiveData.markdown as string;
    expect(md).toContain('## Off-track KPIs');
    expect(items.find((i) => i.kind === 'OFF_TRACK_KPI')).toMatchObject({ section: 'Off-track KPIs' });
    // The figures are dated: they do not follow live data once in the agenda.
    expect(md).toMatch(
      /^_Figures as drafted from live data at \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} UTC; /m,
    );
    expect(md).toContain('- **On-time delivery** (owner: Mia Member): Latest 81 % against target 95 %.');
    expect(md).not.toContain('Win rate'); // Sales is not in the Operations scope

    // A company review never drafts restricted items into its shared agenda, even for the CEO.
    const company = await schedule(org.people.exec.token, {
      unitId: org.units.company,
      kind: 'QUARTERLY_STRATEGIC',
      chairId: org.people.exec.id,
      scheduledAt: new Date().toISOString(),
    });
    const c = await ok(
      `query($id: ID!) { draftAgendaFromLiveData(meetingId: $id) { items { title } markdown } }`,
      { id: company.id },
      org.people.exec.token,
    );
    const titles = c.draftAgendaFromLiveData.items.map((i: { title: string }) => i.title);
    expect(titles).toContain('Win rate');
    expect(titles).not.toContain('Targets screened');
    expect(c.draftAgendaFromLiveData.markdown).not.toContain('Data room');
  });

  it('keeps Corporate Development meetings invisible to others on every path', async () => {
    const insider = org.people.insider;
    const salesSubs = await sub(org.people.salesHead.token, DECISION_SUB);
    const execSubs = await sub(org.people.exec.token, DECISION_SUB, { unitId: org.units.secret });
    const m = await schedule(insider.token, {
      unitId: org.units.secret,
      kind: 'MONTHLY_OPERATIONAL',
      chairId: insider.id,
      scheduledAt: new Date().toISOString(),
    });
    await ok(OPEN, { id: m.id }, insider.token);
    const d = (
      await ok(
        DECIDE,
        {
          input: {
            meetingId: m.id,
            text: 'Make an offer for SensorCo',
            ownerId: insider.id,
            subjectId: org.objectives.secretObjective,
          },
        },
        insider.token,
      )
    ).recordDecision;
    const a = (
      await ok(
        ACT,
        {
          input: {
            meetingId: m.id,
            text: 'Draft the term sheet',
            ownerId: insider.id,
            dueDate: new Date(Date.now() + DAY).toISOString(),
            decisionId: d.id,
          },
        },
        insider.token,
      )
    ).addAction;
    const closed = (await ok(CLOSE, { id: m.id }, insider.token)).closeMeeting;
    await eventually(() => execSubs.events.length === 1, 2_000, 'executive delivery');
    // A later visible decision reaches the sales head alone: the restricted one never did.
    const visible = await schedule(org.people.salesHead.token, {
      unitId: org.units.sales,
      kind: 'QUARTERLY_STRATEGIC',
      chairId: org.people.salesHead.id,
      scheduledAt: new Date().toISOString(),
    });
    await ok(OPEN, { id: visible.id }, org.people.salesHead.token);
    const vd = (
      await ok(
        DECIDE,
        {
          input: {
            meetingId: visible.id,
            text: 'Hire two account managers',
            ownerId: org.people.salesHead.id,
          },
        },
        org.people.salesHead.token,
      )
    ).recordDecision;
    await eventually(() => salesSubs.events.length >= 1, 2_000, 'visible decision');
    expect(salesSubs.events.map((e) => e.decisionRecorded.id)).toEqual([vd.id]);

    const sales = org.people.salesHead.token;
    const r = await ok(
      `query($m: ID!, $u: ID!) {
        meeting(id: $m) { id }
        meetings { id }
        secretMeetings: meetings(unitId: $u) { id }
        nextMeeting(unitId: $u) { id }
        decisions { id }
        actions { id }
        units { id }
      }`,
      { m: m.id, u: org.units.secret },
      sales,
    );
    expect(r.meeting).toBeNull();
    expect(r.meetings.map((x: { id: string }) => x.id)).not.toContain(m.id);
    expect(r.secretMeetings).toEqual([]);
    expect(r.nextMeeting).toBeNull();
    expect(r.decisions.map((x: { id: string }) => x.id)).not.toContain(d.id);
    expect(r.actions.map((x: { id: string }) => x.id)).not.toContain(a.id);
    const tries = [
      s.gql(`query($id: ID!) { draftAgendaFromLiveData(meetingId: $id) { markdown } }`, { id: m.id }, sales),
      s.gql(`query($id: ID!) { storedBriefing(id: $id) { id } }`, { id: closed.briefing.id }, sales),
      s.gql(`query($u: ID!) { briefings(unitId: $u) { id } }`, { u: org.units.secret }, sales),
      s.gql(`query($u: ID!) { followThrough(unitId: $u) { due } }`, { u: org.units.secret }, sales),
      s.gql(`mutation($id: ID!) { setActionStatus(id: $id, status: DONE) { id } }`, { id: a.id }, sales),
    ];
    for (const res of await Promise.all(tries))
      expect(JSON.stringify(res)).not.toMatch(/SensorCo|term sheet/);
    const [agenda, stored, list, ft, set] = await Promise.all(tries);
    expect(agenda.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(stored.data.storedBriefing).toBeNull();
    expect(list.data.briefings).toEqual([]);
    expect(ft.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(set.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    for (const ext of ['md', 'html']) {
      const res = await fetch(`${s.url}/briefings/${closed.briefing.id}.${ext}`, {
        headers: { authorization: `Bearer ${sales}` },
      });
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('SensorCo');
    }
    // The insider and the executive see all of it.
    for (const token of [insider.token, org.people.exec.token]) {
      const seen = await ok(
        `query($m: ID!) { meeting(id: $m) { decisions { text subject { ... on Objective { title } } } actions { text } briefing { id } } }`,
        { m: m.id },
        token,
      );
      expect(seen.meeting).toMatchObject({
        decisions: [{ text: 'Make an offer for SensorCo', subject: { title: 'Acquire SensorCo' } }],
        actions: [{ text: 'Draft the term sheet' }],
      });
      const res = await fetch(`${s.url}/briefings/${closed.briefing.id}.md`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
    }
    const anon = await fetch(`${s.url}/briefings/${closed.briefing.id}.md`);
    expect(anon.status).toBe(401);
  });

  it('computes follow-through per unit and per owner: done by the due date / due', async () => {
    const t = org.people.salesHead.token;
    const m = await schedule(t, {
      unitId: org.units.sales,
      kind: 'ANNUAL_REFRESH',
      chairId: org.people.salesHead.id,
      participantIds: [org.people.exec.id],
      scheduledAt: new Date(Date.now() - 30 * DAY).toISOString(),
    });
    await ok(OPEN, { id: m.id }, t);
    const add = async (text: string, ownerId: string, dueInDays: number) =>
      (
        await ok(
          ACT,
          {
            input: {
              meetingId: m.id,
              text,
              ownerId,
              dueDate: new Date(Date.now() + dueInDays * DAY).toISOString(),
            },
          },
          t,
        )
      ).addAction.id as string;
    const onTime = await add('On time', org.people.salesHead.id, -20);
    const late = await add('Late', org.people.salesHead.id, -10);
    await add('Never done', org.people.exec.id, -5);
    const dropped = await add('Dropped', org.people.exec.id, -5);
    const early = await add('Not due yet', org.people.exec.id, 10);
    for (const id of [onTime, late, early]) await ok(SET_STATUS, { id, status: 'DONE' }, t);
    await ok(SET_STATUS, { id: dropped, status: 'DROPPED' }, t);
    // Completion times as they happened: one within its due date, one after.
    await s.db.query(`UPDATE action SET completed_at = due_date - interval '1 day' WHERE id = $1`, [onTime]);
    await s.db.query(`UPDATE action SET completed_at = due_date + interval '2 days' WHERE id = $1`, [late]);
    const r = await ok(
      `query($u: ID!) { followThrough(unitId: $u) { rate due doneOnTime byOwner { owner { name } rate due doneOnTime } } }`,
      { u: org.units.sales },
      t,
    );
    expect(r.followThrough).toEqual({
      rate: 1 / 3,
      due: 3,
      doneOnTime: 1,
      byOwner: [
        { owner: { name: 'Eve Exec' }, rate: 0, due: 1, doneOnTime: 0 },
        { owner: { name: 'Sam Sales' }, rate: 0.5, due: 2, doneOnTime: 1 },
      ],
    });
    const empty = await ok(
      `query($u: ID!) { followThrough(unitId: $u) { rate due doneOnTime byOwner { due } } }`,
      { u: org.units.qc },
      t,
    );
    expect(empty.followThrough).toEqual({ rate: null, due: 0, doneOnTime: 0, byOwner: [] });
  });

  it('lists the decision register and the next meeting of a unit', async () => {
    const t = org.people.opsHead.token;
    const r = await ok(
      `query($u: ID!, $by: Date!) { decisions(unitId: $u) { id text rationale } due: decisions(unitId: $u, revisitDueBy: $by) { id } nextMeeting(unitId: $u) { id } meetings(unitId: $u, status: CLOSED) { id } }`,
      { u: org.units.ops, by: new Date(Date.now() + 2 * DAY).toISOString().slice(0, 10) },
      t,
    );
    expect(r.decisions).toEqual([
      {
        id: decisionId,
        text: 'Add a second shift at the Brno line',
        rationale: 'On-time delivery is off track',
      },
    ]);
    expect(r.due).toEqual([{ id: decisionId }]);
    expect(r.nextMeeting).toEqual({ id: next.id });
    expect(r.meetings).toEqual([{ id: first.id }]);
  });
});
