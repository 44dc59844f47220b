import { MeetingKind } from '@throughline/shared';

/**
 * A review rhythm's rule: "the first Tuesday of the month, 09:00" in the organisation's time zone.
 * `ordinal` 1–4 counts from the start of the month, -1 is the last such weekday; `weekday` is ISO
 * (1 Monday … 7 Sunday); `time` is "HH:MM" on the wall clock. Quarterly rhythms fall in the first
 * month of each quarter (January, April, July, October).
 */
export interface RhythmRule {
  kind: MeetingKind;
  ordinal: number;
  weekday: number;
  time: string;
}

/** The kinds of review a rhythm can schedule. */
export const RHYTHM_KINDS: readonly MeetingKind[] = [
  MeetingKind.MONTHLY_OPERATIONAL,
  MeetingKind.QUARTERLY_STRATEGIC,
];

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const ORDINALS: Record<number, string> = { 1: 'first', 2: 'second', 3: 'third', 4: 'fourth', [-1]: 'last' };
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** What is wrong with a rule, by field; empty when it is sound. */
export function ruleProblems(rule: RhythmRule): Record<string, string> {
  const out: Record<string, string> = {};
  if (!RHYTHM_KINDS.includes(rule.kind)) out.kind = 'A rhythm is monthly operational or quarterly strategic.';
  if (!(rule.ordinal in ORDINALS)) out.ordinal = 'ordinal must be 1, 2, 3, 4 or -1 (the last).';
  if (!Number.isInteger(rule.weekday) || rule.weekday < 1 || rule.weekday > 7)
    out.weekday = 'weekday must be 1 (Monday) to 7 (Sunday).';
  if (!TIME.test(rule.time)) out.time = 'time must be HH:MM on a 24-hour clock, e.g. 09:00.';
  return out;
}

/** The rule in words: "First Tuesday of the month, 09:00". */
export function describeRule(rule: RhythmRule): string {
  const day = `${ORDINALS[rule.ordinal] ?? '?'} ${WEEKDAYS[rule.weekday - 1] ?? '?'}`;
  const when =
    rule.kind === MeetingKind.QUARTERLY_STRATEGIC
      ? `${day} of each quarter (January, April, July, October)`
      : `${day} of the month`;
  return `${when[0]!.toUpperCase()}${when.slice(1)}, ${rule.time}`;
}

/** The wall-clock fields of an instant in a time zone. */
function wallClock(at: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(at);
  const n = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  return {
    year: n('year'),
    month: n('month'),
    day: n('day'),
    hour: n('hour'),
    minute: n('minute'),
    second: n('second'),
  };
}

/** How far the zone's wall clock is ahead of UTC at an instant, in milliseconds. */
function offsetAt(at: Date, timeZone: string): number {
  const w = wallClock(at, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/**
 * The instant a wall-clock time names in a zone. A time that does not exist (skipped when clocks go
 * forward) moves forward by the gap, as calendars do (02:30 → 03:30); a time that happens twice
 * (clocks go back) is the first of the two.
 */
export function zonedInstant(
  y: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  timeZone: string,
): Date {
  const naive = Date.UTC(y, month - 1, day, hour, minute);
  // The offsets in force just before and just after: they differ only near a change.
  const early = offsetAt(new Date(naive - 86_400_000 / 2), timeZone);
  const late = offsetAt(new Date(naive + 86_400_000 / 2), timeZone);
  const candidates = [naive - early, naive - late].filter((t) => {
    const w = wallClock(new Date(t), timeZone);
    return w.hour === hour && w.minute === minute && w.day === day;
  });
  // Both exist (an hour that repeats): the first. Neither (a skipped hour): before-offset, which lands after the gap.
  return new Date(candidates.length ? Math.min(...candidates) : naive - early);
}

/** Day of the month of the rule's weekday in a month (1-based month). */
function ruleDay(y: number, month: number, ordinal: number, weekday: number): number {
  const daysIn = new Date(Date.UTC(y, month, 0)).getUTCDate();
  const isoOf = (d: number) => ((new Date(Date.UTC(y, month - 1, d)).getUTCDay() + 6) % 7) + 1;
  if (ordinal > 0) {
    const first = 1 + ((weekday - isoOf(1) + 7) % 7);
    return first + 7 * (ordinal - 1);
  }
  return daysIn - ((isoOf(daysIn) - weekday + 7) % 7);
}

/** The rule's occurrence in a month (1-based), as an instant. */
export function occurrenceIn(rule: RhythmRule, y: number, month: number, timeZone: string): Date {
  const [h, mi] = rule.time.split(':').map(Number) as [number, number];
  return zonedInstant(y, month, ruleDay(y, month, rule.ordinal, rule.weekday), h, mi, timeZone);
}

/** The first occurrence of the rule strictly after `after`. */
export function nextOccurrence(rule: RhythmRule, after: Date, timeZone: string): Date {
  const w = wallClock(after, timeZone);
  let y = w.year;
  let month = w.month;
  for (let i = 0; i < 16; i++) {
    const quarterly = rule.kind === MeetingKind.QUARTERLY_STRATEGIC;
    if (!quarterly || (month - 1) % 3 === 0) {
      const at = occurrenceIn(rule, y, month, timeZone);
      if (at.getTime() > after.getTime()) return at;
    }
    month += 1;
    if (month > 12) {
      month = 1;
      y += 1;
    }
  }
  throw new Error('no occurrence within 16 months');
}
