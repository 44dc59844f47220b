import { HistoryAction, SubjectType } from '@throughline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrgTree } from '../../auth/org-tree.js';
import { Policy, viewerOf } from '../../auth/policy.js';
import { ManualClock } from '../../clock.js';
import { buildOrg } from '../../../test/helpers/factories.js';
import { eventually, startTestServer, type TestServer } from '../../../test/helpers/server.js';
import { linkIn, startTestSmtpServer, type TestSmtpServer } from '../../../test/helpers/smtp.js';
import { before, recordChange } from '../graph-write.js';
import { processAssignments, runDigestRound, type NotificationDeps } from './notification.service.js';

const SETTINGS = `mutation($i: NotificationSettingsInput!) { updateNotificationSettings(input: $i) { digestFrequency assignmentEmails emailDelivery nextDigestAt lastDigestSentAt timeZone version } }`;
const MY_SETTINGS = `{ myNotificationSettings { digestFrequency emailDelivery nextDigestAt lastDigestSentAt version } }`;
const MY_DIGEST = `{ myDigest { empty frequency periodDays since sections { key title items { id title detail path } } } }`;
const SCHEDULE = `mutation($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { id } }`;
const OPEN = `mutation($id: ID!) { openMeeting(id: $id) { id } }`;
const ACT = `mutation($input: AddActionInput!) { addAction(input: $input) { id } }`;
const DECIDE = `mutation($input: RecordDecisionInput!) { recordDecision(input: $input) { id } }`;

