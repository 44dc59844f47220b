import { MeetingKind } from '@throughline/shared';
import { describe, expect, it } from 'vitest';
import { describeRule, nextOccurrence, ruleProblems, zonedInstant, type RhythmRule } from './rhythm-rule.js';

const OSLO = 'Europe/Oslo';
const monthly = (ordinal: number, weekday: number, time = '09:00'): RhythmRule => ({
  kind: MeetingKind.MONTHLY_OPERATIONAL,
  ordinal,
  weekday,
  time,
});
const iso = (d: Date) => d.toISOString();

describe('review rhythm rules', () => {
  it('says the rule in words', () => {
    expect(describeRule(monthly(1, 2))).toBe('First Tuesday of the month, 09:00');
    expect(describeRule({ ...monthly(-1, 5, '14:30') })).toBe('Last Friday of the month, 14:30');
    expect(describeRule({ ...monthly(2, 1), kind: MeetingKind.QUARTERLY_STRATEGIC })).toBe(
      'Second Monday of each quarter (January, April, July, October), 09:00',
    );
  });

  it('names what is wrong with a rule by field', () => {
    expect(ruleProblems(monthly(1, 2))).toEqual({});
    expect(
      Object.keys(ruleProblems({ ...monthly(5, 0, '9:00'), kind: MeetingKind.ANNUAL_REFRESH })).sort(),
    ).toEqual(['kind', 'ordinal', 'time', 'weekday']);
    expect(ruleProblems(monthly(1, 1, '24:00')).time).toBeDefined();
  });

  it('finds the first Tuesday at 09:00 Oslo time (winter: UTC+1, summer: UTC+2)', () => {
    // 1 Dec 2026 is a Tuesday.
    expect(iso(nextOccurrence(monthly(1, 2), new Date('2026-11-28T12:00:00Z'), OSLO))).toBe(
      '2026-12-01T08:00:00.000Z',
    );
    // 2 June 2026 is the first Tuesday of June; summer time.
    expect(iso(nextOccurrence(monthly(1, 2), new Date('2026-05-06T00:00:00Z'), OSLO))).toBe(
      '2026-06-02T07:00:00.000Z',
    );
  });

  it('moves to the next month once this month’s occurrence has passed (also one minute after it)', () => {
    expect(iso(nextOccurrence(monthly(1, 2), new Date('2026-12-01T08:00:00Z'), OSLO))).toBe(
      '2027-01-05T08:00:00.000Z',
    );
    expect(iso(nextOccurrence(monthly(1, 2), new Date('2026-12-01T07:59:00Z'), OSLO))).toBe(
      '2026-12-01T08:00:00.000Z',
    );
  });

  it('crosses a year end', () => {
    expect(iso(nextOccurrence(monthly(-1, 4), new Date('2026-12-31T10:00:00Z'), OSLO))).toBe(
      '2027-01-28T08:00:00.000Z',
    );
  });

  it('finds the last weekday of a month at month ends and in leap years', () => {
    // February 2028 has 29 days; 29 Feb 2028 is a Tuesday.
    expect(iso(nextOccurrence(monthly(-1, 2), new Date('2028-02-01T00:00:00Z'), OSLO))).toBe(
      '2028-02-29T08:00:00.000Z',
    );
    // February 2027 has 28 days and ends on a Sunday: the last Sunday is the 28th.
    expect(iso(nextOccurrence(monthly(-1, 7), new Date('2027-02-01T00:00:00Z'), OSLO))).toBe(
      '2027-02-28T08:00:00.000Z',
    );
    // A fourth Monday always exists; in a 31-day month starting on Monday it is the 22nd.
    expect(iso(nextOccurrence(monthly(4, 1), new Date('2027-03-01T00:00:00Z'), OSLO))).toBe(
      '2027-03-22T08:00:00.000Z',
    );
    // From 29 Feb itself, after the occurrence: March.
    expect(iso(nextOccurrence(monthly(-1, 2), new Date('2028-02-29T12:00:00Z'), OSLO))).toBe(
      '2028-03-28T07:00:00.000Z',
    );
  });

  it('holds the wall-clock time across the DST changes', () => {
    // Clocks go forward on the last Sunday of March 2027 (28 March): 09:00 is 07:00 UTC that day.
    expect(iso(nextOccurrence(monthly(-1, 7), new Date('2027-03-01T00:00:00Z'), OSLO))).toBe(
      '2027-03-28T07:00:00.000Z',
    );
    // …and back on 31 October 2027: 09:00 is 08:00 UTC.
    expect(iso(nextOccurrence(monthly(-1, 7), new Date('2027-10-01T00:00:00Z'), OSLO))).toBe(
      '2027-10-31T08:00:00.000Z',
    );
  });

  it('moves a time skipped by the spring change forward and takes the first of a repeated hour', () => {
    expect(iso(zonedInstant(2027, 3, 28, 2, 30, OSLO))).toBe('2027-03-28T01:30:00.000Z'); // 03:30 CEST
    expect(iso(zonedInstant(2027, 10, 31, 2, 30, OSLO))).toBe('2027-10-31T00:30:00.000Z'); // 02:30 CEST, the first
    expect(iso(zonedInstant(2027, 7, 1, 0, 0, 'America/New_York'))).toBe('2027-07-01T04:00:00.000Z');
  });

  it('puts quarterly reviews in the first month of each quarter', () => {
    const q: RhythmRule = { kind: MeetingKind.QUARTERLY_STRATEGIC, ordinal: 1, weekday: 2, time: '09:00' };
    // After 6 January 2027 (the first Tuesday of January), the next is the first Tuesday of April.
    expect(iso(nextOccurrence(q, new Date('2027-01-06T00:00:00Z'), OSLO))).toBe('2027-04-06T07:00:00.000Z');
    expect(iso(nextOccurrence(q, new Date('2026-11-28T00:00:00Z'), OSLO))).toBe('2027-01-05T08:00:00.000Z');
    expect(iso(nextOccurrence(q, new Date('2027-04-06T07:00:00Z'), OSLO))).toBe('2027-07-06T07:00:00.000Z');
  });

  it('counts from the zone’s wall clock, not UTC, near midnight', () => {
    // 31 Dec 2026 23:30 UTC is already 1 Jan 2027 00:30 in Oslo; the first Friday of January is the 1st.
    expect(iso(nextOccurrence(monthly(1, 5, '08:00'), new Date('2026-12-31T23:30:00Z'), OSLO))).toBe(
      '2027-01-01T07:00:00.000Z',
    );
  });
});
