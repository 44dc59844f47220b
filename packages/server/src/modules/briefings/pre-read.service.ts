import { MeetingStatus } from '@throughline/shared';
import { In, type EntityManager } from 'typeorm';
import { audienceCanSee, Policy, viewerOf } from '../../auth/policy.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput, forbidden } from '../../graphql/errors.js';
import { isUuid } from '../../graphql/ids.js';
import { renderMail } from '../mail/mail-templates.js';
import { trySend } from '../mail/mailer.js';
import { writeTransaction } from '../graph-write.js';
import { Meeting } from '../meetings/meeting.entity.js';
import { meetingSubject, publishMeetingChanged } from '../meetings/meeting.service.js';
import { Person } from '../people/person.entity.js';
import type { BriefingContent, PreReadDelivery, PreReadOutcome } from './briefing.content.js';
import { Briefing } from './briefing.entity.js';
import {
  buildBriefingContent,
  renderBriefing,
  RenderedBriefing,
  renderedFromStored,
  requirePeriod,
} from './briefing.service.js';
import { dayInZone } from './pre-read.content.js';

/*
 * A review's pre-read: generated on demand by its chair (or an executive) before the review,
 * previewed, then sent to the chair and participants by email with a link to the stored copy.
 *
 * Visibility: ONE shared document per review, carrying only what everyone who may see the
 * review's unit may see (`audienceCanSee`: restricted units below the scope are left out, even
 * when the chair could see them). Whoever may open the meeting may open its pre-read at
 * /briefings/<id>, and every participant can see the unit, so the stored copy and each email
 * (built from the stored copy alone) never show a reader anything they may not see. One
 * document also means everyone discusses the same page.
 */

/** Without a previous review of the scope, a pre-read covers this many days before it is generated. */
export const DEFAULT_PERIOD_DAYS = 30;

/** Subject of the pre-read email. */
export const preReadSubject = (meetingTitle: string) => `Pre-read: ${meetingTitle}`;

/** Locks the meeting and checks the viewer may prepare its pre-read (NOT_FOUND when invisible). */
async function lockMeetingForPreRead(m: EntityManager, policy: Policy, id: string): Promise<Meeting> {
  const row = isUuid(id)
    ? await m.getRepository(Meeting).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } })
    : null;
  if (!row || !policy.can('read', { unitId: row.unitId }))
    throw badInput('meetingId', `No meeting with id ${id}.`);
  if (!policy.canPreparePreRead(await meetingSubject(m, row)))
    throw forbidden("Only the review's chair or an executive may prepare and send its pre-read.");
  if (row.status !== MeetingStatus.SCHEDULED)
    throw badInput(
      'meetingId',
      `A pre-read is prepared before the review: this meeting is ${row.status.toLowerCase()}.`,
    );
  return row;
}

/** The default period: since the previous review of the scope opened, else the last 30 days. */
export async function defaultPreReadPeriod(
  ctx: GraphQLContext,
  meeting: Meeting,
): Promise<{ from: Date; to: Date; previousMeetingId: string | null }> {
  const to = ctx.clock.now();
  const previousId = await ctx.loaders.previousMeetingId.load(meeting.id);
  const previous = previousId ? await ctx.loaders.meeting.load(previousId) : null;
  const since = previous ? (previous.openedAt ?? previous.scheduledAt) : null;
  const from = since && since < to ? since : new Date(to.getTime() - DEFAULT_PERIOD_DAYS * 86_400_000);
  return { from, to, previousMeetingId: previous?.id ?? null };
}

/** The stored pre-read of a meeting, or null. */
export function storedPreRead(m: EntityManager | GraphQLContext['db'], meetingId: string) {
  return m.getRepository(Briefing).findOne({ where: { preReadOfMeetingId: meetingId } });
}

/**
 * Generates the pre-read of a scheduled review for a period (default: since the previous review
 * of the scope, else 30 days) and stores it as the meeting's pre-read, replacing the one before
 * (same id: a link already sent opens the newest version; when it was sent stays recorded).
 */
