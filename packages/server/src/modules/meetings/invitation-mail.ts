import type { DataSource } from 'typeorm';
import type { Config } from '../../config.js';
import type { Clock } from '../../clock.js';
import { renderMail } from '../mail/mail-templates.js';
import { trySend, type Mailer } from '../mail/mailer.js';
import { buildInvitation, type InvitationPerson } from './invitation.js';

/** What happened to one round of invitations: the app says it when mail is off or failed. */
export interface InvitationReport {
  sent: number;
  failed: number;
  /** No SMTP_URL: nothing was sent. */
  mailOff: boolean;
}

/** How long a review lasts in calendars. */
export const REVIEW_MINUTES = 60;

/** What happened to the meeting, which decides the message's words. */
export type InvitationReason = 'scheduled' | 'updated' | 'removed' | 'cancelled';

interface Person extends InvitationPerson {
  id: string;
}

/** "Tuesday 5 January 2027, 09:00 (Europe/Oslo)": the organisation's wall clock. */
export function wallClockText(at: Date, timeZone: string): string {
  // Built from parts: the joined format differs between ICU versions ("Friday, 5 March" / "Friday 5 March").
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const p = (t: string) => parts.find((x) => x.type === t)?.value ?? '';
  return `${p('weekday')} ${p('day')} ${p('month')} ${p('year')}, ${p('hour')}:${p('minute')} (${timeZone})`;
}

async function peopleByIds(db: DataSource, ids: string[]): Promise<Person[]> {
  if (ids.length === 0) return [];
  return db.query(
    `SELECT id, name, email FROM person WHERE id = ANY($1) AND archived_at IS NULL AND email <> '' ORDER BY name`,
    [ids],
  );
}

/**
 * Tells people about a meeting by email with its calendar invitation, after the change committed
 * (never inside a transaction). `reason` 'scheduled' and 'updated' send METHOD:REQUEST to the
 * chair and every participant; 'removed' sends METHOD:CANCEL to `only` (people taken off it);
 * 'cancelled' sends METHOD:CANCEL to everyone. The meeting's SEQUENCE is read from the row.
 */
export async function sendInvitations(
  deps: { db: DataSource; mailer: Mailer | null; config: Config; clock: Clock },
  meetingId: string,
  reason: InvitationReason,
  only?: string[],
): Promise<InvitationReport> {
  if (!deps.mailer) return { sent: 0, failed: 0, mailOff: true };
  const [meeting] = await deps.db.query(
    `SELECT m.id, m.title, m.scheduled_at, m.chair_id, m.invitation_sequence, m.cancel_reason, u.name AS unit_name
       FROM meeting m JOIN unit u ON u.id = m.unit_id WHERE m.id = $1`,
    [meetingId],
  );
  if (!meeting) return { sent: 0, failed: 0, mailOff: false };
  const participantIds: string[] = (
    await deps.db.query(`SELECT person_id FROM meeting_participant WHERE meeting_id = $1`, [meetingId])
  ).map((r: { person_id: string }) => r.person_id);
  const [chair] = await deps.db.query(`SELECT id, name, email FROM person WHERE id = $1`, [meeting.chair_id]);
  const attendees = await peopleByIds(deps.db, participantIds);
  const recipients =
    reason === 'removed'
      ? await peopleByIds(deps.db, only ?? [])
      : [...(chair && chair.email ? [chair as Person] : []), ...attendees.filter((a) => a.id !== chair?.id)];
  const cancel = reason === 'removed' || reason === 'cancelled';
  const start = new Date(meeting.scheduled_at);
  const url = `${deps.config.publicUrl}/meetings/${meeting.id}`;
  const when = wallClockText(start, deps.config.timeZone);
  const summary: string = meeting.title;
  const ics = buildInvitation({
    method: cancel ? 'CANCEL' : 'REQUEST',
    meetingId: meeting.id,
    domain: new URL(deps.config.publicUrl).hostname,
    sequence: meeting.invitation_sequence,
    start,
    durationMinutes: REVIEW_MINUTES,
    summary,
    description: `${meeting.unit_name} review chaired by ${chair?.name ?? 'its chair'}. The meeting room: ${url}`,
    url,
    organizer: { name: chair?.name ?? 'Throughline', email: chair?.email ?? 'no-reply@invalid' },
    attendees: reason === 'removed' ? recipients : attendees.filter((a) => a.id !== chair?.id),
    stamp: deps.clock.now(),
  });
  const subject = {
    scheduled: `Invitation: ${summary}`,
    updated: `Updated invitation: ${summary}`,
    removed: `Not needed: ${summary}`,
    cancelled: `Cancelled: ${summary}`,
  }[reason];
  let sent = 0;
  let failed = 0;
  for (const to of recipients) {
    const paragraphs = {
      scheduled: [`${chair?.name ?? 'The chair'} invites you to ${summary}, on ${when}.`],
      updated: [`${summary} has changed: it is now on ${when}, chaired by ${chair?.name ?? 'its chair'}.`],
      removed: [`You are no longer among the participants of ${summary} (${when}).`],
      cancelled: [
        `${summary}, planned for ${when}, is cancelled.`,
        ...(meeting.cancel_reason ? [`Reason: ${meeting.cancel_reason}`] : []),
      ],
    }[reason];
    const body = renderMail({
      greeting: `Hello ${to.name},`,
      paragraphs: [
        ...paragraphs,
        cancel
          ? 'The attached calendar update takes it off your calendar.'
          : 'The attached calendar invitation puts it in your calendar; it is updated if the review moves.',
      ],
      action: cancel ? undefined : { label: 'Open the meeting room', url },
      footer: ['You receive this because you take part in this review in Throughline.'],
    });
    const r = await trySend(deps.mailer, {
      to: to.email,
      subject,
      ...body,
      icalEvent: { method: cancel ? 'CANCEL' : 'REQUEST', content: ics },
    });
    if (r.sent) sent++;
    else failed++;
  }
  return { sent, failed, mailOff: false };
}
