import { Direction, Frequency, Health } from '@throughline/shared';
import { describe, expect, it } from 'vitest';
import {
  forecastNext,
  forecastRed,
  leastSquares,
  meanAndDeviation,
  outlier,
  periodText,
} from './early-warning.js';

const target = { target: 90, amber: 85, red: 75 };
const march = new Date('2027-01-01T00:00:00Z');

describe('least squares', () => {
  it('fits a straight line exactly', () => {
    expect(leastSquares([1, 3, 5, 7])).toEqual({ slope: 2, intercept: 1 });
  });
  it('fits the best line through noise (hand-computed)', () => {
    // x̄ = 2.5, ȳ = 22/6; Sxy = 10, Sxx = 17.5 → slope 0.571428…, intercept 2.2380…
    const { slope, intercept } = leastSquares([2, 3, 3, 5, 4, 5]);
    expect(slope).toBeCloseTo(10 / 17.5, 10);
    expect(intercept).toBeCloseTo(22 / 6 - (10 / 17.5) * 2.5, 10);
  });
  it('a flat or single value has slope 0', () => {
    expect(leastSquares([4])).toEqual({ slope: 0, intercept: 4 });
    expect(leastSquares([4, 4, 4]).slope).toBe(0);
  });
});

describe('forecast of the next two periods', () => {
  it('uses only the last six values', () => {
    // the first two values (wild) are outside the window
    expect(forecastNext([500, -500, 90, 88, 86, 84, 82, 80])).toEqual([78, 76]);
  });
  it('needs six values', () => {
    expect(forecastNext([90, 88, 86, 84, 82])).toBeNull();
  });
  it('a falling series that is amber now is forecast red; says which period', () => {
    const r = forecastRed({
      series: [92, 90, 88, 86, 84, 82],
      direction: Direction.HIGHER_IS_BETTER,
      currentHealth: Health.AT_RISK,
      frequency: Frequency.MONTHLY,
      latestPeriodStart: new Date('2027-01-01T00:00:00Z'),
      targetOf: () => target,
    });
    // next: 80 (Feb, amber), 78 (Mar, amber) → not red
    expect(r).toBeNull();
    const steep = forecastRed({
      series: [95, 92, 89, 86, 83, 80],
      direction: Direction.HIGHER_IS_BETTER,
      currentHealth: Health.AT_RISK,
      frequency: Frequency.MONTHLY,
      latestPeriodStart: new Date('2027-01-01T00:00:00Z'),
      targetOf: () => target,
    });
    // next: 77 (Feb 2027, amber), 74 (Mar 2027, red)
    expect(steep?.value).toBeCloseTo(74, 10);
    expect(steep?.periodStart.toISOString()).toBe('2027-03-01T00:00:00.000Z');
    expect(periodText(steep!.periodStart, Frequency.MONTHLY)).toBe('March 2027');
  });
  it('lower-is-better rising towards red', () => {
    const r = forecastRed({
      series: [2, 2.5, 3, 3.5, 4, 4.5],
      direction: Direction.LOWER_IS_BETTER,
      currentHealth: Health.ON_TRACK,
      frequency: Frequency.QUARTERLY,
      latestPeriodStart: new Date('2026-10-01T00:00:00Z'),
      targetOf: () => ({ target: 4, amber: 5, red: 5.2 }),
    });
    expect(r?.value).toBeCloseTo(5.5, 10);
    expect(periodText(r!.periodStart, Frequency.QUARTERLY)).toBe('Q2 2027');
  });
  it('never while already red, nor without a target', () => {
    const base = {
      series: [95, 92, 89, 86, 83, 70],
      direction: Direction.HIGHER_IS_BETTER,
      frequency: Frequency.MONTHLY,
      latestPeriodStart: march,
    };
    expect(forecastRed({ ...base, currentHealth: Health.OFF_TRACK, targetOf: () => target })).toBeNull();
    expect(forecastRed({ ...base, currentHealth: Health.AT_RISK, targetOf: () => null })).toBeNull();
  });
  it('judges each forecast against the target of its own period (a lower target next year)', () => {
    const r = forecastRed({
      series: [95, 92, 89, 86, 83, 80],
      direction: Direction.HIGHER_IS_BETTER,
      currentHealth: Health.AT_RISK,
      frequency: Frequency.MONTHLY,
      latestPeriodStart: new Date('2027-01-01T00:00:00Z'),
      targetOf: (start) => (start.getUTCMonth() >= 2 ? { target: 80, amber: 75, red: 70 } : target),
    });
    expect(r).toBeNull();
  });
  it('weekly periods cross the year end', () => {
    const r = forecastRed({
      series: [10, 9, 8, 7, 6, 5],
      direction: Direction.HIGHER_IS_BETTER,
      currentHealth: Health.AT_RISK,
      frequency: Frequency.WEEKLY,
      latestPeriodStart: new Date('2026-12-28T00:00:00Z'),
      targetOf: () => ({ target: 8, amber: 5, red: 4 }),
    });
    expect(r?.value).toBeCloseTo(3, 10);
    expect(periodText(r!.periodStart, Frequency.WEEKLY)).toBe('the week of 11 Jan 2027');
  });
});

describe('outliers', () => {
  it('mean and sample standard deviation', () => {
    const { mean, sd } = meanAndDeviation([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(mean).toBe(5);
    expect(sd).toBeCloseTo(Math.sqrt(32 / 7), 12);
  });
  it('more than three standard deviations from the history is an outlier; three or less is not', () => {
    const history = [10, 12, 10, 12, 10, 12]; // mean 11, sd √(6/5) ≈ 1.0954
    const sd = Math.sqrt(6 / 5);
    expect(outlier([...history, 11 + 3.01 * sd])?.active).toBe(true);
    expect(outlier([...history, 11 - 3.01 * sd])?.active).toBe(true);
    expect(outlier([...history, 11 + 2.99 * sd])?.active).toBe(false);
    const r = outlier([...history, 20])!;
    expect(r.sigmas).toBeCloseTo(9 / sd, 10);
    expect(r.history).toBe(6);
  });
  it('needs six values before the latest, and some spread', () => {
    expect(outlier([10, 12, 10, 12, 10, 99])).toBeNull();
    expect(outlier([10, 10, 10, 10, 10, 10, 99])).toBeNull();
  });
});