export async function generatePreRead(
  ctx: GraphQLContext,
  meetingId: string,
  from?: Date | null,
  to?: Date | null,
): Promise<RenderedBriefing> {
  // The default period reads through the request's loaders, outside the transaction.
  const visible = isUuid(meetingId) ? await ctx.loaders.meeting.load(meetingId) : null;
  const defaults = visible ? await defaultPreReadPeriod(ctx, visible) : null;
  const row = await writeTransaction(ctx, async (m, policy, now) => {
    const meeting = await lockMeetingForPreRead(m, policy, meetingId);
    const periodTo = to ?? defaults?.to ?? now;
    const periodFrom =
      from ?? defaults?.from ?? new Date(periodTo.getTime() - DEFAULT_PERIOD_DAYS * 86_400_000);
    requirePeriod(meeting.unitId, periodFrom, periodTo, (u) => policy.canSeeUnit(u));
    const content = await buildBriefingContent(ctx.db, policy.tree, {
      unitId: meeting.unitId,
      from: periodFrom,
      to: periodTo,
      include: (u) => audienceCanSee(policy.tree, meeting.unitId, u),
      now,
      preRead: {
        meetingId: meeting.id,
        meetingTitle: meeting.title,
        scheduledAt: meeting.scheduledAt.toISOString(),
        revisitBy: dayInZone(meeting.scheduledAt, ctx.config.timeZone),
        timeZone: ctx.config.timeZone,
      },
    });
    const r = renderBriefing(content, { id: null, meetingId: null }, { appUrl: ctx.config.publicUrl });
    const repo = m.getRepository(Briefing);
    const existing = await repo.findOne({ where: { preReadOfMeetingId: meeting.id } });
    const saved = await repo.save(
      Object.assign(
        existing ?? repo.create({ preReadOfMeetingId: meeting.id, meetingId: null, deliveries: [] }),
        {
          unitId: meeting.unitId,
          periodFrom,
          periodTo,
          generatedAt: now,
          generatedById: policy.viewer.personId,
          content,
          markdown: r.markdown,
          html: r.html,
        },
      ),
    );
    await publishMeetingChanged(m, meeting, { preRead: existing ? 'regenerated' : 'generated' });
    return saved;
  });
  return renderedFromStored(row);
}

/** How many of each thing the pre-read holds, in words, for the email's summary. */
export function preReadSummary(c: BriefingContent): string[] {
  const n = (count: number, one: string, many: string) =>
    count === 0 ? `no ${many}` : `${count} ${count === 1 ? one : many}`;
  const lines = [
    `${n(c.revisitDue?.length ?? 0, 'decision is', 'decisions are')} due for revisit`,
    `${n(c.offTrack.length, 'KPI or initiative is', 'KPIs and initiatives are')} off track`,
    `${n(c.moved.length, 'KPI', 'KPIs')} changed health`,
    `${n(c.overdueActions.length, 'action is', 'actions are')} overdue`,
  ];
  const offTrack = c.offTrack.slice(0, 3).map((l) => l.title);
  return [
    `In short: ${lines.join('; ')}.`,
    ...(offTrack.length
      ? [`Off track: ${offTrack.join(', ')}${c.offTrack.length > offTrack.length ? ', and more' : ''}.`]
      : []),
  ];
}

