import { DigestFrequency } from './notification.entity.js';
import { addDays, isoWeekday, localDate, zonedInstant } from './wall-clock.js';

/** The digest goes out at this hour of the organisation's wall clock. */
export const DIGEST_HOUR = 7;

/** One due digest: the instant and the local date it belongs to (its period's name). */
export interface DigestDue {
  at: Date;
  /** The local date (YYYY-MM-DD) of the morning it was due: daily, that day; weekly, the Monday. */
  date: string;
}

/** Whether a local date is a digest morning of this frequency. */
function isDigestDay(date: string, frequency: DigestFrequency): boolean {
  return (
    frequency === DigestFrequency.DAILY || (frequency === DigestFrequency.WEEKLY && isoWeekday(date) === 1)
  );
}

/**
 * The latest digest due at or before `now` (07:00 in `timeZone`; weekly: Mondays). A server
 * that was down sends this one after it comes back, never the ones before it. Null for OFF.
 */
export function latestDigestDue(now: Date, frequency: DigestFrequency, timeZone: string): DigestDue | null {
  if (frequency === DigestFrequency.OFF) return null;
  let date = localDate(now, timeZone);
  for (let i = 0; i < 9; i++, date = addDays(date, -1)) {
    if (!isDigestDay(date, frequency)) continue;
    const at = zonedInstant(date, DIGEST_HOUR, timeZone);
    if (at.getTime() <= now.getTime()) return { at, date };
  }
  throw new Error('no digest morning in the last nine days');
}

/** The next digest due strictly after `now`. Null for OFF. */
export function nextDigestDue(now: Date, frequency: DigestFrequency, timeZone: string): DigestDue | null {
  if (frequency === DigestFrequency.OFF) return null;
  let date = localDate(now, timeZone);
  for (let i = 0; i < 9; i++, date = addDays(date, 1)) {
    if (!isDigestDay(date, frequency)) continue;
    const at = zonedInstant(date, DIGEST_HOUR, timeZone);
    if (at.getTime() > now.getTime()) return { at, date };
  }
  throw new Error('no digest morning in the next nine days');
}

/** How far ahead a digest looks (reviews coming up, decisions to revisit, KPIs falling due): its period. */
export function digestHorizonDays(frequency: DigestFrequency): number {
  return frequency === DigestFrequency.DAILY ? 1 : 7;
}
