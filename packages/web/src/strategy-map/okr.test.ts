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
  const k = (keyResult: { start: number | null; current: number | null; target: number | null }) => ({
    id: 'k',
    name: 'On-time delivery',
    unitOfMeasure: '%',
    keyResult,
  });
  it('runs from the start of the quarter to its target', () => {
    expect(keyResultOf(k({ start: 86, current: 88, target: 90 }))).toMatchObject({ progress: 0.5 });
  });
  it('says nothing without a target, and no progress without values', () => {
    expect(keyResultOf(k({ start: 86, current: 88, target: null }))).toBeNull();
    expect(keyResultOf(k({ start: 86, current: null, target: 90 }))).toMatchObject({ progress: null });
  });
  it('measures progress in either direction and clamps it', () => {
    expect(progressOf(10, 5, 7.5)).toBe(0.5); // a KPI that should go down
    expect(progressOf(10, 20, 25)).toBe(1);
    expect(progressOf(10, 20, 5)).toBe(0);
    expect(progressOf(10, 10, 10)).toBe(1);
  });
});
