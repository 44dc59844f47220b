import { describe, expect, it } from 'vitest';
import { latestDigestDue, nextDigestDue } from './digest-schedule.js';
import { DigestFrequency } from './notification.entity.js';
import { localDate, zonedInstant } from './wall-clock.js';

const OSLO = 'Europe/Oslo';
const at = (iso: string) => new Date(iso);

describe('digest schedule: 07:00 on the wall clock of TIME_ZONE', () => {
  it.each([
    // [now, frequency, latest due (UTC), its local date]
    ['2027-01-15T06:00:00Z', DigestFrequency.DAILY, '2027-01-15T06:00:00.000Z', '2027-01-15'], // winter: UTC+1
    ['2027-01-15T05:59:59Z', DigestFrequency.DAILY, '2027-01-14T06:00:00.000Z', '2027-01-14'],
    ['2027-07-01T05:00:00Z', DigestFrequency.DAILY, '2027-07-01T05:00:00.000Z', '2027-07-01'], // summer: UTC+2
    // Spring forward (Sun 28 Mar 2027 02:00 → 03:00): 07:00 is 05:00Z that day, 06:00Z the day before.
    ['2027-03-28T05:30:00Z', DigestFrequency.DAILY, '2027-03-28T05:00:00.000Z', '2027-03-28'],
    ['2027-03-28T04:59:00Z', DigestFrequency.DAILY, '2027-03-27T06:00:00.000Z', '2027-03-27'],
    // Fall back (Sun 31 Oct 2027).
    ['2027-10-31T06:00:00Z', DigestFrequency.DAILY, '2027-10-31T06:00:00.000Z', '2027-10-31'],
    ['2027-10-31T05:59:00Z', DigestFrequency.DAILY, '2027-10-30T05:00:00.000Z', '2027-10-30'],
    // Year end and 29 February: the local date, not the UTC one.
    ['2028-01-01T06:30:00Z', DigestFrequency.DAILY, '2028-01-01T06:00:00.000Z', '2028-01-01'],
    ['2027-12-31T23:30:00Z', DigestFrequency.DAILY, '2027-12-31T06:00:00.000Z', '2027-12-31'],
    ['2028-02-29T23:30:00Z', DigestFrequency.DAILY, '2028-02-29T06:00:00.000Z', '2028-02-29'],
    // Weekly: Mondays. Wed 3 Mar 2027 → Mon 1 Mar; a Monday before 07:00 → the Monday before.
    ['2027-03-03T12:00:00Z', DigestFrequency.WEEKLY, '2027-03-01T06:00:00.000Z', '2027-03-01'],
    ['2027-03-01T05:00:00Z', DigestFrequency.WEEKLY, '2027-02-22T06:00:00.000Z', '2027-02-22'],
    // Across a month end and the DST change: Mon 29 Mar 2027 07:00 CEST.
    ['2027-04-02T10:00:00Z', DigestFrequency.WEEKLY, '2027-03-29T05:00:00.000Z', '2027-03-29'],
  ])('at %s, %s: the latest due is %s (%s)', (now, frequency, due, date) => {
    const r = latestDigestDue(at(now as string), frequency as DigestFrequency, OSLO)!;
    expect(r.at.toISOString()).toBe(due);
    expect(r.date).toBe(date);
  });

  it('23:30 UTC on 31 December is already 1 January in Oslo: the next daily digest is that morning', () => {
    expect(localDate(at('2027-12-31T23:30:00Z'), OSLO)).toBe('2028-01-01');
    expect(nextDigestDue(at('2027-12-31T23:30:00Z'), DigestFrequency.DAILY, OSLO)!.at.toISOString()).toBe(
      '2028-01-01T06:00:00.000Z',
    );
  });

  it('the next weekly digest is the coming Monday; OFF has none', () => {
    expect(nextDigestDue(at('2027-03-01T06:00:00Z'), DigestFrequency.WEEKLY, OSLO)!.date).toBe('2027-03-08');
    expect(nextDigestDue(at('2027-03-01T05:59:00Z'), DigestFrequency.WEEKLY, OSLO)!.date).toBe('2027-03-01');
    expect(nextDigestDue(at('2027-03-01T06:00:00Z'), DigestFrequency.OFF, OSLO)).toBeNull();
    expect(latestDigestDue(at('2027-03-01T06:00:00Z'), DigestFrequency.OFF, OSLO)).toBeNull();
  });

  it('other zones: New York (UTC-5/-4) and a time inside a spring-forward gap', () => {
    expect(zonedInstant('2027-01-15', 7, 'America/New_York').toISOString()).toBe('2027-01-15T12:00:00.000Z');
    expect(zonedInstant('2027-07-15', 7, 'America/New_York').toISOString()).toBe('2027-07-15T11:00:00.000Z');
    // 02:00 does not exist in Oslo on 28 Mar 2027: the first instant after the gap (03:00 CEST).
    expect(zonedInstant('2027-03-28', 2, OSLO).toISOString()).toBe('2027-03-28T01:00:00.000Z');
  });
});
