import { describe, expect, it } from 'vitest';
import { dayInZone } from './pre-read.content.js';

describe('dayInZone: the review day that decides which decisions are due for revisit', () => {
  it.each([
    // 00:30 in Oslo is still the previous day in UTC.
    ['2027-03-15T23:30:00Z', 'Europe/Oslo', '2027-03-16'],
    ['2027-03-15T22:59:00Z', 'Europe/Oslo', '2027-03-15'],
    // Year end and a leap day.
    ['2026-12-31T23:30:00Z', 'Europe/Oslo', '2027-01-01'],
    ['2028-02-28T23:00:00Z', 'Europe/Oslo', '2028-02-29'],
    // DST change days: summer time starts 28 Mar 2027 (UTC+2), ends 31 Oct 2027 (UTC+1).
    ['2027-03-27T23:00:00Z', 'Europe/Oslo', '2027-03-28'],
    ['2027-03-28T22:30:00Z', 'Europe/Oslo', '2027-03-29'],
    ['2027-10-30T22:30:00Z', 'Europe/Oslo', '2027-10-31'],
    ['2027-10-31T22:59:00Z', 'Europe/Oslo', '2027-10-31'],
    ['2027-03-16T03:00:00Z', 'America/New_York', '2027-03-15'],
  ])('%s in %s is %s', (at, zone, day) => expect(dayInZone(new Date(at), zone)).toBe(day));
});
