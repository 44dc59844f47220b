import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock.js';
import { buildOrg } from '../../../test/helpers/factories.js';
import { startTestServer, TestServer } from '../../../test/helpers/server.js';

const DAY = 86_400_000;

/**
 * Follow-through through the API, on a clock the test moves: decisions judged by their actions,
 * per unit, per owner, per person and per review, with one trend point per closed review.
 */
describe('follow-through by decision', () => {
  // Starts at the real time (rows' bookkeeping `created_at` follows real time) and only moves forward.
  const clock = new ManualClock('2028-02-28T23:30:00Z'); // a leap month's end: the days counted cross 29 Feb and a month end
  const t0 = clock.now().getTime();
  let s: TestServer;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  beforeAll(async () => {
    s = await startTestServer({ clock, seed: async (db) => (org = await buildOrg(db)) });
  });
  afterAll(async () => s?.close());

  const ok = async (query: string, variables: Record<string, unknown>, token: string) => {
    const r = await s.gql(query, variables, token);
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    return r.data;
  };
  const at = (days: number) => new Date(t0 + days * DAY).toISOString();
  const schedule = async (unitId: string, chairId: string, token: string) => {
    const m = (
      await ok(
        `mutation($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { id } }`,
        { input: { unitId, kind: 'MONTHLY_OPERATIONAL', chairId, scheduledAt: clock.now().toISOString() } },
        token,
      )
    ).scheduleMeeting.id as string;
    await ok(`mutation($id: ID!) { openMeeting(id: $id) { id } }`, { id: m }, token);
    return m;
  };
  const close = (id: string, token: string) =>
    ok(`mutation($id: ID!) { closeMeeting(id: $id) { id } }`, { id }, token);
  const decide = async (meetingId: string, ownerId: string, text: string, token: string) =>
    (
      await ok(
        `mutation($input: RecordDecisionInput!) { recordDecision(input: $input) { id } }`,
        { input: { meetingId, ownerId, text } },
        token,
      )
    ).recordDecision.id as string;
  const act = async (
    meetingId: string,
    decisionId: string | null,
    ownerId: string,
    dueInDays: number,
    token: string,
  ) =>
    (
      await ok(
        `mutation($input: AddActionInput!) { addAction(input: $input) { id } }`,
        {
          input: { meetingId, decisionId, ownerId, text: `Due in ${dueInDays} days`, dueDate: at(dueInDays) },
        },
        token,
      )
    ).addAction.id as string;
  const done = (id: string, token: string) =>
    ok(`mutation($id: ID!) { setActionStatus(id: $id, status: DONE) { id } }`, { id }, token);

  const FIGURES = `decisionRate decisionsDue decisionsOnTime decisionsLate decisionsMissed decisionsPending rate due doneOnTime`;
  const POINT = `meeting { id } decisionRate decisionsDue decisionsOnTime rate due doneOnTime`;

  let m1: string;
  let m2: string;
  it('judges decisions by all their actions, per unit, owner, review and person, with a trend point per closed review', async () => {
    const opsHead = org.people.opsHead;
    const member = org.people.member;
    const t = opsHead.token;
    m1 = await schedule(org.units.ops, opsHead.id, t);
    const d1 = await decide(m1, opsHead.id, 'Second shift', t);
    const a1 = await act(m1, d1, member.id, 5, t);
    const a2 = await act(m1, d1, opsHead.id, 10, t);
    const d2 = await decide(m1, member.id, 'Retrain the inspectors', t);
    const a3 = await act(m1, d2, member.id, 5, t);
    const d3 = await decide(m1, opsHead.id, 'Move the warehouse', t);
    await act(m1, d3, opsHead.id, 40, t);
    await decide(m1, opsHead.id, 'Nothing to do: noted only', t);
    // A restricted unit's decision, missed: only those who may see the unit count it.
    const secret = await schedule(org.units.secret, org.people.insider.id, org.people.insider.token);
    const ds = await decide(secret, org.people.insider.id, 'Screen targets', org.people.insider.token);
    await act(secret, ds, org.people.insider.id, 1, org.people.insider.token);
    await close(m1, t);

    clock.advance(3 * DAY);
    await done(a1, member.token);
    await done(a3, member.token);
    clock.advance(9 * DAY); // day 12: a2 (due on day 10) is done late
    await done(a2, t);
    m2 = await schedule(org.units.ops, opsHead.id, t);
    await close(m2, t);

    const r = await ok(
      `query($u: ID!, $m: ID!, $p: ID!) {
        followThrough(unitId: $u) { ${FIGURES} byOwner { owner { name } decisionRate decisionsDue decisionsOnTime rate due doneOnTime } trend { ${POINT} } }
        meeting(id: $m) { followThrough { decisionRate decisionsDue trend(last: 1) { meeting { id } } } }
        person(id: $p) { followThrough { ${FIGURES} byOwner { due } trend { meeting { id } decisionRate } } }
      }`,
      { u: org.units.ops, m: m2, p: member.id },
      t,
    );
    // d1 late (a2), d2 on time, d3 not due yet, the fourth has no actions.
    expect(r.followThrough).toMatchObject({
      decisionRate: 0.5,
      decisionsDue: 2,
      decisionsOnTime: 1,
      decisionsLate: 1,
      decisionsMissed: 0,
      decisionsPending: 1,
      rate: 2 / 3,
      due: 3,
      doneOnTime: 2,
    });
    expect(r.followThrough.byOwner).toEqual([
      {
        owner: { name: 'Mia Member' },
        decisionRate: 1,
        decisionsDue: 1,
        decisionsOnTime: 1,
        rate: 1,
        due: 2,
        doneOnTime: 2,
      },
      {
        owner: { name: 'Otto Ops' },
        decisionRate: 0,
        decisionsDue: 1,
        decisionsOnTime: 0,
        rate: 0,
        due: 1,
        doneOnTime: 0,
      },
    ]);
    // At the first review's closing nothing was due yet; at the second's, what is due now.
    expect(r.followThrough.trend).toEqual([
      {
        meeting: { id: m1 },
        decisionRate: null,
        decisionsDue: 0,
        decisionsOnTime: 0,
        rate: null,
        due: 0,
        doneOnTime: 0,
      },
      {
        meeting: { id: m2 },
        decisionRate: 0.5,
        decisionsDue: 2,
        decisionsOnTime: 1,
        rate: 2 / 3,
        due: 3,
        doneOnTime: 2,
      },
    ]);
    expect(r.meeting.followThrough).toEqual({
      decisionRate: 0.5,
      decisionsDue: 2,
      trend: [{ meeting: { id: m2 } }],
    });
    // The member: their one decision on time, their two actions on time; their unit's reviews are above it.
    expect(r.person.followThrough).toMatchObject({
      decisionRate: 1,
      decisionsDue: 1,
      decisionsOnTime: 1,
      decisionsPending: 0,
      rate: 1,
      due: 2,
      doneOnTime: 2,
      byOwner: [],
    });
    expect(r.person.followThrough.trend.map((p: { meeting: { id: string } }) => p.meeting.id)).toEqual([
      m1,
      m2,
    ]);
  });

  it('counts a decision missed once an action is past due and open; restricted units only for who may see them', async () => {
    clock.set(t0 + 45 * DAY);
    const Q = `query($u: ID!, $p: ID!) { followThrough(unitId: $u) { decisionsDue decisionsMissed decisionRate } person(id: $p) { followThrough { decisionsDue decisionsMissed } } }`;
    const ops = await ok(Q, { u: org.units.ops, p: org.people.opsHead.id }, org.people.opsHead.token);
    expect(ops.followThrough).toEqual({ decisionsDue: 3, decisionsMissed: 1, decisionRate: 1 / 3 });
    expect(ops.person.followThrough).toEqual({ decisionsDue: 2, decisionsMissed: 1 });

    const company = { u: org.units.company, p: org.people.insider.id };
    const exec = await ok(Q, company, org.people.exec.token);
    expect(exec.followThrough).toEqual({ decisionsDue: 4, decisionsMissed: 2, decisionRate: 1 / 4 });
    expect(exec.person.followThrough).toEqual({ decisionsDue: 1, decisionsMissed: 1 });
    const sales = await ok(Q, company, org.people.salesHead.token);
    expect(sales.followThrough).toEqual({ decisionsDue: 3, decisionsMissed: 1, decisionRate: 1 / 3 });
    expect(sales.person.followThrough).toEqual({ decisionsDue: 0, decisionsMissed: 0 });
    expect(JSON.stringify(sales)).not.toContain('Screen targets');

    const bad = await s.gql(
      `query($u: ID!) { followThrough(unitId: $u) { trend(last: 0) { at } } }`,
      { u: org.units.ops },
      org.people.opsHead.token,
    );
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'last' });
  });
});
