import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock.js';
import { buildInitiative, buildKpi, buildOrg } from '../../../test/helpers/factories.js';
import { eventually, startTestServer, TestServer } from '../../../test/helpers/server.js';
import { liveSubscription, LiveSubscription } from '../../../test/helpers/subscriptions.js';

// The decision register: subject search, edit (history, CONFLICT), supersede (chain, status), filters, pages, visibility.
const SCHEDULE = `mutation($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { id } }`;
const OPEN = `mutation($id: ID!) { openMeeting(id: $id) { id status } }`;
const DECISION_FIELDS = `id text rationale revisitOn version status supersededAt owner { id } meeting { id }
  subject { __typename ... on Objective { id title } ... on Kpi { id name } ... on Initiative { id title } }
  supersedes { id text } supersededBy { id text } viewerCan { edit }`;
const DECIDE = `mutation($input: RecordDecisionInput!) { recordDecision(input: $input) { ${DECISION_FIELDS} } }`;
const EDIT = `mutation($input: EditDecisionInput!) { editDecision(input: $input) { ${DECISION_FIELDS} } }`;
const SUPERSEDE = `mutation($input: SupersedeDecisionInput!) { supersedeDecision(input: $input) { ${DECISION_FIELDS} } }`;
const SEARCH = `query($q: String!, $unitId: ID) { searchSubjects(query: $q, unitId: $unitId) {
  __typename ... on Objective { id title } ... on Kpi { id name } ... on Initiative { id title } } }`;
const REGISTER = `query($unitId: ID, $ownerId: ID, $status: DecisionStatus, $search: String, $subjectType: SubjectType,
  $revisitDueBy: Date, $first: Int! = 100, $after: ID) {
  decisions(unitId: $unitId, ownerId: $ownerId, status: $status, search: $search, subjectType: $subjectType,
    revisitDueBy: $revisitDueBy, first: $first, after: $after) { id text status } }`;
const ACT = `mutation($input: AddActionInput!) { addAction(input: $input) { id } }`;
const SET_STATUS = `mutation($id: ID!, $status: ActionStatus!) { setActionStatus(id: $id, status: $status) { id } }`;
const CHANGED_SUB = `subscription($unitId: ID) { decisionChanged(unitId: $unitId) { id text status } }`;
const IN = `query($id: ID!) { meeting(id: $id) { decisions { id supersedableIn { id } } } }`;

