/**
 * The check-in drafter: a pure function from the facts gathered about a subject since its last
 * check-in to the text of a check-in, each sentence with the fact it came from. Deterministic (same
 * facts, same text); no language model. `checkin-evidence.ts` gathers the facts.
 */
import { CheckInStatus, Health } from '@throughline/shared';
import { dateText, valueText } from '../../text.js';
import { CheckInField, CheckInSourceKind, type CheckInSource } from './checkin.entity.js';

export interface MeasurementFact {
  id: string;
  value: number;
  at: Date;
  /** Health of this value against its period's target. */
  health: Health;
  /** Name of the source system when a partner token recorded it. */
  partnerSource: string | null;
}

export interface MilestoneFact {
  id: string;
  title: string;
  dueDate: string;
  completedAt: Date | null;
}

export interface ActionFact {
  id: string;
  text: string;
  ownerName: string;
  dueDate: Date;
  status: 'OPEN' | 'DONE' | 'DROPPED';
  completedAt: Date | null;
}

export interface DecisionFact {
  id: string;
  text: string;
  meetingTitle: string;
  at: Date;
}

/** Everything the drafter knows about one subject. */
export interface DraftFacts {
  subjectType: 'KPI' | 'INITIATIVE';
  name: string;
  /** KPIs: the unit of measure of their values. */
  unitOfMeasure: string | null;
  /** KPIs: the target in force now. */
  target: number | null;
  /** The window starts here: the last check-in, or 30 days before now. */
  since: Date;
  sinceLastCheckIn: boolean;
  now: Date;
  /** Measurements recorded in the window, oldest first. */
  measurements: MeasurementFact[];
  /** Health before the window (the latest value before it), null when there was none. */
  healthBefore: Health | null;
  /** Health now (latest value), for KPIs. */
  healthNow: Health | null;
  /** Milestones completed in the window, overdue and not done, or due in the next 30 days. */
  milestones: MilestoneFact[];
  /** Actions of decisions about the subject: done in the window, open and overdue, or open and due later. */
  actions: ActionFact[];
  /** Decisions about the subject taken in the window. */
  decisions: DecisionFact[];
}

export interface Draft {
  status: CheckInStatus;
  confidence: number;
  happened: string;
  next: string;
  blockers: string;
  sources: CheckInSource[];
}

const HEALTH_WORDS: Record<Health, string> = {
  [Health.ON_TRACK]: 'on track',
  [Health.AT_RISK]: 'at risk',
  [Health.OFF_TRACK]: 'off track',
  [Health.NO_DATA]: 'without data',
};

