import { Direction, MeetingKind, MeetingStatus, UnitVisibility } from '@throughline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKpi, buildOrg, buildPerson, buildUnit } from '../../../test/helpers/factories.js';
import { eventually, startTestServer, TestServer } from '../../../test/helpers/server.js';
import { startTestSmtpServer, TestSmtpServer } from '../../../test/helpers/smtp.js';
import { ManualClock } from '../../clock.js';
import { decisionRow, insertRows, measurementRow, meetingRow, personRow } from '../../db/builders/rows.js';

const SETUP = `preReadSetup { canPrepare emailConfigured defaultFrom defaultTo previousMeetingId }`;
const PRE_READ = `id preReadOfMeetingId meetingId from to generatedAt markdown html htmlPath markdownPath
  revisitDue { title detail ownerName } why { kpiName text value authorName source }
  offTrack { title } moved { title } sentAt sentBy { name } deliveries { name role outcome error }`;
const MEETING = `query($id: ID!) { meeting(id: $id) { id ${SETUP} preRead { ${PRE_READ} } briefing { id } } }`;
const GENERATE = `mutation($id: ID!, $from: DateTime, $to: DateTime) { generatePreRead(meetingId: $id, from: $from, to: $to) { ${PRE_READ} } }`;
const SEND = `mutation($id: ID!) { sendPreRead(meetingId: $id) { ${PRE_READ} } }`;

