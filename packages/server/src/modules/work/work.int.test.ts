import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock.js';
import { buildOrg } from '../../../test/helpers/factories.js';
import { eventually, startTestServer, TestServer } from '../../../test/helpers/server.js';
import { liveSubscription } from '../../../test/helpers/subscriptions.js';

const DAY = 86_400_000;
const ITEM = 'id kind title detail dueAt overdue subjectType subjectId path';

describe('what I must do (myWork, myWorkChanged)', () => {
  let s: TestServer;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  // The last half hour of a leap day: "today" is 29 Feb (UTC) whatever the machine's zone.
  const clock = new ManualClock('2028-02-29T23:30:00Z');
  const at = (days: number) => new Date(clock.now().getTime() + days * DAY);
  let meeting: string;
  let secretMeeting: string;
  const ids: Record<string, string> = {};

  const action = async (
    name: string,
    owner: string,
    due: Date,
    o: { status?: string; secret?: boolean } = {},
  ) => {
    const [row] = await s.db.query(
      `INSERT INTO action (meeting_id, unit_id, text, owner_id, due_date, status, version) VALUES ($1, $2, $3, $4, $5, $6, 1) RETURNING id`,
      [
        o.secret ? secretMeeting : meeting,
        o.secret ? org.units.secret : org.units.qc,
        name,
        owner,
        due,
        o.status ?? 'OPEN',
      ],
    );
    ids[name] = row.id;
  };
  const decision = async (name: string, owner: string, revisitOn: string | null, supersededBy?: string) => {
    const [row] = await s.db.query(
      `INSERT INTO decision (meeting_id, unit_id, text, rationale, owner_id, revisit_on, superseded_by_id, version)
       VALUES ($1, $2, $3, '', $4, $5, $6, 1) RETURNING id`,
      [meeting, org.units.qc, name, owner, revisitOn, supersededBy ?? null],
    );
    ids[name] = row.id;
  };

  beforeAll(async () => {
    s = await startTestServer({ clock, seed: async (db) => (org = await buildOrg(db)) });
    const mt = `INSERT INTO meeting (kind, title, unit_id, chair_id, status, scheduled_at, version) VALUES ('MONTHLY_OPERATIONAL', $1, $2, $3, 'CLOSED', $4, 1) RETURNING id`;
    [{ id: meeting }] = await s.db.query(mt, [
      'Quality review',
      org.units.qc,
      org.people.opsHead.id,
      at(-20),
    ]);
    [{ id: secretMeeting }] = await s.db.query(mt, [
      'Deal room',
      org.units.secret,
      org.people.insider.id,
      at(-20),
    ]);
    const mia = org.people.member.id;
    await action('Recalibrate the gauges', mia, at(-3));
    await action('Order spare sensors', mia, at(-0.25));
    await action('Train the night shift', mia, at(2));
    await action('Write the audit report', mia, at(6.9));
    await action('Plan the summer shutdown', mia, at(8)); // beyond seven days
    await action('Fix the conveyor', mia, at(-5), { status: 'DONE' });
    await action('Someone else’s', org.people.opsHead.id, at(-5));
    // Owned by Mia, but in a restricted unit she may not see (she was moved out, say).
    await action('Sound out SensorCo', mia, at(-5), { secret: true });
    await decision('Keep two suppliers', mia, '2028-02-28');
    await decision('Single-source the resin', mia, '2028-02-29');
    await decision('Review the shift pattern', mia, '2028-03-01');
    await decision('Never revisit', mia, null);
    await decision('Outsource the packing', mia, '2028-02-01', ids['Keep two suppliers']);
  });
  afterAll(async () => s?.close());

  const myWork = async (token: string, first?: number) =>
    s.gql(`query($first: Int) { myWork(first: $first) { ${ITEM} } }`, { first }, token);

  it('lists the viewer’s overdue and soon-due actions and decisions to revisit, overdue first then by due date', async () => {
    const r = await myWork(org.people.member.token);
    expect(r.errors).toBeUndefined();
    const meetingPath = `/meetings/${meeting}`;
    expect(r.data.myWork).toEqual([
      {
        id: `ACTION_OVERDUE:${ids['Recalibrate the gauges']}`,
        kind: 'ACTION_OVERDUE',
        title: 'Recalibrate the gauges',
        detail: 'Was due 26 Feb 2028, 3 days overdue · from Quality review',
        dueAt: at(-3).toISOString(),
        overdue: true,
        subjectType: 'ACTION',
        subjectId: ids['Recalibrate the gauges'],
        path: meetingPath,
      },
      {
        id: `DECISION_TO_REVISIT:${ids['Keep two suppliers']}`,
        kind: 'DECISION_TO_REVISIT',
        title: 'Keep two suppliers',
        detail: 'Revisit was due 28 Feb 2028 · decided in Quality review',
        dueAt: '2028-02-28T00:00:00.000Z',
        overdue: true,
        subjectType: 'DECISION',
        subjectId: ids['Keep two suppliers'],
        path: `/decisions?focus=${ids['Keep two suppliers']}`,
      },
      {
        id: `ACTION_OVERDUE:${ids['Order spare sensors']}`,
        kind: 'ACTION_OVERDUE',
        title: 'Order spare sensors',
        detail: 'Was due 29 Feb 2028 · from Quality review',
        dueAt: at(-0.25).toISOString(),
        overdue: true,
        subjectType: 'ACTION',
        subjectId: ids['Order spare sensors'],
        path: meetingPath,
      },
      {
        id: `DECISION_TO_REVISIT:${ids['Single-source the resin']}`,
        kind: 'DECISION_TO_REVISIT',
        title: 'Single-source the resin',
        detail: 'Revisit due today, 29 Feb 2028 · decided in Quality review',
        dueAt: '2028-02-29T00:00:00.000Z',
        overdue: false,
        subjectType: 'DECISION',
        subjectId: ids['Single-source the resin'],
        path: `/decisions?focus=${ids['Single-source the resin']}`,
      },
      {
        id: `ACTION_DUE_SOON:${ids['Train the night shift']}`,
        kind: 'ACTION_DUE_SOON',
        title: 'Train the night shift',
        detail: 'Due 2 Mar 2028, in 2 days · from Quality review',
        dueAt: at(2).toISOString(),
        overdue: false,
        subjectType: 'ACTION',
        subjectId: ids['Train the night shift'],
        path: meetingPath,
      },
      {
        id: `ACTION_DUE_SOON:${ids['Write the audit report']}`,
        kind: 'ACTION_DUE_SOON',
        title: 'Write the audit report',
        detail: 'Due 7 Mar 2028, in 7 days · from Quality review',
        dueAt: at(6.9).toISOString(),
        overdue: false,
        subjectType: 'ACTION',
        subjectId: ids['Write the audit report'],
        path: meetingPath,
      },
    ]);
  });

  it('shows each person only their own work, and never what is in a unit they may not see', async () => {
    const r = await myWork(org.people.opsHead.token);
    expect(r.data.myWork.map((i: { title: string }) => i.title)).toEqual(['Someone else’s']);
    const insider = await myWork(org.people.insider.token);
    expect(insider.data.myWork).toEqual([]);
    const exec = await myWork(org.people.exec.token);
    expect(exec.data.myWork).toEqual([]);
  });

  it('takes at most `first` entries and refuses a bad `first` with the field', async () => {
    const two = await myWork(org.people.member.token, 2);
    expect(two.data.myWork.map((i: { title: string }) => i.title)).toEqual([
      'Recalibrate the gauges',
      'Keep two suppliers',
    ]);
    for (const first of [0, -1, 201]) {
      const r = await myWork(org.people.member.token, first);
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    }
  });

  it('answers sessions only: a partner token is refused, on the query and the subscription', async () => {
    const created = await s.gql(
      `mutation { createApiToken(name: "Feed", scopes: ["read"]) { secret } }`,
      {},
      org.people.exec.token,
    );
    const partner = created.data.createApiToken.secret;
    const r = await myWork(partner);
    expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const sub = await liveSubscription({
      wsUrl: s.wsUrl,
      token: partner,
      query: `subscription { myWorkChanged { id } }`,
      waitForListener: false,
    });
    await eventually(() => sub.errors.length > 0, 5_000, 'the refusal');
    expect(JSON.stringify(sub.errors)).toContain('FORBIDDEN');
    await sub.close();
    const anonymous = await myWork('');
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('sends the new list live when something changes it, and nothing when the list stays the same', async () => {
    const mia = org.people.member.token;
    const sub = await liveSubscription<{ myWorkChanged: { id: string; title: string }[] }>({
      wsUrl: s.wsUrl,
      token: mia,
      query: `subscription { myWorkChanged { id title overdue } }`,
      bus: s.server.host.bus,
    });
    const setStatus = (id: string, status: string, token = mia) =>
      s.gql(
        `mutation($id: ID!, $s: ActionStatus!) { setActionStatus(id: $id, status: $s) { status } }`,
        { id, s: status },
        token,
      );
    // Someone else's action changes: visible to Mia (same unit) but her list stays the same.
    expect((await setStatus(ids['Someone else’s'], 'DONE', org.people.opsHead.token)).errors).toBeUndefined();
    // Her own overdue action is done: the list without it arrives.
    expect((await setStatus(ids['Recalibrate the gauges'], 'DONE')).errors).toBeUndefined();
    await eventually(() => sub.events.length >= 1, 5_000, 'the new list');
    const titles = (n: number) => sub.events[n].myWorkChanged.map((i) => i.title);
    expect(titles(0)).toEqual([
      'Keep two suppliers',
      'Order spare sensors',
      'Single-source the resin',
      'Train the night shift',
      'Write the audit report',
    ]);
    // Reopened: it comes back, and only one list per change was sent (the unchanged one was not).
    expect((await setStatus(ids['Recalibrate the gauges'], 'OPEN')).errors).toBeUndefined();
    await eventually(() => sub.events.length >= 2, 5_000, 'the list with it again');
    expect(titles(1)[0]).toBe('Recalibrate the gauges');
    expect(sub.events).toHaveLength(2);
    expect(sub.errors).toEqual([]);
    await sub.close();
  });

  it('follows the clock: an action falls due soon, then overdue, as time passes', async () => {
    const before = await myWork(org.people.member.token);
    expect(before.data.myWork.map((i: { title: string }) => i.title)).not.toContain(
      'Plan the summer shutdown',
    );
    clock.set(at(2.5));
    try {
      const later = await myWork(org.people.member.token);
      const item = later.data.myWork.find((i: { title: string }) => i.title === 'Plan the summer shutdown');
      expect(item).toMatchObject({ kind: 'ACTION_DUE_SOON', overdue: false });
      const train = later.data.myWork.find((i: { title: string }) => i.title === 'Train the night shift');
      expect(train).toMatchObject({ kind: 'ACTION_OVERDUE', overdue: true });
    } finally {
      clock.set(new Date('2028-02-29T23:30:00Z'));
    }
  });
});