const endOfDay = (date: string) => new Date(`${date}T23:59:59.999Z`);
const quote = (s: string) => `“${s.trim().replace(/[.\s]+$/, '')}”`;
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Drafts a check-in from the facts; every sentence carries its source. */
export function draftCheckIn(f: DraftFacts): Draft {
  const sources: CheckInSource[] = [];
  const say = (
    field: CheckInField,
    sentence: string,
    kind: CheckInSourceKind,
    label: string,
    subjectId: string | null,
    at: Date | null,
  ) => sources.push({ sentence, field, kind, label, subjectId, at });
  const since = dateText(f.since);
  const unit = f.unitOfMeasure;

  // What happened: values and health (KPIs), milestones done, decisions taken, actions done.
  if (f.subjectType === 'KPI') {
    const ms = f.measurements;
    if (ms.length === 0) {
      say(
        CheckInField.HAPPENED,
        `No value was recorded since ${since}.`,
        CheckInSourceKind.MEASUREMENT,
        'Values of this KPI',
        null,
        null,
      );
    } else {
      const last = ms[ms.length - 1];
      const against = f.target != null ? ` (target ${valueText(f.target, unit)})` : '';
      const first = ms[0];
      const moved = ms.length > 1 ? `, from ${valueText(first.value, unit)} on ${dateText(first.at)}` : '';
      say(
        CheckInField.HAPPENED,
        `${plural(ms.length, 'value was', 'values were')} recorded since ${since}; the latest is ${valueText(last.value, unit)} on ${dateText(last.at)}${against}${moved}.`,
        CheckInSourceKind.MEASUREMENT,
        `Value of ${dateText(last.at)}`,
        last.id,
        last.at,
      );
      const now = f.healthNow ?? last.health;
      if (f.healthBefore && f.healthBefore !== Health.NO_DATA && f.healthBefore !== now)
        say(
          CheckInField.HAPPENED,
          `Health moved from ${HEALTH_WORDS[f.healthBefore]} to ${HEALTH_WORDS[now]}.`,
          CheckInSourceKind.HEALTH,
          `Value of ${dateText(last.at)} against its target`,
          last.id,
          last.at,
        );
      else if (now !== Health.NO_DATA)
        say(
          CheckInField.HAPPENED,
          `Health stayed ${HEALTH_WORDS[now]}.`,
          CheckInSourceKind.HEALTH,
          `Value of ${dateText(last.at)} against its target`,
          last.id,
          last.at,
        );
      const partner = ms.filter((m) => m.partnerSource);
      if (partner.length > 0) {
        const names = [...new Set(partner.map((m) => m.partnerSource!))].sort().join(', ');
        const latest = partner[partner.length - 1];
        say(
          CheckInField.HAPPENED,
          `${partner.length === ms.length ? (ms.length === 1 ? 'It' : 'All of them') : plural(partner.length, 'of them', 'of them')} came from ${names} (partner data).`,
          CheckInSourceKind.PARTNER_DATA,
          `${names} feed, ${dateText(latest.at)}`,
          latest.id,
          latest.at,
        );
      }
    }
  }

  const done = f.milestones
    .filter((m) => m.completedAt && m.completedAt >= f.since)
    .sort((a, b) => a.completedAt!.getTime() - b.completedAt!.getTime());
  for (const m of done)
    say(
      CheckInField.HAPPENED,
      `Milestone ${quote(m.title)} was completed on ${dateText(m.completedAt)}.`,
      CheckInSourceKind.MILESTONE,
      `Milestone, due ${dateText(m.dueDate)}`,
      m.id,
      m.completedAt,
    );
  for (const d of [...f.decisions].sort((a, b) => a.at.getTime() - b.at.getTime()))
    say(
      CheckInField.HAPPENED,
      `${d.meetingTitle} decided on ${dateText(d.at)}: ${quote(d.text)}.`,
      CheckInSourceKind.DECISION,
      `Decision of ${d.meetingTitle}`,
      d.id,
      d.at,
    );
  const actionsDone = f.actions
    .filter((a) => a.status === 'DONE' && a.completedAt && a.completedAt >= f.since)
    .sort((a, b) => a.completedAt!.getTime() - b.completedAt!.getTime());
  for (const a of actionsDone)
    say(
      CheckInField.HAPPENED,
      `Action ${quote(a.text)} was done on ${dateText(a.completedAt)}.`,
      CheckInSourceKind.ACTION,
      `Action owned by ${a.ownerName}`,
      a.id,
      a.completedAt,
    );

  if (f.subjectType === 'INITIATIVE' && sources.length === 0)
    say(
      CheckInField.HAPPENED,
      `No milestone was completed since ${since}.`,
      CheckInSourceKind.MILESTONE,
      'Milestones of this initiative',
      null,
      null,
    );

  // Blockers: milestones slipped, actions overdue.
  const slipped = f.milestones
    .filter((m) => !m.completedAt && endOfDay(m.dueDate) < f.now)
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  for (const m of slipped)
    say(
      CheckInField.BLOCKERS,
      `Milestone ${quote(m.title)} slipped: it was due ${dateText(m.dueDate)} and is not done.`,
      CheckInSourceKind.MILESTONE,
      `Milestone, due ${dateText(m.dueDate)}`,
      m.id,
      endOfDay(m.dueDate),
    );
  const open = f.actions.filter((a) => a.status === 'OPEN').sort((a, b) => +a.dueDate - +b.dueDate);
  const overdue = open.filter((a) => a.dueDate < f.now);
  for (const a of overdue)
    say(
      CheckInField.BLOCKERS,
      `Action ${quote(a.text)} (${a.ownerName}) is overdue since ${dateText(a.dueDate)}.`,
      CheckInSourceKind.ACTION,
      `Action owned by ${a.ownerName}`,
      a.id,
      a.dueDate,
    );

  // Next: open actions and milestones still ahead.
  for (const a of open.filter((x) => x.dueDate >= f.now))
    say(
      CheckInField.NEXT,
      `Action ${quote(a.text)} (${a.ownerName}) is due ${dateText(a.dueDate)}.`,
      CheckInSourceKind.ACTION,
      `Action owned by ${a.ownerName}`,
      a.id,
      a.dueDate,
    );
  const ahead = f.milestones
    .filter((m) => !m.completedAt && endOfDay(m.dueDate) >= f.now)
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  for (const m of ahead)
    say(
      CheckInField.NEXT,
      `Milestone ${quote(m.title)} is due ${dateText(m.dueDate)}.`,
      CheckInSourceKind.MILESTONE,
      `Milestone, due ${dateText(m.dueDate)}`,
      m.id,
      endOfDay(m.dueDate),
    );

  const text = (field: CheckInField) =>
    sources
      .filter((s) => s.field === field)
      .map((s) => s.sentence)
      .join(' ');
  const blockers = slipped.length + overdue.length;
  const status = statusOf(f, blockers);
  const base = { [CheckInStatus.ON_TRACK]: 8, [CheckInStatus.AT_RISK]: 5, [CheckInStatus.OFF_TRACK]: 3 }[
    status
  ];
  return {
    status,
    confidence: Math.max(1, base - Math.min(2, blockers)),
    happened: text(CheckInField.HAPPENED),
    next: text(CheckInField.NEXT),
    blockers: text(CheckInField.BLOCKERS),
    sources,
  };
}

/** KPIs: their health now; initiatives: at risk with one blocker, off track with three or more. */
function statusOf(f: DraftFacts, blockers: number): CheckInStatus {
  if (f.subjectType === 'KPI') {
    if (f.healthNow === Health.OFF_TRACK) return CheckInStatus.OFF_TRACK;
    if (f.healthNow === Health.AT_RISK || blockers > 0) return CheckInStatus.AT_RISK;
    return CheckInStatus.ON_TRACK;
  }
  if (blockers >= 3) return CheckInStatus.OFF_TRACK;
  if (blockers > 0) return CheckInStatus.AT_RISK;
  return CheckInStatus.ON_TRACK;
}
