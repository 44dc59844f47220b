import { describe, expect, it } from 'vitest';
import { chooseQuarter, keyResultOf, progressOf, quarterOf, quartersOf } from './okr';

describe('quarters', () => {
  it('names the calendar quarter of a day, leap years included', () => {
    expect(quarterOf('2028-02-29')).toEqual({
      key: '2028-Q1',
      label: 'Q1 2028',
      start: '2028-01-01',
      end: '2028-03-31',
    });
    expect(quarterOf('2027-12-31').end).toBe('2027-12-31');
    expect(quarterOf(new Date('2027-06-30T23:59:00Z')).key).toBe('2027-Q2');
  });
  it('lists the quarters a plan overlaps, and picks the asked one, else today’s, else the first', () => {
    const qs = quartersOf('2027-02-15', '2027-11-30');
    expect(qs.map((q) => q.key)).toEqual(['2027-Q1', '2027-Q2', '2027-Q3', '2027-Q4']);
    expect(chooseQuarter(qs, '2027-Q3', new Date('2027-05-01T00:00:00Z'))?.key).toBe('2027-Q3');
    expect(chooseQuarter(qs, 'nonsense', new Date('2027-05-01T00:00:00Z'))?.key).toBe('2027-Q2');
    expect(chooseQuarter(qs, null, new Date('2030-01-01T00:00:00Z'))?.key).toBe('2027-Q1');
    expect(chooseQuarter([], null, new Date())).toBeNull();
  });
});

describe('a KPI as a key result of the quarter', () => {
  const q = quarterOf('2027-04-10');
  const kpi = {
    id: 'k',
    name: 'On-time delivery',
    unitOfMeasure: '%',
    direction: 'UP',
    baseline: 80,
    targets: [
      { id: 't1', periodStart: '2027-01-01', periodEnd: '2027-03-31', target: 85 },
      { id: 't2', periodStart: '2027-04-01', periodEnd: '2027-06-30', target: 90 },
    ],
    measurements: [
      { at: '2027-05-01T00:00:00Z', value: 88 },
      { at: '2027-03-31T12:00:00Z', value: 86 },
      { at: '2027-04-15T00:00:00Z', value: 87 },
    ],
  };
  it('runs from the last value before the quarter to its target, with the newest value inside it', () => {
    expect(keyResultOf(kpi, q)).toMatchObject({ start: 86, target: 90, current: 88, progress: 0.5 });
  });
  it('starts from the baseline when nothing was measured before, and says nothing without a target', () => {
    expect(keyResultOf({ ...kpi, measurements: [{ at: '2027-05-01T00:00:00Z', value: 85 }] }, q)?.start).toBe(
      80,
    );
    expect(keyResultOf({ ...kpi, targets: [] }, q)).toBeNull();
    expect(keyResultOf({ ...kpi, measurements: [] }, q)).toMatchObject({ current: null, progress: null });
  });
  it('measures progress in either direction and clamps it', () => {
    expect(progressOf(10, 5, 7.5)).toBe(0.5); // a KPI that should go down
    expect(progressOf(10, 20, 25)).toBe(1);
    expect(progressOf(10, 20, 5)).toBe(0);
  });
});
