import { describe, expect, it } from 'vitest';
import { addUtcMonths, ManualClock, systemClock, utcDay } from './clock.js';
import { cadenceStart } from './modules/meetings/meeting-scope.js';

describe('ManualClock', () => {
  it('stands still until set or advanced', () => {
    const c = new ManualClock('2027-01-31T23:59:59.999Z');
    expect(c.now().toISOString()).toBe('2027-01-31T23:59:59.999Z');
    expect(c.now().toISOString()).toBe('2027-01-31T23:59:59.999Z');
    expect(c.advance(1).now().toISOString()).toBe('2027-02-01T00:00:00.000Z');
    expect(c.set(new Date('2028-02-29T12:00:00Z')).now().toISOString()).toBe('2028-02-29T12:00:00.000Z');
    // now() hands out copies: a caller mutating its Date does not move the clock.
    c.now().setUTCFullYear(1999);
    expect(c.now().getUTCFullYear()).toBe(2028);
  });

  it('refuses what is not an instant', () => {
    expect(() => new ManualClock('not a date')).toThrow(RangeError);
    expect(() => new ManualClock().set(Number.NaN)).toThrow(RangeError);
  });

  it('the system clock is real time', () => {
    const before = Date.now();
    const t = systemClock.now().getTime();
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(Date.now());
  });
});

describe('UTC calendar arithmetic (independent of the process time zone)', () => {
  it.each([
    ['2027-01-31T12:00:00Z', -1, '2026-12-31T12:00:00.000Z'],
    ['2027-03-31T10:00:00Z', -1, '2027-02-28T10:00:00.000Z'],
    ['2028-03-31T10:00:00Z', -1, '2028-02-29T10:00:00.000Z'],
    ['2027-01-31T12:00:00Z', 1, '2027-02-28T12:00:00.000Z'],
    ['2027-05-31T00:00:00Z', -3, '2027-02-28T00:00:00.000Z'],
    ['2028-02-29T12:00:00Z', -12, '2027-02-28T12:00:00.000Z'],
    ['2028-02-29T12:00:00Z', 12, '2029-02-28T12:00:00.000Z'],
    ['2026-12-31T22:30:00Z', 1, '2027-01-31T22:30:00.000Z'],
    ['2027-04-30T23:00:00Z', -1, '2027-03-30T23:00:00.000Z'],
  ])('addUtcMonths(%s, %i) = %s', (from, n, expected) => {
    expect(addUtcMonths(new Date(from), n).toISOString()).toBe(expected);
  });

  it.each([
    // 31 Dec late evening in Oslo is still 31 Dec in UTC; the first half hour of a quarter in Oslo is the previous quarter's last day in UTC.
    ['2026-12-31T22:30:00Z', '2026-12-31'],
    ['2027-03-31T22:30:00Z', '2027-03-31'],
    ['2027-03-28T01:30:00Z', '2027-03-28'],
    ['2028-02-29T23:59:59.999Z', '2028-02-29'],
  ])('utcDay(%s) = %s', (at, day) => {
    expect(utcDay(new Date(at))).toBe(day);
  });

  it.each([
    ['MONTHLY_OPERATIONAL', '2027-03-31T10:00:00Z', '2027-02-28T10:00:00.000Z'],
    ['MONTHLY_OPERATIONAL', '2028-03-31T10:00:00Z', '2028-02-29T10:00:00.000Z'],
    ['MONTHLY_OPERATIONAL', '2027-01-31T12:00:00Z', '2026-12-31T12:00:00.000Z'],
    ['QUARTERLY_STRATEGIC', '2027-05-31T09:00:00Z', '2027-02-28T09:00:00.000Z'],
    ['QUARTERLY_STRATEGIC', '2027-03-31T22:30:00Z', '2026-12-31T22:30:00.000Z'],
    ['ANNUAL_REFRESH', '2028-02-29T12:00:00Z', '2027-02-28T12:00:00.000Z'],
  ])('a %s closed at %s looks back to %s (never past the previous cadence)', (kind, end, start) => {
    expect(cadenceStart(kind, new Date(end)).toISOString()).toBe(start);
  });
});
