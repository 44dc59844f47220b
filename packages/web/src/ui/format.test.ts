import { describe, expect, it } from 'vitest';
import { dayMonthsBefore, formatDate, formatPeriod, humanize, isPast, relativeTime } from './format';

describe('formatPeriod', () => {
  it.each([
    ['2026-10-01', '2026-12-31', 'Q4 2026'],
    ['2026-01-01', '2026-03-31', 'Q1 2026'],
    ['2026-11-01', '2026-11-30', 'Nov 2026'],
    ['2026-01-01', '2026-12-31', '2026'],
    ['2026-10-01', '2027-03-31', 'Oct 2026 – Mar 2027'],
    ['2026-02-01', '2026-04-30', 'Feb – Apr 2026'],
    ['2026-10-15', '2026-12-31', '15 Oct 2026 – 31 Dec 2026'],
    [null, '2026-12-31', '—'],
  ])('%s to %s is %s', (start, end, expected) => {
    expect(formatPeriod(start, end)).toBe(expected);
  });
});

describe('humanize', () => {
  it('keeps acronyms upper case', () => {
    expect(humanize('KPI_AT_RISK')).toBe('KPI at risk');
    expect(humanize('kpi')).toBe('KPI');
    expect(humanize('VANITY_KPIS')).toBe('Vanity KPIs');
    expect(humanize('OFF_TRACK')).toBe('Off track');
  });
});

// Dates at awkward instants, with an explicit "now": month ends, 31 Dec 23:30 in Oslo, 29 Feb,
// the days clocks change in Oslo, a quarter's first half hour in Oslo. Dates are UTC days, as on the server.
describe('dates at fixed instants', () => {
  it.each([
    ['2027-05-31', 3, '2027-02-28'],
    ['2028-05-31', 3, '2028-02-29'],
    ['2027-03-31', 1, '2027-02-28'],
    ['2027-01-31', 3, '2026-10-31'],
    ['2028-02-29', 12, '2027-02-28'],
    ['2027-04-30', 1, '2027-03-30'],
  ])('%s minus %i months is %s', (day, months, expected) => {
    expect(dayMonthsBefore(day, months)).toBe(expected);
  });

  it.each([
    // [due, now, past?]: a date-only due date lasts to the end of its UTC day.
    ['2027-01-31', '2027-01-31T23:59:58Z', false],
    ['2027-01-31', '2027-02-01T00:00:00Z', true],
    ['2026-12-31', '2026-12-31T22:30:00Z', false],
    ['2028-02-28', '2028-02-29T12:00:00Z', true],
    ['2028-02-29', '2028-02-29T12:00:00Z', false],
    ['2027-03-28', '2027-03-28T01:30:00Z', false],
    ['2027-10-30', '2027-10-31T00:30:00Z', true],
    ['2027-03-31', '2027-03-31T22:30:00Z', false],
    ['2027-03-31T22:29:00Z', '2027-03-31T22:30:00Z', true],
    ['2027-03-31T22:31:00Z', '2027-03-31T22:30:00Z', false],
    [null, '2027-03-31T22:30:00Z', false],
  ])('isPast(%s) at %s is %s', (due, now, expected) => {
    expect(isPast(due, new Date(now))).toBe(expected);
  });

  it.each([
    ['2026-12-31', 'UTC', '31 Dec 2026'],
    ['2026-12-31', 'Europe/Oslo', '31 Dec 2026'],
    ['2026-12-31T23:30:00Z', 'UTC', '31 Dec 2026'],
    ['2026-12-31T23:30:00Z', 'Europe/Oslo', '1 Jan 2027'],
    ['2028-02-29', 'America/New_York', '29 Feb 2028'],
    ['2027-03-31T22:30:00Z', 'Europe/Oslo', '1 Apr 2027'],
  ])(
    'formatDate(%s) in %s is %s (days are UTC days, instants read in the viewer zone)',
    (iso, timeZone, expected) => {
      expect(formatDate(iso, { timeZone })).toBe(expected);
    },
  );

  it.each([
    ['2027-02-01T00:00:00Z', '2027-01-31T21:45:00Z', 'in 2 hours'],
    ['2026-12-24T22:30:00Z', '2026-12-31T22:30:00Z', 'last week'],
    ['2028-03-07T12:00:00Z', '2028-02-29T12:00:00Z', 'next week'],
  ])('relativeTime(%s) at %s is "%s"', (iso, now, expected) => {
    expect(relativeTime(iso, new Date(now))).toBe(expected);
  });
});