/** The review's time in the organisation's zone, e.g. "Tue 1 Dec 2026, 09:00 (Europe/Oslo)". */
function meetingTimeText(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('weekday')} ${get('day')} ${get('month')} ${get('year')}, ${get('hour')}:${get('minute')} (${timeZone})`;
}

interface Recipient {
  person: Person;
  hasPassword: boolean;
  role: 'CHAIR' | 'PARTICIPANT';
}

/**
 * Sends the stored pre-read to the review's chair and participants: each gets an email with a
 * short summary and the link to it. Mail goes out after the transaction that checked the request
 * commits; a second one records when, by whom and what happened per person (sent, failed, no mail
 * server, left, no access). Without `SMTP_URL` nothing is sent and that is what is recorded.
 */
export async function sendPreRead(ctx: GraphQLContext, meetingId: string): Promise<RenderedBriefing> {
  const prepared = await writeTransaction(ctx, async (m, policy) => {
    const meeting = await lockMeetingForPreRead(m, policy, meetingId);
    const preRead = await m.getRepository(Briefing).findOne({ where: { preReadOfMeetingId: meeting.id } });
    if (!preRead) throw badInput('meetingId', 'Generate the pre-read first, then send it.');
    const ids = (await meetingSubject(m, meeting)).participantIds ?? [];
    const rows: { id: string; has_password: boolean }[] = await m.query(
      `SELECT id, password_hash IS NOT NULL AS has_password FROM person WHERE id = ANY($1)`,
      [[meeting.chairId, ...ids]],
    );
    const people = await m.getRepository(Person).findBy({ id: In(rows.map((r) => r.id)) });
    const byId = new Map(people.map((p) => [p.id, p]));
    // The chair first, then the participants by name.
    const participants = ids
      .filter((id) => id !== meeting.chairId && byId.has(id))
      .sort((a, b) => byId.get(a)!.name.localeCompare(byId.get(b)!.name) || a.localeCompare(b));
    const recipients: Recipient[] = [meeting.chairId, ...participants]
      .filter((id) => byId.has(id))
      .map((id) => ({
        person: byId.get(id)!,
        hasPassword: !!rows.find((r) => r.id === id)?.has_password,
        role: id === meeting.chairId ? 'CHAIR' : 'PARTICIPANT',
      }));
    return { meeting, preRead, recipients, tree: policy.tree, sender: policy.viewer.name };
  });

  const { meeting, preRead, recipients, tree, sender } = prepared;
  const url = `${ctx.config.publicUrl.replace(/\/+$/, '')}/briefings/${preRead.id}`;
  const summary = preReadSummary(preRead.content);
  const when = meetingTimeText(meeting.scheduledAt, ctx.config.timeZone);
  const deliveries: PreReadDelivery[] = [];
  for (const r of recipients) {
    const at = () => ctx.clock.now().toISOString();
    const record = (outcome: PreReadOutcome, error: string | null = null) =>
      deliveries.push({ personId: r.person.id, name: r.person.name, role: r.role, outcome, error, at: at() });
    if (r.person.archivedAt) {
      record('LEFT');
      continue;
    }
    if (!new Policy(viewerOf(r.person), tree).canSeeUnit(meeting.unitId)) {
      record('NO_ACCESS');
      continue;
    }
    if (!ctx.mailer) {
      record('NO_MAIL_SERVER');
      continue;
    }
    const body = renderMail({
      greeting: `Hello ${r.person.name},`,
      paragraphs: [`${sender} sent you the pre-read for ${meeting.title}, on ${when}.`, ...summary],
      action: { label: 'Read the pre-read', url },
      footer: [
        r.role === 'CHAIR' ? 'You chair this review.' : 'You get this because you take part in this review.',
        ...(r.hasPassword
          ? []
          : [`You have no sign-in to Throughline yet: ask ${sender} for an invitation to open the link.`]),
      ],
    });
    const sent = await trySend(ctx.mailer, {
      to: r.person.email,
      subject: preReadSubject(meeting.title),
      ...body,
    });
    record(sent.sent ? (r.hasPassword ? 'SENT' : 'SENT_NO_SIGN_IN') : 'FAILED', sent.error);
  }

  const row = await writeTransaction(ctx, async (m, policy, now) => {
    const locked = await m
      .getRepository(Meeting)
      .findOne({ where: { id: meeting.id }, lock: { mode: 'pessimistic_write' } });
    const current = await m.getRepository(Briefing).findOneOrFail({ where: { id: preRead.id } });
    current.sentAt = now;
    current.sentById = policy.viewer.personId;
    current.deliveries = deliveries;
    const saved = await m.getRepository(Briefing).save(current);
    await publishMeetingChanged(m, locked ?? meeting, { preRead: 'sent' });
    return saved;
  });
  return renderedFromStored(row);
}
