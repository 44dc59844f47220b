import { ActionStatus, Frequency, isStale } from '@throughline/shared';
import { addDays, localDate } from './wall-clock.js';
import { kpiCheckInDue } from '../checkins/checkin-cadence.js';

/**
 * What goes into a person's digest, as pure rules over candidate rows (read by
 * `digest.service.ts`: everything linked to the person — owned, headed, taken part in). Every
 * rule drops what the reader may not see (`canSee(unitId)`, the one policy): a digest never
 * mentions a restricted unit its reader is not let into.
 */

/** One line of a digest: what, a short detail, and where it is in the app (a path). */
export interface DigestItem {
  id: string;
  title: string;
  detail: string;
  path: string;
}

/** A digest's content, section by section (empty lists are left out of the email). */
export interface DigestContent {
  overdueActions: DigestItem[];
  newAlerts: DigestItem[];
  kpisDue: DigestItem[];
  decisionsToRevisit: DigestItem[];
  nextReview: DigestItem | null;
}

/** What the rules compare with: now, the previous digest, how far ahead it looks, the wall-clock zone. */
export interface DigestWindow {
  now: Date;
  /** New alerts are those raised (or escalated to the reader) after this instant: the previous digest. */
  since: Date;
  /** Days ahead: reviews coming, decisions to revisit, KPIs falling due (the digest's period). */
  horizonDays: number;
  timeZone: string;
}

export type CanSee = (unitId: string) => boolean;

export interface ActionRow {
  id: string;
  text: string;
  unitId: string;
  meetingId: string;
  dueDate: Date;
  status: string;
}
export interface AlertRow {
  id: string;
  message: string;
  rule: string;
  unitId: string;
  subjectId: string;
  subjectType: string;
  raisedAt: Date;
  /** When it was escalated to the reader (alerts that record an escalation target), else null. */
  escalatedAt: Date | null;
}
export interface KpiRow {
  id: string;
  name: string;
  unitId: string;
  frequency: Frequency;
  latestAt: Date | null;
  /** When its owner last checked in (check-ins module); null or absent: never. */
  lastCheckInAt?: Date | null;
}
export interface DecisionRow {
  id: string;
  text: string;
  unitId: string;
  meetingId: string;
  revisitOn: string;
}
export interface MeetingRow {
  id: string;
  title: string;
  unitId: string;
  scheduledAt: Date;
}

const DAY_MS = 86_400_000;

export function dayText(at: Date | string, timeZone: string): string {
  const d = typeof at === 'string' ? new Date(`${at}T12:00:00Z`) : at;
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: typeof at === 'string' ? 'UTC' : timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  }).format(d);
}

export function timeText(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
}

const SUBJECT_PATH: Record<string, string> = {
  KPI: '/kpis/',
  OBJECTIVE: '/objectives/',
  INITIATIVE: '/initiatives/',
  MEETING: '/meetings/',
};

/** Open actions of theirs past their due date, the longest overdue first. */
export function overdueActions(rows: ActionRow[], canSee: CanSee, w: DigestWindow): DigestItem[] {
  return rows
    .filter(
      (a) => a.status === ActionStatus.OPEN && a.dueDate.getTime() < w.now.getTime() && canSee(a.unitId),
    )
    .sort((a, b) => a.dueDate.getTime() - b.dueDate.getTime())
    .map((a) => {
      const days = Math.floor((w.now.getTime() - a.dueDate.getTime()) / DAY_MS);
      return {
        id: a.id,
        title: a.text,
        detail: `Due ${dayText(a.dueDate, w.timeZone)}, ${days >= 1 ? `${days} day${days === 1 ? '' : 's'} overdue` : 'overdue'}`,
        path: `/meetings/${a.meetingId}`,
      };
    });
}

/** Alerts raised since the previous digest on what they own or head, or escalated to them since. */
export function newAlerts(rows: AlertRow[], canSee: CanSee, w: DigestWindow): DigestItem[] {
  const after = (t: Date | null) =>
    t !== null && t.getTime() > w.since.getTime() && t.getTime() <= w.now.getTime();
  return rows
    .filter((a) => (after(a.raisedAt) || after(a.escalatedAt)) && canSee(a.unitId))
    .sort((a, b) => b.raisedAt.getTime() - a.raisedAt.getTime())
    .map((a) => ({
      id: a.id,
      title: a.message,
      detail:
        after(a.escalatedAt) && !after(a.raisedAt)
          ? `Escalated to you; raised ${dayText(a.raisedAt, w.timeZone)}`
          : `Raised ${dayText(a.raisedAt, w.timeZone)} ${timeText(a.raisedAt, w.timeZone)}`,
      path: SUBJECT_PATH[a.subjectType] ? SUBJECT_PATH[a.subjectType] + a.subjectId : '/alerts',
    }));
}