describe('pre-reads: generated before a review, visible to every reader, sent by email (real SMTP server)', () => {
  let s: TestServer;
  let smtp: TestSmtpServer;
  const clock = new ManualClock('2027-03-10T09:00:00Z');
  let org: Awaited<ReturnType<typeof buildOrg>>;
  let secretUnit: string;
  let previousId: string;
  let meetingId: string;
  let noSignIn: { id: string; email: string };
  let leaver: Awaited<ReturnType<typeof buildPerson>>;

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    s = await startTestServer({
      clock,
      config: {
        publicUrl: 'https://tl.example.com',
        timeZone: 'Europe/Oslo',
        mail: { smtpUrl: smtp.url, from: 'Throughline <no-reply@tl.example.com>' },
      },
      seed: async (db) => {
        org = await buildOrg(db);
        const { ops, qc } = org.units;
        const { opsHead, member, exec } = org.people;
        // A restricted unit BELOW the reviewed scope: its members and executives see it, the review's audience does not.
        secretUnit = await buildUnit(db, {
          name: 'Skunkworks',
          parentId: ops,
          visibility: UnitVisibility.RESTRICTED,
        });
        const onTime = await buildKpi(db, {
          unitId: qc,
          ownerId: member.id,
          name: 'On-time delivery',
          direction: Direction.HIGHER_IS_BETTER,
          target: 95,
          amber: 90,
          red: 85,
        });
        const secretKpi = await buildKpi(db, {
          unitId: secretUnit,
          ownerId: exec.id,
          name: 'Prototype yield',
          target: 90,
          amber: 70,
          red: 50,
        });
        await insertRows(db, 'measurement', [
          measurementRow({ kpiId: onTime, value: 96, at: new Date('2027-02-01T00:00:00Z') }),
          measurementRow({
            kpiId: onTime,
            value: 80,
            at: new Date('2027-03-01T00:00:00Z'),
            note: 'Supplier strike in week 9',
            recordedById: member.id,
          }),
          measurementRow({
            kpiId: secretKpi,
            value: 10,
            at: new Date('2027-03-01T00:00:00Z'),
            note: 'Prototype line halted',
            recordedById: exec.id,
          }),
        ]);
        // The previous review of the scope (closed) and one of the restricted unit, with their decisions.
        const previous = meetingRow({
          kind: MeetingKind.MONTHLY_OPERATIONAL,
          title: 'Operations monthly review — 20 Feb 2027',
          unitId: ops,
          chairId: opsHead.id,
          scheduledAt: new Date('2027-02-20T08:00:00Z'),
          status: MeetingStatus.CLOSED,
          openedAt: new Date('2027-02-20T08:00:00Z'),
          closedAt: new Date('2027-02-20T09:00:00Z'),
        });
        previousId = previous.id as string;
        const secretMeeting = meetingRow({
          kind: MeetingKind.MONTHLY_OPERATIONAL,
          title: 'Skunkworks review',
          unitId: secretUnit,
          chairId: exec.id,
          scheduledAt: new Date('2027-02-21T08:00:00Z'),
          status: MeetingStatus.CLOSED,
          openedAt: new Date('2027-02-21T08:00:00Z'),
          closedAt: new Date('2027-02-21T09:00:00Z'),
        });
        await insertRows(db, 'meeting', [previous, secretMeeting]);
        const decision = (meetingId: string, unitId: string, text: string, revisitOn: string) =>
          decisionRow({ meetingId, unitId, text, rationale: '', ownerId: opsHead.id, revisitOn });
        await insertRows(db, 'decision', [
          // Due on the review's day (16 March in Oslo): listed.
          decision(previousId, ops, 'Qualify a second supplier', '2027-03-16'),
          // Due the day after the review: not yet.
          decision(previousId, ops, 'Review the pricing model', '2027-03-17'),
          decision(secretMeeting.id as string, secretUnit, 'Buy the SensorCo prototype', '2027-03-01'),
        ]);
        const row = personRow({
          name: 'Nora No-Login',
          email: 'nora@example.test',
          unitId: ops,
          passwordHash: null,
        });
        await insertRows(db, 'person', [row]);
        noSignIn = { id: row.id as string, email: 'nora@example.test' };
        leaver = await buildPerson(db, { unitId: ops, name: 'Liam Leaver' });
      },
    });
    const r = await s.gql(
      `mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) { id } }`,
      {
        i: {
          unitId: org.units.ops,
          kind: MeetingKind.MONTHLY_OPERATIONAL,
          title: 'Operations monthly review — March',
          chairId: org.people.opsHead.id,
          participantIds: [org.people.member.id, noSignIn.id, leaver.id],
          // 09:00 in Oslo on Tuesday 16 March.
          scheduledAt: '2027-03-16T08:00:00Z',
        },
      },
      org.people.opsHead.token,
    );
    meetingId = r.data!.scheduleMeeting.id;
    await s.db.query(`UPDATE person SET archived_at = $2 WHERE id = $1`, [leaver.id, clock.now()]);
  });
  afterAll(async () => {
    await s?.close();
    await smtp?.close();
  });

  it('only the chair or an executive may prepare it; the setup says so, with the default period since the previous review', async () => {
    const asMember = await s.gql(MEETING, { id: meetingId }, org.people.member.token);
    expect(asMember.data.meeting.preReadSetup).toEqual({
      canPrepare: false,
      emailConfigured: true,
      defaultFrom: '2027-02-20T08:00:00.000Z',
      defaultTo: '2027-03-10T09:00:00.000Z',
      previousMeetingId: previousId,
    });
    expect(asMember.data.meeting.preRead).toBeNull();
    const refused = await s.gql(GENERATE, { id: meetingId }, org.people.member.token);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // A unit head who is not the chair may not either.
    const sales = await s.gql(GENERATE, { id: meetingId }, org.people.salesHead.token);
    expect(sales.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const chair = await s.gql(MEETING, { id: meetingId }, org.people.opsHead.token);
    expect(chair.data.meeting.preReadSetup.canPrepare).toBe(true);
    const bad = await s.gql(GENERATE, { id: 'nope' }, org.people.opsHead.token);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'meetingId' });
    const sendFirst = await s.gql(SEND, { id: meetingId }, org.people.opsHead.token);
    expect(sendFirst.errors?.[0].message).toMatch(/Generate the pre-read first/);
  });

  it('the chair generates it: the why (measurement notes), decisions due by the review day, nothing of the restricted unit below', async () => {
    const r = await s.gql(GENERATE, { id: meetingId }, org.people.opsHead.token);
    expect(r.errors).toBeUndefined();
    const p = r.data.generatePreRead;
    expect(p).toMatchObject({
      preReadOfMeetingId: meetingId,
      meetingId: null,
      from: '2027-02-20T08:00:00.000Z',
      to: '2027-03-10T09:00:00.000Z',
      sentAt: null,
      deliveries: [],
    });
    expect(p.offTrack.map((l: { title: string }) => l.title)).toEqual(['On-time delivery']);
    expect(p.why).toEqual([
      {
        kpiName: 'On-time delivery',
        text: 'Supplier strike in week 9',
        value: '80 %',
        authorName: 'Mia Member',
        source: 'MEASUREMENT',
      },
    ]);
    expect(p.revisitDue).toEqual([
      {
        title: 'Qualify a second supplier',
        detail: expect.stringMatching(/^Revisit due 16 Mar 2027; decided in Operations monthly review/),
        ownerName: 'Otto Ops',
      },
    ]);
    for (const text of [p.markdown, p.html]) {
      expect(text).toContain('Pre-read: Operations monthly review — March');
      expect(text).toContain('Supplier strike in week 9');
      expect(text).toContain('Qualify a second supplier');
      expect(text).not.toMatch(/Review the pricing model|Prototype|SensorCo|Skunkworks/);
    }
    // Links to each subject's page in the app, printed on paper after their text.
    expect(p.html).toMatch(/<a href="https:\/\/tl\.example\.com\/kpis\/[0-9a-f-]{36}">On-time delivery/);
    expect(p.html).toContain('a[href]::after{content:" (" attr(href) ")"');
    expect(p.html).toContain('section{break-inside:avoid-page}');
    expect(p.markdown).toMatch(/\[On-time delivery \(KPI\)\]\(https:\/\/tl\.example\.com\/kpis\//);
    // It is the meeting's pre-read, not its briefing of record (that comes at the close).
    const m = await s.gql(MEETING, { id: meetingId }, org.people.member.token);
    expect(m.data.meeting.preRead.id).toBe(p.id);
    expect(m.data.meeting.briefing).toBeNull();
  });

  it('sends it after the transaction: the chair and each participant get a summary and the link; what happened is recorded per person', async () => {
    const before = smtp.received.length;
    const r = await s.gql(SEND, { id: meetingId }, org.people.opsHead.token);
    expect(r.errors).toBeUndefined();
    const p = r.data.sendPreRead;
    expect(p.sentAt).toBe('2027-03-10T09:00:00.000Z');
    expect(p.sentBy).toEqual({ name: 'Otto Ops' });
    // The chair first, then the participants by name.
    expect(p.deliveries).toEqual([
      { name: 'Otto Ops', role: 'CHAIR', outcome: 'SENT', error: null },
      { name: 'Liam Leaver', role: 'PARTICIPANT', outcome: 'LEFT', error: null },
      { name: 'Mia Member', role: 'PARTICIPANT', outcome: 'SENT', error: null },
      { name: 'Nora No-Login', role: 'PARTICIPANT', outcome: 'SENT_NO_SIGN_IN', error: null },
    ]);
    await eventually(() => smtp.received.length - before >= 3, 5_000, 'three pre-read emails');
    // Only the pre-reads: scheduling sent its own calendar invitations before.
    const mails = smtp.received.slice(before).filter((m) => m.subject.startsWith('Pre-read'));
    expect(mails.map((m) => m.to[0]).sort()).toEqual(
      [org.people.opsHead.email, org.people.member.email, noSignIn.email].sort(),
    );
    const link = `https://tl.example.com/briefings/${p.id}`;
    for (const m of mails) {
      expect(m.subject).toBe('Pre-read: Operations monthly review — March');
      expect(m.text).toContain(`Read the pre-read: ${link}`);
      expect(m.html).toContain(`href="${link}"`);
      expect(m.text).toContain(
        'Otto Ops sent you the pre-read for Operations monthly review — March, on Tue 16 Mar 2027, 09:00 (Europe/Oslo).',
      );
      expect(m.text).toContain('In short: 1 decision is due for revisit; 1 KPI or initiative is off track; ');
      expect(m.text).toContain('Off track: On-time delivery.');
      expect(`${m.text}${m.html}`).not.toMatch(/Prototype|SensorCo|Skunkworks/);
    }
    const nora = mails.find((m) => m.to[0] === noSignIn.email)!;
    expect(nora.text).toContain('You have no sign-in to Throughline yet');
    expect(smtp.received.some((m) => m.to.includes(leaver.email) && m.subject.startsWith('Pre-read'))).toBe(
      false,
    );

    // The participant follows the link: the stored pre-read, in the app and as downloads.
    const asMember = await s.gql(
      `query($id: ID!) { storedBriefing(id: $id) { id preReadOfMeetingId markdown } }`,
      { id: p.id },
      org.people.member.token,
    );
    expect(asMember.data.storedBriefing).toMatchObject({ id: p.id, preReadOfMeetingId: meetingId });
    const md = await fetch(`${s.url}${p.markdownPath}`, {
      headers: { authorization: `Bearer ${org.people.member.token}` },
    });
    expect(md.status).toBe(200);
    expect(await md.text()).toBe(asMember.data.storedBriefing.markdown);
  });

  it('a failing SMTP server is reported per person, not thrown', async () => {
    smtp.failWith(451);
    try {
      const r = await s.gql(SEND, { id: meetingId }, org.people.exec.token);
      expect(r.errors).toBeUndefined();
      const failed = r.data.sendPreRead.deliveries.filter((d: { outcome: string }) => d.outcome === 'FAILED');
      expect(failed).toHaveLength(3);
      expect(failed[0].error).toMatch(/451/);
      expect(r.data.sendPreRead.sentBy).toEqual({ name: 'Eve Exec' });
    } finally {
      smtp.failWith(null);
    }
  });

  it('regenerating replaces it in place (same id and link), keeping when it was last sent', async () => {
    const first = (await s.gql(MEETING, { id: meetingId }, org.people.opsHead.token)).data.meeting.preRead;
    clock.set('2027-03-12T10:00:00Z');
    const r = await s.gql(
      GENERATE,
      { id: meetingId, from: '2027-03-02T00:00:00Z', to: '2027-03-12T10:00:00Z' },
      org.people.exec.token,
    );
    expect(r.errors).toBeUndefined();
    const p = r.data.generatePreRead;
    expect(p.id).toBe(first.id);
    expect(p.from).toBe('2027-03-02T00:00:00.000Z');
    expect(p.generatedAt).toBe('2027-03-12T10:00:00.000Z');
    expect(p.sentAt).toBe(first.sentAt);
    // The note was written before this period: the why has nothing to say now.
    expect(p.why).toEqual([]);
    const [{ n }] = await s.db.query(
      `SELECT count(*)::int AS n FROM briefing WHERE pre_read_of_meeting_id = $1`,
      [meetingId],
    );
    expect(n).toBe(1);
    const bad = await s.gql(
      GENERATE,
      { id: meetingId, from: '2027-03-12T10:00:00Z', to: '2027-03-02T00:00:00Z' },
      org.people.exec.token,
    );
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
  });

  it('without SMTP_URL nothing is sent, and that is what the meeting shows', async () => {
    const quiet = await startTestServer({
      clock,
      databaseUrl: s.databaseUrl,
      config: { publicUrl: 'https://tl.example.com', mail: { smtpUrl: null, from: 'x@tl.example.com' } },
    });
    try {
      const before = smtp.received.length;
      const setup = await quiet.gql(MEETING, { id: meetingId }, org.people.opsHead.token);
      expect(setup.data.meeting.preReadSetup.emailConfigured).toBe(false);
      const r = await quiet.gql(SEND, { id: meetingId }, org.people.opsHead.token);
      expect(r.data.sendPreRead.deliveries.map((d: { outcome: string }) => d.outcome)).toEqual([
        'NO_MAIL_SERVER',
        'LEFT',
        'NO_MAIL_SERVER',
        'NO_MAIL_SERVER',
      ]);
      expect(smtp.received.length).toBe(before);
    } finally {
      await quiet.close();
    }
  });

  it('only before the review: an open meeting takes no new pre-read', async () => {
    const open = await s.gql(
      `mutation($id: ID!) { openMeeting(id: $id) { status } }`,
      { id: meetingId },
      org.people.opsHead.token,
    );
    expect(open.errors).toBeUndefined();
    const r = await s.gql(GENERATE, { id: meetingId }, org.people.opsHead.token);
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'meetingId' });
    expect(r.errors?.[0].message).toMatch(/before the review: this meeting is open/);
    const m = await s.gql(MEETING, { id: meetingId }, org.people.member.token);
    expect(m.data.meeting.preReadSetup.canPrepare).toBe(false);
    expect(m.data.meeting.preRead).not.toBeNull();
  });
});
