import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeetingKind } from '@throughline/shared';
import { ManualClock } from '../../clock.js';
import { buildOrg } from '../../../test/helpers/factories.js';
import { eventually, startTestServer, TestServer } from '../../../test/helpers/server.js';
import { startTestSmtpServer, type ReceivedMail, type TestSmtpServer } from '../../../test/helpers/smtp.js';
import { liveSubscription, LiveSubscription } from '../../../test/helpers/subscriptions.js';
import { nextOccurrence } from './rhythm-rule.js';

const SCHEDULE = `mutation($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { id version invitationSequence invitationsByEmail participants { id } } }`;
const UPDATE = `mutation($input: UpdateMeetingInput!) { updateMeeting(input: $input) { id version scheduledAt invitationSequence participants { id } } }`;
const CANCEL = `mutation($id: ID!, $reason: String!, $version: Int) { cancelMeeting(id: $id, reason: $reason, version: $version) { id status cancelledAt cancelReason invitationSequence } }`;
const OPEN = `mutation($id: ID!) { openMeeting(id: $id) { id status } }`;
const CLOSE = `mutation($id: ID!) { closeMeeting(id: $id, minutes: "done") { id status } }`;
const RHYTHM = `mutation($input: ReviewRhythmInput!) { setReviewRhythm(input: $input) { id kind description nextAt timeZone version viewerCanEdit participants { id } } }`;
const ACT = `mutation($input: AddActionInput!) { addAction(input: $input) { id version } }`;
const EDIT = `mutation($input: UpdateActionInput!) { updateAction(input: $input) { id version text dueDate owner { id } } }`;
const REASSIGN = `mutation($from: ID!, $to: ID!) { reassignActions(fromPersonId: $from, toPersonId: $to) { remaining actions { id owner { id } } } }`;

