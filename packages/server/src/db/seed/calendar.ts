/**
 * The calendar the demo is laid out on: every date derived from `now`, in UTC (the product
 * stores instants and calendar dates in UTC; a clock change in Europe/Oslo moves nothing here).
 * Month arithmetic is done on the 1st of a month or on day 0 (the last day of the month
 * before), never by adding months to a day that may not exist in the target month.
 */
import { Frequency, periodContaining } from '@throughline/shared';
import type { Day } from './story/story.js';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 'YYYY-MM-DD' of a UTC instant. */
export const ymd = (d: Date) => d.toISOString().slice(0, 10);
/** '21 Nov 2026'. */
export const longDate = (d: Date) => `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
/** 'HH:MM' (UTC). */
export const hhmm = (d: Date) => d.toISOString().slice(11, 16);
/** '2027-Q1': the calendar quarter of a UTC instant. */
export const quarterLabel = (d: Date) => `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
/** The 1st of the month `months` after (or before) the month of `d`, 00:00 UTC. */
export const monthStart = (d: Date, months = 0) =>
  new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
/** The last day of the month `months` after (or before) the month of `d`, 00:00 UTC. */
export const monthEnd = (d: Date, months = 0) =>
  new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months + 1, 0));

export interface Quarter {
  start: Date;
  /** Exclusive: the start of the next quarter. */
  end: Date;
  /** Quarters from the current one (0), negative before. */
  k: number;
  label: string;
}

export interface Calendar {
  now: Date;
  /** An instant `days` from now's date (UTC midnight) at `hourUtc`. */
  at(days: number, hourUtc?: number): Date;
  /** The calendar date `days` from now's date. */
  date(days: number): string;
  /** A story day (`-25`, `q`, `q+5`) as days from now's date. */
  day(d: Day): number;
  /** First day of the measurement history: the 1st of the month 13 months before now's month. */
  historyStart: Date;
  /** When the plan, its objectives, KPIs and initiatives were created (two weeks before the history starts). */
  planCreated: Date;
  /** When the units and people were created (a month before the plan). */
  orgCreated: Date;
  /** The current quarter. */
  quarter: Quarter;
  /** Quarterly target periods from the one containing `historyStart` to two quarters after the current one. */
  quarters: Quarter[];
  /** Day (from now's date) of the last quarterly strategic review: six days before the current quarter began. */
  lastQuarterlyReview: number;
}

export function calendarFor(now: Date): Calendar {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const historyStart = monthStart(now, -13);
  const first = periodContaining(historyStart, Frequency.QUARTERLY).start;
  const current = periodContaining(now, Frequency.QUARTERLY).start;
  const nowIndex =
    ((current.getUTCFullYear() - first.getUTCFullYear()) * 12 + current.getUTCMonth() - first.getUTCMonth()) /
    3;
  const quarters: Quarter[] = [];
  for (let i = 0; i <= nowIndex + 2; i++) {
    const start = monthStart(first, 3 * i);
    quarters.push({ start, end: monthStart(first, 3 * i + 3), k: i - nowIndex, label: quarterLabel(start) });
  }
  const lastQuarterlyReview = Math.round((current.getTime() - 6 * DAY - today) / DAY);
  const planCreated = new Date(historyStart.getTime() - 14 * DAY + 9 * HOUR);
  return {
    now,
    at: (days, hourUtc = 10) => new Date(today + days * DAY + hourUtc * HOUR),
    date: (days) => ymd(new Date(today + days * DAY)),
    day: (d) => {
      if (typeof d === 'number') return d;
      const m = /^q([+-]\d+)?$/.exec(d);
      if (!m) throw new Error(`demo calendar: ${d} is not a day`);
      return lastQuarterlyReview + Number(m[1] ?? 0);
    },
    historyStart,
    planCreated,
    orgCreated: new Date(planCreated.getTime() - 30 * DAY),
    quarter: quarters.find((q) => q.k === 0)!,
    quarters,
    lastQuarterlyReview,
  };
}

/** Instants at which a KPI is measured: Fridays 15:00 UTC (weekly) or month ends 16:00 UTC (monthly), from `from` until `until`. */
export function measurementTimes(
  freq: Frequency.WEEKLY | Frequency.MONTHLY,
  from: Date,
  until: Date,
): Date[] {
  const out: Date[] = [];
  if (freq === Frequency.WEEKLY) {
    const d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate(), 15));
    while (d.getUTCDay() !== 5) d.setUTCDate(d.getUTCDate() + 1);
    for (; d <= until; d.setUTCDate(d.getUTCDate() + 7)) out.push(new Date(d));
  } else {
    for (let i = 0; ; i++) {
      const d = new Date(monthEnd(from, i).getTime() + 16 * HOUR);
      if (d > until) break;
      if (d >= from) out.push(d);
    }
  }
  return out;
}