describe('notifications: digests and assignment emails, against a real SMTP server', () => {
  let smtp: TestSmtpServer;
  let s: TestServer;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  let meetingId: string;
  // Saturday 27 March 2027, the day before Oslo moves its clocks forward.
  const clock = new ManualClock('2027-03-27T10:00:00Z');
  const config = () => ({
    mail: { smtpUrl: smtp.url, from: 'Throughline <no-reply@tl.example>' },
    notifications: { checkIntervalMs: 0 },
    timeZone: 'Europe/Oslo',
  });
  const deps = (server = s): NotificationDeps => {
    const h = server.server.host;
    return { db: h.db, mailer: h.mailer, clock: h.clock, config: h.config, secretBox: h.secretBox };
  };
  const ok = async <T = Record<string, any>>(
    q: string,
    v: Record<string, unknown>,
    token: string,
  ): Promise<T> => {
    const r = await s.gql<T>(q, v, token);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data!;
  };
  const mailsTo = (to: string, subject: RegExp) =>
    smtp.received.filter((m) => m.to.includes(to) && subject.test(m.subject));

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    s = await startTestServer({ clock, config: config() });
    org = await buildOrg(s.db);
    const { exec, member } = org.people;
    meetingId = (
      await ok(
        SCHEDULE,
        {
          input: {
            unitId: org.units.ops,
            kind: 'MONTHLY_OPERATIONAL',
            chairId: exec.id,
            participantIds: [member.id],
            scheduledAt: '2027-03-27T11:00:00Z',
          },
        },
        exec.token,
      )
    ).scheduleMeeting.id;
    await ok(OPEN, { id: meetingId }, exec.token);
  });
  afterAll(async () => {
    await s?.close();
    await smtp?.close();
  });

  it('giving someone an action or a decision emails them once; the one who gives it to themselves gets nothing', async () => {
    const { exec, member } = org.people;
    await ok(
      ACT,
      { input: { meetingId, text: 'Own it myself', ownerId: exec.id, dueDate: '2027-03-27T12:00:00Z' } },
      exec.token,
    );
    await ok(
      ACT,
      {
        input: {
          meetingId,
          text: 'Fix the weekend rota',
          ownerId: member.id,
          dueDate: '2027-03-27T12:00:00Z',
        },
      },
      exec.token,
    );
    await ok(
      DECIDE,
      { input: { meetingId, text: 'Move QC to two shifts', ownerId: member.id, revisitOn: '2027-03-28' } },
      exec.token,
    );
    const action = await eventually(
      () => mailsTo(member.email, /gave you an action/)[0],
      10_000,
      'action mail',
    );
    expect(action.to).toEqual([member.email]);
    expect(action.subject).toBe('Eve Exec gave you an action: Fix the weekend rota');
    expect(action.text).toContain('“Fix the weekend rota”');
    expect(action.text).toContain(`/meetings/${meetingId}`);
    expect(action.html).toContain('Fix the weekend rota');
    const decision = await eventually(
      () => mailsTo(member.email, /gave you a decision/)[0],
      10_000,
      'decision mail',
    );
    expect(decision.text).toContain('To revisit by Sun, 28 Mar 2027');
    // Events are read in order: once the later mails came, the self-assignment was judged (no mail).
    expect(mailsTo(exec.email, /gave you/)).toHaveLength(0);
    // Another round, and another instance's, find nothing new to send.
    await processAssignments(deps());
    await processAssignments(deps());
    expect(mailsTo(member.email, /gave you/)).toHaveLength(2);
  });

  it('an owner changed to someone else tells the new owner (read from the history of the change)', async () => {
    const { exec, opsHead } = org.people;
    const [row] = await s.db.query(`SELECT id FROM action WHERE text = 'Own it myself'`);
    const [person] = await s.db.query(
      `SELECT id, name, email, role, unit_id AS "unitId" FROM person WHERE id = $1`,
      [exec.id],
    );
    await s.db.transaction(async (m) => {
      const policy = new Policy(viewerOf(person), await OrgTree.load(m));
      const prev = await before(m, SubjectType.ACTION, row.id);
      await m.query(`UPDATE action SET owner_id = $2, version = version + 1 WHERE id = $1`, [
        row.id,
        opsHead.id,
      ]);
      await recordChange(m, policy, {
        subjectType: SubjectType.ACTION,
        subjectId: row.id,
        action: HistoryAction.UPDATE,
        before: prev,
        unitId: org.units.ops,
        topic: 'actionChanged',
      });
    });
    const mail = await eventually(
      () => mailsTo(opsHead.email, /gave you an action/)[0],
      10_000,
      'reassigned',
    );
    expect(mail.subject).toBe('Eve Exec gave you an action: Own it myself');
  });

  it('a daily digest: chosen at 10:00, first sent at 07:00 the next morning (a DST day), once, with both parts and an unsubscribe link', async () => {
    const { member, salesHead, opsHead } = org.people;
    const set = await ok<{ updateNotificationSettings: Record<string, unknown> }>(
      SETTINGS,
      { i: { digestFrequency: 'DAILY', version: 0 } },
      member.token,
    );
    // 07:00 in Oslo on Sunday 28 March is 05:00 UTC: summer time starts that night.
    expect(set.updateNotificationSettings).toMatchObject({
      digestFrequency: 'DAILY',
      emailDelivery: true,
      nextDigestAt: '2027-03-28T05:00:00.000Z',
      timeZone: 'Europe/Oslo',
      version: 1,
    });
    const stale = await s.gql(SETTINGS, { i: { digestFrequency: 'WEEKLY', version: 0 } }, member.token);
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'version' });
    // Sam has nothing that concerns him: his digest is claimed empty and never sent.
    await ok(SETTINGS, { i: { digestFrequency: 'DAILY' } }, salesHead.token);
    // An alert in the restricted unit names Otto as owner; he may not see that unit: never in his digest.
    await ok(SETTINGS, { i: { digestFrequency: 'DAILY' } }, opsHead.token);
    await s.db.query(
      `INSERT INTO alert (rule, message, subject_id, subject_type, unit_id, owner_id, status, raised_at)
       VALUES ('KPI_STALE', 'Secret acquisition KPI is stale', $1, 'OBJECTIVE', $2, $3, 'OPEN', $4),
              ('KPI_STALE', 'Delivery KPI is stale', $5, 'OBJECTIVE', $6, NULL, 'OPEN', $4)`,
      [
        org.objectives.secretObjective,
        org.units.secret,
        opsHead.id,
        '2027-03-27T20:00:00Z',
        org.objectives.opsObjective,
        org.units.ops,
      ],
    );

    // This morning's 07:00 was before she chose: nothing now.
    expect(await runDigestRound(deps())).toMatchObject({ skipped: false, sent: 0 });

    clock.set('2027-03-28T05:00:30Z');
    const [first, second] = await Promise.all([runDigestRound(deps()), runDigestRound(deps())]);
    expect(first.sent + second.sent).toBe(2); // Mia and Otto; the other round was locked out or found them claimed
    expect(await runDigestRound(deps())).toMatchObject({ sent: 0, empty: 0 });
    const digests = mailsTo(member.email, /Your daily digest/);
    expect(digests).toHaveLength(1);
    const d = digests[0];
    expect(d.to).toEqual([member.email]);
    expect(d.subject).toBe('Your daily digest: 1 overdue action, 1 decision to revisit');
    expect(d.text).toContain('YOUR OVERDUE ACTIONS');
    expect(d.text).toContain('- Fix the weekend rota (Due Sat 27 Mar, overdue)');
    expect(d.text).toContain('DECISIONS DUE FOR REVISIT');
    expect(d.text).toContain('Move QC to two shifts');
    expect(d.html).toContain('<h2');
    expect(d.html).toContain('Fix the weekend rota');
    expect(d.headers['list-unsubscribe']).toMatch(/^<http.*\/notifications\/unsubscribe\?token=.+>$/);
    expect(d.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(mailsTo(salesHead.email, /digest/)).toHaveLength(0);
    const otto = mailsTo(opsHead.email, /Your daily digest/);
    expect(otto).toHaveLength(1);
    expect(otto[0].text).toContain('Delivery KPI is stale');
    expect(otto[0].text).not.toContain('Secret acquisition');
    const [rows] = await s.db.query(
      `SELECT count(*) FILTER (WHERE state = 'EMPTY')::int AS empty FROM notification_delivery WHERE person_id = $1`,
      [salesHead.id],
    );
    expect(rows.empty).toBe(1);

    // In the app, the same digest (and still nothing restricted).
    const mine = await ok<{ myDigest: { sections: { key: string; items: { title: string }[] }[] } }>(
      MY_DIGEST,
      {},
      opsHead.token,
    );
    const titles = mine.myDigest.sections.flatMap((x) => x.items.map((i) => i.title));
    expect(titles).not.toContain('Secret acquisition KPI is stale');
    expect((await ok<any>(MY_SETTINGS, {}, member.token)).myNotificationSettings.lastDigestSentAt).toBe(
      '2027-03-28T05:00:30.000Z',
    );
  });

  it('after a restart: what fell due while no instance ran is sent once (only the latest), then never again', async () => {
    const { member } = org.people;
    // Down from Sunday until Wednesday noon: Monday's, Tuesday's and Wednesday's digests fell due.
    clock.set('2027-03-31T10:00:00Z');
    const again = await startTestServer({ databaseUrl: s.databaseUrl, clock, config: config() });
    try {
      const wednesday = await eventually(
        () => mailsTo(member.email, /Your daily digest/)[1],
        10_000,
        'catch-up digest',
      );
      expect(wednesday.text).toContain('Wednesday 31 March');
      expect(await runDigestRound(deps(again))).toMatchObject({ sent: 0 });
      expect(await runDigestRound(deps())).toMatchObject({ sent: 0 });
      expect(mailsTo(member.email, /Your daily digest/)).toHaveLength(2);
    } finally {
      await again.close();
    }
  });

  it('the unsubscribe link works without signing in: it turns the digest off and says so; a forged one changes nothing', async () => {
    const { member } = org.people;
    const link = linkIn(mailsTo(member.email, /Your daily digest/)[0], '/notifications/unsubscribe');
    const path = link.slice(link.indexOf('/notifications/'));
    const forged = await fetch(`${s.url}/notifications/unsubscribe?token=v1%3Aabc`, { redirect: 'manual' });
    expect(forged.status).toBe(303);
    expect(forged.headers.get('location')).toBe('/digest/unsubscribed?invalid=1');
    expect((await ok<any>(MY_SETTINGS, {}, member.token)).myNotificationSettings.digestFrequency).toBe(
      'DAILY',
    );
    const r = await fetch(`${s.url}${path}`, { redirect: 'manual' });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/digest/unsubscribed?was=DAILY');
    expect((await ok<any>(MY_SETTINGS, {}, member.token)).myNotificationSettings).toMatchObject({
      digestFrequency: 'OFF',
      nextDigestAt: null,
    });
    // One-click (RFC 8058): a POST to the same address.
    await ok(SETTINGS, { i: { digestFrequency: 'WEEKLY' } }, member.token);
    const post = await fetch(`${s.url}${path}`, {
      method: 'POST',
      body: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(post.status).toBe(200);
    expect((await ok<any>(MY_SETTINGS, {}, member.token)).myNotificationSettings.digestFrequency).toBe('OFF');
  });

  it('without SMTP_URL nothing is claimed or sent; the digest is read in the app', async () => {
    const { member } = org.people;
    await ok(SETTINGS, { i: { digestFrequency: 'DAILY' } }, member.token);
    clock.set('2027-04-01T05:00:10Z');
    expect(await runDigestRound({ ...deps(), mailer: null })).toMatchObject({ skipped: true, sent: 0 });
    const [row] = await s.db.query(
      `SELECT count(*)::int AS n FROM notification_delivery WHERE person_id = $1 AND due_at >= '2027-04-01'`,
      [member.id],
    );
    expect(row.n).toBe(0);
    const mine = await ok<any>(MY_DIGEST, {}, member.token);
    expect(mine.myDigest).toMatchObject({ empty: false, frequency: 'DAILY', periodDays: 1 });
    expect(mine.myDigest.sections.map((x: { key: string }) => x.key)).toContain('overdueActions');
  });
});