describe('meetings: invitations by email (.ics), cancellation, review rhythms, action editing', () => {
  let s: TestServer;
  let smtp: TestSmtpServer;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  const subs: LiveSubscription[] = [];
  // Any instant works; a fixed one keeps the expected calendar times readable.
  const clock = new ManualClock('2027-02-26T10:00:00Z');
  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    s = await startTestServer({
      clock,
      seed: async (db) => (org = await buildOrg(db)),
      config: {
        mail: { smtpUrl: smtp.url, from: 'Throughline <no-reply@tl.example>' },
        timeZone: 'Europe/Oslo',
        publicUrl: 'https://tl.example',
      },
    });
  });
  afterAll(async () => {
    for (const x of subs) await x.close();
    await s?.close();
    await smtp?.close();
  });
  const ok = async (query: string, variables: Record<string, unknown>, token: string) => {
    const r = await s.gql(query, variables, token);
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    return r.data;
  };
  const mailsTo = (email: string, subject: string) =>
    smtp.received.filter((m) => m.to.includes(email) && m.subject.startsWith(subject));
  const line = (m: ReceivedMail, name: string) =>
    m.calendar?.split('\r\n').find((l) => l.startsWith(`${name}:`));

  it('schedules with participants: the chair and each participant get an invitation with a calendar part', async () => {
    const { exec, opsHead, member } = org.people;
    const at = new Date(clock.now().getTime() + 7 * 86_400_000);
    const m = (
      await ok(
        SCHEDULE,
        {
          input: {
            unitId: org.units.ops,
            kind: MeetingKind.MONTHLY_OPERATIONAL,
            title: 'Ops review, March',
            chairId: opsHead.id,
            participantIds: [member.id, exec.id],
            scheduledAt: at.toISOString(),
          },
        },
        opsHead.token,
      )
    ).scheduleMeeting;
    expect(m.invitationSequence).toBe(0);
    expect(m.invitationsByEmail).toBe(true);
    for (const p of [opsHead, member, exec]) {
      const [mail] = await eventually(() => {
        const x = mailsTo(p.email, 'Invitation: Ops review, March');
        return x.length ? x : null;
      });
      expect(mail!.to).toEqual([p.email]);
      expect(mail!.text).toContain(
        'Otto Ops invites you to Ops review, March, on Friday 5 March 2027, 11:00 (Europe/Oslo).',
      );
      expect(mail!.text).toContain(`https://tl.example/meetings/${m.id}`);
      expect(line(mail!, 'METHOD')).toBe('METHOD:REQUEST');
      expect(line(mail!, 'UID')).toBe(`UID:meeting-${m.id}@tl.example`);
      expect(line(mail!, 'SEQUENCE')).toBe('SEQUENCE:0');
      expect(line(mail!, 'DTSTART')).toBe('DTSTART:20270305T100000Z');
      expect(mail!.calendar).toContain(`ORGANIZER;CN="Otto Ops":mailto:${opsHead.email}`);
      expect(mail!.calendar).toContain(`mailto:${member.email}`);
    }

    // Reschedule and drop a participant: the others get an update with a higher SEQUENCE, the one removed a cancellation.
    const later = new Date(at.getTime() + 86_400_000);
    const u = (
      await ok(
        UPDATE,
        {
          input: {
            id: m.id,
            version: m.version,
            scheduledAt: later.toISOString(),
            participantIds: [member.id],
          },
        },
        opsHead.token,
      )
    ).updateMeeting;
    expect(u.invitationSequence).toBe(1);
    const [update] = await eventually(() => {
      const x = mailsTo(member.email, 'Updated invitation: Ops review, March');
      return x.length ? x : null;
    });
    expect(line(update!, 'SEQUENCE')).toBe('SEQUENCE:1');
    expect(line(update!, 'DTSTART')).toBe('DTSTART:20270306T100000Z');
    expect(line(update!, 'UID')).toBe(`UID:meeting-${m.id}@tl.example`);
    const [removed] = await eventually(() => {
      const x = mailsTo(exec.email, 'Not needed: Ops review, March');
      return x.length ? x : null;
    });
    expect(line(removed!, 'METHOD')).toBe('METHOD:CANCEL');
    expect(line(removed!, 'SEQUENCE')).toBe('SEQUENCE:1');

    // A stale version is a CONFLICT; a blank reason names the field.
    const stale = await s.gql(CANCEL, { id: m.id, reason: 'x', version: m.version }, opsHead.token);
    expect(stale.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const blank = await s.gql(CANCEL, { id: m.id, reason: '  ' }, opsHead.token);
    expect(blank.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    // Someone who may not run it (Sales' head) may not cancel it.
    const refused = await s.gql(CANCEL, { id: m.id, reason: 'no' }, org.people.salesHead.token);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const c = (
      await ok(
        CANCEL,
        { id: m.id, reason: 'Quarter-end close; we meet next month.', version: u.version },
        opsHead.token,
      )
    ).cancelMeeting;
    expect(c).toMatchObject({
      status: 'CANCELLED',
      cancelReason: 'Quarter-end close; we meet next month.',
      invitationSequence: 2,
    });
    // Read back after the mail went out: the meeting keeps when and why it was cancelled.
    await eventually(() => mailsTo(member.email, 'Cancelled: Ops review, March').length > 0 || null);
    const reread = await ok(
      `query($id: ID!) { meeting(id: $id) { status cancelledAt cancelReason } }`,
      { id: m.id },
      opsHead.token,
    );
    expect(reread.meeting).toMatchObject({
      status: 'CANCELLED',
      cancelReason: 'Quarter-end close; we meet next month.',
    });
    expect(reread.meeting.cancelledAt).toBeTruthy();
    const [cancel] = await eventually(() => {
      const x = mailsTo(member.email, 'Cancelled: Ops review, March');
      return x.length ? x : null;
    });
    expect(line(cancel!, 'METHOD')).toBe('METHOD:CANCEL');
    expect(line(cancel!, 'SEQUENCE')).toBe('SEQUENCE:2');
    expect(line(cancel!, 'STATUS')).toBe('STATUS:CANCELLED');
    expect(cancel!.text).toContain('Reason: Quarter-end close; we meet next month.');
    expect(mailsTo(exec.email, 'Cancelled:')).toHaveLength(0);
    const [h] = await s.db.query(
      `SELECT reason FROM history_entry WHERE subject_id = $1 ORDER BY id DESC LIMIT 1`,
      [m.id],
    );
    expect(h.reason).toBe('Quarter-end close; we meet next month.');
    expect((await s.gql(OPEN, { id: m.id }, opsHead.token)).errors?.[0]?.extensions?.code).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      (await s.gql(CANCEL, { id: m.id, reason: 'again' }, opsHead.token)).errors?.[0]?.extensions?.code,
    ).toBe('BAD_USER_INPUT');
  });

  it('a rhythm is set by the unit’s head (not a member), checked by field, and said in words', async () => {
    const { opsHead, member } = org.people;
    const input = {
      unitId: org.units.ops,
      kind: MeetingKind.MONTHLY_OPERATIONAL,
      ordinal: 1,
      weekday: 2,
      time: '09:00',
      participantIds: [member.id],
    };
    expect((await s.gql(RHYTHM, { input }, member.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(
      (await s.gql(RHYTHM, { input: { ...input, time: '9am' } }, opsHead.token)).errors?.[0]?.extensions,
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.time',
    });
    expect(
      (await s.gql(RHYTHM, { input: { ...input, kind: MeetingKind.ANNUAL_REFRESH } }, opsHead.token))
        .errors?.[0]?.extensions,
    ).toMatchObject({ field: 'input.kind' });
    const r = (await ok(RHYTHM, { input }, opsHead.token)).setReviewRhythm;
    expect(r).toMatchObject({
      description: 'First Tuesday of the month, 09:00',
      timeZone: 'Europe/Oslo',
      viewerCanEdit: true,
    });
    expect(r.nextAt).toBe('2027-03-02T08:00:00.000Z');
    const again = await s.gql(RHYTHM, { input: { ...input, version: r.version + 5 } }, opsHead.token);
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    // Removed and set again: the removal is in the rhythm's history.
    const REMOVE = `mutation($u: ID!, $k: MeetingKind!) { removeReviewRhythm(unitId: $u, kind: $k) }`;
    expect((await ok(REMOVE, { u: org.units.ops, k: input.kind }, opsHead.token)).removeReviewRhythm).toBe(
      true,
    );
    expect((await ok(REMOVE, { u: org.units.ops, k: input.kind }, opsHead.token)).removeReviewRhythm).toBe(
      false,
    );
    const [gone] = await s.db.query(
      `SELECT reason FROM history_entry WHERE subject_id = $1 ORDER BY id DESC LIMIT 1`,
      [r.id],
    );
    expect(gone.reason).toBe('Rhythm removed (was: First Tuesday of the month, 09:00)');
    await ok(RHYTHM, { input }, opsHead.token);
  });

  it('when reviews of the rhythm close (two at once), the next one is scheduled once and its participants invited', async () => {
    const { opsHead, member } = org.people;
    const ids: string[] = [];
    for (const h of [2, 3]) {
      const m = (
        await ok(
          SCHEDULE,
          {
            input: {
              unitId: org.units.ops,
              kind: MeetingKind.MONTHLY_OPERATIONAL,
              chairId: opsHead.id,
              scheduledAt: new Date(clock.now().getTime() - h * 3_600_000).toISOString(),
            },
          },
          opsHead.token,
        )
      ).scheduleMeeting;
      await ok(OPEN, { id: m.id }, opsHead.token);
      ids.push(m.id);
    }
    const closes = await Promise.all(ids.map((id) => s.gql(CLOSE, { id }, opsHead.token)));
    for (const c of closes) expect(c.errors, JSON.stringify(c.errors)).toBeUndefined();
    const expected = nextOccurrence(
      { kind: MeetingKind.MONTHLY_OPERATIONAL, ordinal: 1, weekday: 2, time: '09:00' },
      clock.now(),
      'Europe/Oslo',
    );
    const next = await s.db.query(
      `SELECT id, title, scheduled_at, chair_id FROM meeting WHERE unit_id = $1 AND status = 'SCHEDULED' AND rhythm_id IS NOT NULL`,
      [org.units.ops],
    );
    expect(next).toHaveLength(1);
    expect(new Date(next[0].scheduled_at).toISOString()).toBe(expected.toISOString());
    expect(next[0].title).toBe('Operations monthly review — 2 Mar 2027');
    expect(next[0].chair_id).toBe(opsHead.id);
    const [h] = await s.db.query(`SELECT reason FROM history_entry WHERE subject_id = $1`, [next[0].id]);
    expect(h.reason).toBe("Scheduled by the unit's rhythm: First Tuesday of the month, 09:00");
    const [invite] = await eventually(() => {
      const x = mailsTo(member.email, 'Invitation: Operations monthly review — 2 Mar 2027');
      return x.length ? x : null;
    });
    expect(line(invite!, 'DTSTART')).toBe('DTSTART:20270302T080000Z');
    // Closing another review while that one is scheduled schedules nothing more.
    const m3 = (
      await ok(
        SCHEDULE,
        {
          input: {
            unitId: org.units.ops,
            kind: MeetingKind.MONTHLY_OPERATIONAL,
            chairId: opsHead.id,
            scheduledAt: clock.now().toISOString(),
          },
        },
        opsHead.token,
      )
    ).scheduleMeeting;
    await ok(OPEN, { id: m3.id }, opsHead.token);
    await ok(CLOSE, { id: m3.id }, opsHead.token);
    const [{ n }] = await s.db.query(
      `SELECT count(*)::int AS n FROM meeting WHERE unit_id = $1 AND status = 'SCHEDULED'`,
      [org.units.ops],
    );
    expect(n).toBe(1);
  });

  it('an action’s owner, due date and text are edited with history and CONFLICT; the new owner hears of it live', async () => {
    const { opsHead, member, salesHead, exec } = org.people;
    const m = (
      await ok(
        SCHEDULE,
        {
          input: {
            unitId: org.units.ops,
            kind: MeetingKind.QUARTERLY_STRATEGIC,
            chairId: opsHead.id,
            scheduledAt: clock.now().toISOString(),
          },
        },
        opsHead.token,
      )
    ).scheduleMeeting;
    await ok(OPEN, { id: m.id }, opsHead.token);
    const due = new Date(clock.now().getTime() + 14 * 86_400_000).toISOString();
    const a = (
      await ok(
        ACT,
        { input: { meetingId: m.id, text: 'Fix the routing', ownerId: member.id, dueDate: due } },
        opsHead.token,
      )
    ).addAction;
    const live = await liveSubscription({
      wsUrl: s.wsUrl,
      token: exec.token,
      query: `subscription { actionChanged { id owner { id } } }`,
      bus: s.server.host.bus,
    });
    subs.push(live);
    const refused = await s.gql(
      EDIT,
      { input: { id: a.id, version: a.version, ownerId: exec.id } },
      salesHead.token,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const secretOwner = await s.gql(
      EDIT,
      { input: { id: a.id, version: a.version, ownerId: org.people.insider.id } },
      opsHead.token,
    );
    // The insider (restricted Corp Dev) can see Operations, so may own it; a nonexistent person may not.
    expect(secretOwner.errors).toBeUndefined();
    const v = secretOwner.data.updateAction.version;
    expect(
      (
        await s.gql(
          EDIT,
          { input: { id: a.id, version: v, ownerId: '00000000-0000-4000-8000-000000000000' } },
          opsHead.token,
        )
      ).errors?.[0]?.extensions,
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.ownerId',
    });
    const newDue = new Date(clock.now().getTime() + 21 * 86_400_000).toISOString();
    const e = (
      await ok(
        EDIT,
        { input: { id: a.id, version: v, ownerId: exec.id, dueDate: newDue, text: 'Fix the routing table' } },
        opsHead.token,
      )
    ).updateAction;
    expect(e).toMatchObject({ text: 'Fix the routing table', dueDate: newDue, owner: { id: exec.id } });
    expect(
      (await s.gql(EDIT, { input: { id: a.id, version: v, text: 'late' } }, opsHead.token)).errors?.[0]
        ?.extensions?.code,
    ).toBe('CONFLICT');
    await eventually(() => live.events.some((x) => x.actionChanged?.owner?.id === exec.id));
    const hist = await s.db.query(`SELECT count(*)::int AS n FROM history_entry WHERE subject_id = $1`, [
      a.id,
    ]);
    expect(hist[0].n).toBe(3);
  });

  it('reassigns every open action of a person in one step; done ones stay; only heads and executives may', async () => {
    const { opsHead, member, exec, salesHead } = org.people;
    const m = (
      await ok(
        SCHEDULE,
        {
          input: {
            unitId: org.units.qc,
            kind: MeetingKind.MONTHLY_OPERATIONAL,
            chairId: opsHead.id,
            scheduledAt: clock.now().toISOString(),
          },
        },
        opsHead.token,
      )
    ).scheduleMeeting;
    await ok(OPEN, { id: m.id }, opsHead.token);
    const due = new Date(clock.now().getTime() + 86_400_000).toISOString();
    const ids: string[] = [];
    for (const text of ['One', 'Two', 'Three'])
      ids.push(
        (await ok(ACT, { input: { meetingId: m.id, text, ownerId: member.id, dueDate: due } }, opsHead.token))
          .addAction.id,
      );
    await ok(
      `mutation($id: ID!) { setActionStatus(id: $id, status: DONE) { id } }`,
      { id: ids[2] },
      member.token,
    );
    expect(
      (await s.gql(REASSIGN, { from: member.id, to: opsHead.id }, salesHead.token)).errors?.[0]?.extensions
        ?.code,
    ).toBe('FORBIDDEN');
    expect(
      (await s.gql(REASSIGN, { from: member.id, to: member.id }, exec.token)).errors?.[0]?.extensions?.field,
    ).toBe('toPersonId');
    const r = (await ok(REASSIGN, { from: member.id, to: opsHead.id }, opsHead.token)).reassignActions;
    expect(r.remaining).toBe(0);
    expect(r.actions.map((x: { id: string }) => x.id).sort()).toEqual([ids[0], ids[1]].sort());
    const owners = await s.db.query(`SELECT id, owner_id FROM action WHERE id = ANY($1) ORDER BY text`, [
      ids,
    ]);
    expect(
      Object.fromEntries(owners.map((o: { id: string; owner_id: string }) => [o.id, o.owner_id])),
    ).toEqual({
      [ids[0]!]: opsHead.id,
      [ids[1]!]: opsHead.id,
      [ids[2]!]: member.id,
    });
    const [h] = await s.db.query(
      `SELECT reason FROM history_entry WHERE subject_id = $1 ORDER BY id DESC LIMIT 1`,
      [ids[0]],
    );
    expect(h.reason).toBe('Reassigned from Mia Member');
  });
});