describe('decision register', () => {
  // An awkward instant: the last half hour of a leap day in UTC (already 1 March in Oslo).
  const clock = new ManualClock('2028-02-29T23:30:00Z');
  let s: TestServer;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  let kpi: string;
  let initiative: string;
  const subs: LiveSubscription[] = [];
  const meetings: Record<'ops' | 'company' | 'sales' | 'secret', string> = {} as never;

  beforeAll(async () => {
    s = await startTestServer({
      clock,
      seed: async (db) => {
        org = await buildOrg(db);
        kpi = await buildKpi(db, {
          unitId: org.units.ops,
          ownerId: org.people.member.id,
          name: 'On-time delivery',
          target: 95,
          amber: 90,
          red: 85,
        });
        initiative = await buildInitiative(db, {
          planId: org.plan,
          unitId: org.units.ops,
          ownerId: org.people.opsHead.id,
          title: 'Delivery routing',
        });
      },
    });
    const ex = org.people.exec.token;
    const at = clock.now().toISOString();
    const open = async (unitId: string, chairId: string, participantIds: string[] = []) => {
      const id = (
        await ok(
          SCHEDULE,
          { input: { unitId, kind: 'MONTHLY_OPERATIONAL', chairId, participantIds, scheduledAt: at } },
          ex,
        )
      ).scheduleMeeting.id;
      await ok(OPEN, { id }, ex);
      return id;
    };
    meetings.ops = await open(org.units.ops, org.people.opsHead.id, [org.people.member.id]);
    meetings.company = await open(org.units.company, org.people.exec.id);
    meetings.sales = await open(org.units.sales, org.people.salesHead.id);
    meetings.secret = await open(org.units.secret, org.people.insider.id);
  });
  afterAll(async () => {
    for (const x of subs) await x.close();
    await s?.close();
  });

  const ok = async (query: string, variables: Record<string, unknown>, token: string) => {
    const r = await s.gql(query, variables, token);
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    return r.data;
  };
  const fails = async (query: string, variables: Record<string, unknown>, token: string) => {
    const r = await s.gql(query, variables, token);
    expect(r.errors, 'expected an error').toBeDefined();
    return { code: r.errors![0].extensions?.code, field: r.errors![0].extensions?.field };
  };
  const register = async (token: string, vars: Record<string, unknown> = {}) =>
    (await ok(REGISTER, vars, token)).decisions as { id: string; text: string; status: string }[];
  const historyCount = async (id: string) =>
    (await s.db.query(`SELECT count(*)::int AS n FROM history_entry WHERE subject_id = $1`, [id]))[0].n;

  let decision: { id: string; version: number };

  it('searches objectives, KPIs and initiatives the viewer may see, names starting with the query first', async () => {
    const hits = (await ok(SEARCH, { q: 'deliv' }, org.people.member.token)).searchSubjects;
    expect(hits).toEqual([
      { __typename: 'Objective', id: org.objectives.opsObjective, title: 'Deliver on time' },
      { __typename: 'Initiative', id: initiative, title: 'Delivery routing' },
      { __typename: 'Kpi', id: kpi, name: 'On-time delivery' },
    ]);
    // The restricted unit's objective: its members and executives find it, nobody else does.
    expect((await ok(SEARCH, { q: 'acquire' }, org.people.salesHead.token)).searchSubjects).toEqual([]);
    expect((await ok(SEARCH, { q: 'acquire' }, org.people.exec.token)).searchSubjects).toHaveLength(1);
    // In a company review only what its whole audience may see.
    expect(
      (await ok(SEARCH, { q: 'acquire', unitId: org.units.company }, org.people.exec.token)).searchSubjects,
    ).toEqual([]);
    // LIKE characters are text, not patterns.
    expect((await ok(SEARCH, { q: '%' }, org.people.exec.token)).searchSubjects).toEqual([]);
  });

  it('records a decision with a subject and a revisit date; its participants edit it, with history and CONFLICT', async () => {
    const d = (
      await ok(
        DECIDE,
        {
          input: {
            meetingId: meetings.ops,
            text: 'Route late orders through the second dock',
            ownerId: org.people.member.id,
            subjectId: kpi,
            revisitOn: '2028-03-31',
          },
        },
        org.people.member.token,
      )
    ).recordDecision;
    expect(d).toMatchObject({ status: 'OPEN', revisitOn: '2028-03-31', subject: { id: kpi } });
    expect(d.viewerCan.edit).toBe(true);

    const edited = (
      await ok(
        EDIT,
        {
          input: {
            id: d.id,
            version: d.version,
            text: 'Route late orders through dock 2',
            revisitOn: '2028-04-03',
            subjectId: org.objectives.opsObjective,
          },
        },
        org.people.member.token,
      )
    ).editDecision;
    expect(edited).toMatchObject({
      text: 'Route late orders through dock 2',
      revisitOn: '2028-04-03',
      subject: { __typename: 'Objective', id: org.objectives.opsObjective },
      owner: { id: org.people.member.id },
      version: d.version + 1,
    });
    // A stale version is a conflict; someone who may see but not run the meeting is refused.
    expect(
      await fails(EDIT, { input: { id: d.id, version: d.version, text: 'x y' } }, org.people.opsHead.token),
    ).toEqual({
      code: 'CONFLICT',
      field: 'version',
    });
    expect(
      (
        await fails(
          EDIT,
          { input: { id: d.id, version: edited.version, text: 'x y' } },
          org.people.salesHead.token,
        )
      ).code,
    ).toBe('FORBIDDEN');
    // Bad input names the field; a restricted subject may not be named in the Operations review.
    expect(
      await fails(
        EDIT,
        { input: { id: d.id, version: edited.version, revisitOn: '2028-02-01' } },
        org.people.exec.token,
      ),
    ).toEqual({ code: 'BAD_USER_INPUT', field: 'input.revisitOn' });
    expect(
      await fails(
        EDIT,
        { input: { id: d.id, version: edited.version, subjectId: org.objectives.secretObjective } },
        org.people.exec.token,
      ),
    ).toEqual({ code: 'BAD_USER_INPUT', field: 'input.subjectId' });
    expect(
      await fails(EDIT, { input: { id: d.id, version: edited.version, text: '  ' } }, org.people.exec.token),
    ).toEqual({ code: 'BAD_USER_INPUT', field: 'input.text' });
    // null clears the subject; a field left out stays.
    const cleared = (
      await ok(
        EDIT,
        { input: { id: d.id, version: edited.version, subjectId: null } },
        org.people.opsHead.token,
      )
    ).editDecision;
    expect(cleared).toMatchObject({
      subject: null,
      revisitOn: '2028-04-03',
      text: 'Route late orders through dock 2',
    });
    expect(await historyCount(d.id)).toBe(3);
    decision = cleared;
  });

  it('supersedes a decision in a review of its unit or above: the old one is kept, SUPERSEDED, and the chain shows both ways', async () => {
    const opsLive = await liveSubscription({
      wsUrl: s.wsUrl,
      token: org.people.opsHead.token,
      query: CHANGED_SUB,
      variables: { unitId: org.units.ops },
      bus: s.server.host.bus,
    });
    subs.push(opsLive);
    // Where it may be superseded: the open reviews of Operations and of the company (not Sales, not the restricted unit).
    const room = (await ok(IN, { id: meetings.ops }, org.people.exec.token)).meeting;
    expect(new Set(room.decisions[0].supersedableIn.map((m: { id: string }) => m.id))).toEqual(
      new Set([meetings.ops, meetings.company]),
    );
    const input = {
      decisionId: decision.id,
      version: decision.version,
      meetingId: meetings.company,
      text: 'Outsource late-order routing to the carrier',
      ownerId: org.people.opsHead.id,
      revisitOn: '2028-05-02',
    };
    expect(
      await fails(SUPERSEDE, { input: { ...input, meetingId: meetings.sales } }, org.people.exec.token),
    ).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.meetingId',
    });
    expect((await fails(SUPERSEDE, { input: { ...input, version: 1 } }, org.people.exec.token)).code).toBe(
      'CONFLICT',
    );
    const later = (await ok(SUPERSEDE, { input }, org.people.exec.token)).supersedeDecision;
    expect(later).toMatchObject({
      status: 'OPEN',
      supersedes: { id: decision.id, text: 'Route late orders through dock 2' },
      supersededBy: null,
      meeting: { id: meetings.company },
    });
    const [old] = (
      await ok(
        `query($id: ID!) { meeting(id: $id) { decisions { ${DECISION_FIELDS} } } }`,
        { id: meetings.ops },
        org.people.salesHead.token,
      )
    ).meeting.decisions;
    expect(old).toMatchObject({
      id: decision.id,
      text: 'Route late orders through dock 2',
      status: 'SUPERSEDED',
      supersededBy: { id: later.id },
      viewerCan: { edit: false },
    });
    expect(old.supersededAt).toBe(clock.now().toISOString());
    // Never rewritten, never superseded twice.
    expect(
      await fails(
        EDIT,
        { input: { id: old.id, version: old.version, text: 'Changed' } },
        org.people.exec.token,
      ),
    ).toEqual({ code: 'BAD_USER_INPUT', field: 'input.id' });
    expect(
      (await fails(SUPERSEDE, { input: { ...input, version: old.version } }, org.people.exec.token)).field,
    ).toBe('input.decisionId');
    // The head of Operations hears of the old one's change live (the new one is a company decision).
    await eventually(() =>
      expect(opsLive.events.map((e) => e.decisionChanged)).toContainEqual({
        id: decision.id,
        text: 'Route late orders through dock 2',
        status: 'SUPERSEDED',
      }),
    );
  });

  it('filters the register by status, subject type, text, owner and revisit date, a page at a time', async () => {
    const t = org.people.exec.token;
    const act = async (decisionId: string, status: 'DONE' | 'DROPPED' | null) => {
      const id = (
        await ok(
          ACT,
          {
            input: {
              meetingId: meetings.sales,
              text: 'Call the ten largest accounts',
              ownerId: org.people.salesHead.id,
              dueDate: '2028-03-15T12:00:00Z',
              decisionId,
            },
          },
          t,
        )
      ).addAction.id;
      if (status) await ok(SET_STATUS, { id, status }, t);
    };
    const decide = async (text: string, extra: Record<string, unknown> = {}) =>
      (
        await ok(
          DECIDE,
          { input: { meetingId: meetings.sales, text, ownerId: org.people.salesHead.id, ...extra } },
          t,
        )
      ).recordDecision.id as string;
    const carried = await decide('Price the premium tier at 20% above list', { revisitOn: '2028-03-10' });
    await act(carried, 'DONE');
    await act(carried, 'DROPPED');
    const stillOpen = await decide('Hire two account managers', {
      subjectId: org.objectives.companyObjective,
    });
    await act(stillOpen, 'DONE');
    await act(stillOpen, null);

    const texts = (rows: { text: string }[]) => rows.map((r) => r.text);
    expect(await register(t, { status: 'CARRIED_OUT' })).toEqual([
      { id: carried, text: 'Price the premium tier at 20% above list', status: 'CARRIED_OUT' },
    ]);
    expect(texts(await register(t, { status: 'SUPERSEDED' }))).toEqual(['Route late orders through dock 2']);
    expect(texts(await register(t, { status: 'OPEN' }))).toEqual([
      'Hire two account managers',
      'Outsource late-order routing to the carrier',
    ]);
    expect(texts(await register(t, { subjectType: 'OBJECTIVE' }))).toEqual(['Hire two account managers']);
    expect(texts(await register(t, { search: 'PREMIUM' }))).toEqual([
      'Price the premium tier at 20% above list',
    ]);
    expect(texts(await register(t, { revisitDueBy: '2028-04-30' }))).toEqual([
      'Price the premium tier at 20% above list',
      'Route late orders through dock 2',
    ]);
    expect(texts(await register(t, { ownerId: org.people.opsHead.id }))).toEqual([
      'Outsource late-order routing to the carrier',
    ]);
    expect(texts(await register(t, { unitId: org.units.ops }))).toEqual(['Route late orders through dock 2']);
    // Pages: newest first, each page after the last of the one before, together the whole register.
    const all = await register(t);
    expect(all).toHaveLength(4);
    const p1 = await register(t, { first: 3 });
    const p2 = await register(t, { first: 3, after: p1[2].id });
    expect([...p1, ...p2]).toEqual(all);
    expect((await fails(REGISTER, { after: 'nope' }, t)).field).toBe('after');
    expect((await fails(REGISTER, { first: 501 }, t)).field).toBe('first');
  });

  it('keeps a restricted unit’s decisions to those who may see it', async () => {
    const secret = (
      await ok(
        DECIDE,
        {
          input: {
            meetingId: meetings.secret,
            text: 'Make an offer for SensorCo',
            ownerId: org.people.insider.id,
            subjectId: org.objectives.secretObjective,
          },
        },
        org.people.insider.token,
      )
    ).recordDecision;
    expect((await register(org.people.insider.token, { search: 'SensorCo' })).map((d) => d.id)).toEqual([
      secret.id,
    ]);
    expect(await register(org.people.salesHead.token, { search: 'SensorCo' })).toEqual([]);
    expect(await register(org.people.salesHead.token, { unitId: org.units.secret })).toEqual([]);
    // Its id leaks nothing: editing it answers NOT_FOUND, as for a missing one.
    expect(
      (
        await fails(
          EDIT,
          { input: { id: secret.id, version: secret.version, text: 'x y' } },
          org.people.salesHead.token,
        )
      ).code,
    ).toBe('NOT_FOUND');
    // It cannot be superseded in the company review, whose audience may not see it.
    expect(
      (
        await fails(
          SUPERSEDE,
          {
            input: {
              decisionId: secret.id,
              version: secret.version,
              meetingId: meetings.company,
              text: 'Walk away',
              ownerId: org.people.exec.id,
            },
          },
          org.people.exec.token,
        )
      ).field,
    ).toBe('input.meetingId');
  });
});
