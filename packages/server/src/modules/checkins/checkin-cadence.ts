import { Frequency, periodContaining } from '@throughline/shared';
import { badInput } from '../../graphql/errors.js';

const DAY_MS = 86_400_000;
/** Check-ins on an active initiative are due this often unless its plan says otherwise. */
export const DEFAULT_CHECK_IN_EVERY_DAYS = 7;
/** A check-in due within this many days is on the owner's "what I must do" list. */
export const DUE_SOON_DAYS = 7;

/** When the next check-in is due, whether it is overdue, and when the last one was posted. */
export interface CheckInDueState {
  dueAt: Date;
  overdue: boolean;
  lastAt: Date | null;
}

/** Rejects a cadence outside 1–90 days. */
export function requireCheckInDays(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 1 || value > 90)
    throw badInput(field, 'checkInEveryDays must be a whole number of days from 1 to 90.');
  return value;
}

/**
 * The same instant `months` later; a day the target month lacks becomes its last day
 * (31 Jan + 1 month = 28 or 29 Feb), so the cadence never skips a month.
 */
export function addMonths(d: Date, months: number): Date {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const out = new Date(d.getTime());
  out.setUTCFullYear(y, m, Math.min(d.getUTCDate(), lastDay));
  return out;
}

/** One period of a KPI's frequency after `d` (a week, a calendar month, three months). */
export function afterOnePeriod(d: Date, frequency: Frequency): Date {
  if (frequency === Frequency.WEEKLY) return new Date(d.getTime() + 7 * DAY_MS);
  return addMonths(d, frequency === Frequency.MONTHLY ? 1 : 3);
}

/**
 * A KPI's check-in cadence: one period of its frequency after the last check-in. Before the first
 * check-in, the first is due at the end of the current period and is never counted as missed.
 */
export function kpiCheckInDue(frequency: Frequency, lastAt: Date | null, now: Date): CheckInDueState {
  if (!lastAt) return { dueAt: periodContaining(now, frequency).end, overdue: false, lastAt: null };
  const dueAt = afterOnePeriod(lastAt, frequency);
  return { dueAt, overdue: dueAt.getTime() < now.getTime(), lastAt };
}

/**
 * An active initiative's cadence: every `everyDays` after the last check-in. Before the first, the
 * first is due `everyDays` after the start date (or, with none or one in the future, the end of today
 * UTC), counted forward to the next one not yet passed — never missed.
 */
export function initiativeCheckInDue(
  everyDays: number,
  startDate: string | null,
  lastAt: Date | null,
  now: Date,
): CheckInDueState {
  const step = everyDays * DAY_MS;
  if (lastAt) {
    const dueAt = new Date(lastAt.getTime() + step);
    return { dueAt, overdue: dueAt.getTime() < now.getTime(), lastAt };
  }
  const endOfToday = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  const start = startDate ? Date.parse(`${startDate}T00:00:00Z`) : NaN;
  if (Number.isNaN(start) || start >= now.getTime())
    return { dueAt: new Date(endOfToday), overdue: false, lastAt };
  const periods = Math.max(1, Math.ceil((now.getTime() - start) / step));
  return { dueAt: new Date(start + periods * step), overdue: false, lastAt };
}