/**
 * Check-ins due: their KPIs that need a value or a check-in within the digest's period — never
 * measured, their latest value will be older than the KPI's frequency allows, or (once checked in)
 * the next check-in falls due (one period of the KPI's frequency after the last; `kpiCheckInDue`).
 */
export function kpisDue(rows: KpiRow[], canSee: CanSee, w: DigestWindow): DigestItem[] {
  const by = new Date(w.now.getTime() + w.horizonDays * DAY_MS);
  const checkInBy = (k: KpiRow) =>
    k.lastCheckInAt ? kpiCheckInDue(k.frequency, new Date(k.lastCheckInAt), w.now).dueAt : null;
  const valueDue = (k: KpiRow) =>
    k.latestAt === null || isStale({ frequency: k.frequency, latestAt: k.latestAt, now: by });
  return rows
    .filter((k) => {
      const checkIn = checkInBy(k);
      return canSee(k.unitId) && (valueDue(k) || (checkIn !== null && checkIn <= by));
    })
    .sort(
      (a, b) => (a.latestAt?.getTime() ?? 0) - (b.latestAt?.getTime() ?? 0) || a.name.localeCompare(b.name),
    )
    .map((k) => {
      const checkIn = checkInBy(k);
      const parts: string[] = [];
      if (valueDue(k))
        parts.push(
          k.latestAt
            ? `A ${k.frequency.toLowerCase()} value is due; the latest is from ${dayText(k.latestAt, w.timeZone)}`
            : 'No value recorded yet',
        );
      if (checkIn && checkIn <= by)
        parts.push(
          `${checkIn < w.now ? 'A check-in was due' : 'A check-in is due'} ${dayText(checkIn, w.timeZone)}`,
        );
      return {
        id: k.id,
        title: k.name,
        detail: parts.join('; '),
        path: checkIn && checkIn <= by ? `/kpis/${k.id}?checkIn=1` : `/kpis/${k.id}`,
      };
    });
}

/** Decisions they own whose revisit date falls within the digest's period (or has passed). */
export function decisionsToRevisit(rows: DecisionRow[], canSee: CanSee, w: DigestWindow): DigestItem[] {
  const by = addDays(localDate(w.now, w.timeZone), w.horizonDays);
  const today = localDate(w.now, w.timeZone);
  return rows
    .filter((d) => d.revisitOn <= by && canSee(d.unitId))
    .sort((a, b) => a.revisitOn.localeCompare(b.revisitOn))
    .map((d) => ({
      id: d.id,
      title: d.text,
      detail:
        d.revisitOn < today
          ? `Revisit was due ${dayText(d.revisitOn, w.timeZone)}`
          : `Revisit by ${dayText(d.revisitOn, w.timeZone)}`,
      path: `/meetings/${d.meetingId}`,
    }));
}

/** The next review they chair or take part in, within the digest's period. */
export function nextReview(rows: MeetingRow[], canSee: CanSee, w: DigestWindow): DigestItem | null {
  const until = w.now.getTime() + w.horizonDays * DAY_MS;
  const m = rows
    .filter(
      (r) =>
        r.scheduledAt.getTime() >= w.now.getTime() && r.scheduledAt.getTime() <= until && canSee(r.unitId),
    )
    .sort((a, b) => a.scheduledAt.getTime() - b.scheduledAt.getTime())[0];
  return m
    ? {
        id: m.id,
        title: m.title,
        detail: `${dayText(m.scheduledAt, w.timeZone)}, ${timeText(m.scheduledAt, w.timeZone)}: the pre-read is in the meeting room`,
        path: `/meetings/${m.id}`,
      }
    : null;
}

export function isEmptyDigest(d: DigestContent): boolean {
  return (
    d.overdueActions.length + d.newAlerts.length + d.kpisDue.length + d.decisionsToRevisit.length === 0 &&
    d.nextReview === null
  );
}
