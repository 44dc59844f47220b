import { describe, expect, it } from 'vitest';
import { dayToInstant, periodOf, today, valueInPeriod } from './record-value';

describe('periodOf', () => {
  it('names the reporting period of a day by the KPI frequency', () => {
    expect(periodOf('MONTHLY', '2026-11-28')).toEqual({ key: 'M2026-10', label: 'November 2026' });
    expect(periodOf('QUARTERLY', '2026-11-28')).toEqual({ key: 'Q2026-4', label: 'Q4 2026' });
    // ISO weeks start on Monday: Sunday 29 Nov 2026 is in the week of Monday 23 Nov.
    expect(periodOf('WEEKLY', '2026-11-29')).toEqual({
      key: 'W2026-11-23',
      label: 'the week of 23 Nov 2026',
    });
    expect(periodOf('WEEKLY', '2026-11-30').key).toBe('W2026-11-30');
    expect(periodOf('WEEKLY', '2027-01-01').key).toBe('W2026-12-28');
  });
});

describe('valueInPeriod', () => {
  const values = [
    { id: 'a', at: '2026-11-01T12:00:00Z' },
    { id: 'b', at: '2026-11-20T08:00:00Z' },
    { id: 'c', at: '2026-10-31T23:00:00Z' },
  ];
  it('finds the latest current value of the same period, and none in another', () => {
    expect(valueInPeriod(values, 'MONTHLY', '2026-11-28')?.id).toBe('b');
    expect(valueInPeriod(values, 'MONTHLY', '2026-12-01')).toBeNull();
    expect(valueInPeriod(values, 'WEEKLY', '2026-11-28')).toBeNull();
    expect(valueInPeriod(values, 'QUARTERLY', '2026-10-02')?.id).toBe('b');
  });
});

describe('today and dayToInstant', () => {
  it('reads the day of the viewer calendar and stores a day at noon UTC', () => {
    const now = new Date(2026, 10, 28, 7, 48); // local time
    expect(today(now)).toBe('2026-11-28');
    expect(dayToInstant('2026-11-28')).toBe('2026-11-28T12:00:00.000Z');
  });
});
