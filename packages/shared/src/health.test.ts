import { describe, expect, it } from 'vitest';
import { Direction, Frequency, Health } from './enums';
import {
  DECLINE_ALERT_PERIODS,
  HEALTH_SEVERITY,
  MAX_MEASUREMENT_AGE_DAYS,
  effectiveThresholds,
  type InitiativeHealth,
  type MilestoneInput,
  initiativeHealth,
  isStale,
  kpiHealth,
  kpiTrend,
  periodContaining,
  rollUpHealth,
  validateThresholds,
  worseHealth,
} from './health';

const H = Direction.HIGHER_IS_BETTER;
const L = Direction.LOWER_IS_BETTER;
const { ON_TRACK: ON, AT_RISK: AT, OFF_TRACK: OFF, NO_DATA: ND } = Health;
const DAY = 86_400_000;

describe('kpiHealth', () => {
  it.each<[string, Direction, number | null, number | null, number | null, number | null, Health]>([
    // label, direction, value, target, amber, red, expected
    ['higher: above amber', H, 100, 100, 90, 80, ON],
    ['higher: exactly on amber gets the better band', H, 90, 100, 90, 80, ON],
    ['higher: just below amber', H, 89.99, 100, 90, 80, AT],
    ['higher: exactly on red gets the better band', H, 80, 100, 90, 80, AT],
    ['higher: just below red', H, 79.99, 100, 90, 80, OFF],
    ['lower: well below amber', L, 1, 5, 6, 8, ON],
    ['lower: exactly on amber gets the better band', L, 6, 5, 6, 8, ON],
    ['lower: just above amber', L, 6.01, 5, 6, 8, AT],
    ['lower: exactly on red gets the better band', L, 8, 5, 6, 8, AT],
    ['lower: just above red', L, 8.01, 5, 6, 8, OFF],
    ['no value', H, null, 100, 90, 80, ND],
    ['no target (even with thresholds)', H, 95, null, 90, 80, ND],
    ['NaN value', H, Number.NaN, 100, 90, 80, ND],
    ['+Infinity value', H, Number.POSITIVE_INFINITY, 100, 90, 80, ND],
    ['-Infinity value', L, Number.NEGATIVE_INFINITY, 100, 90, 80, ND],
    ['NaN target', H, 95, Number.NaN, 90, 80, ND],
    ['defaults higher: on target', H, 100, 100, null, null, ON],
    ['defaults higher: just under target', H, 99, 100, null, null, AT],
    ['defaults higher: exactly target − 10%', H, 90, 100, null, null, AT],
    ['defaults higher: past target − 10%', H, 89.9, 100, null, null, OFF],
    ['defaults lower: on target', L, 100, 100, null, null, ON],
    ['defaults lower: exactly target + 10%', L, 110, 100, null, null, AT],
    ['defaults lower: past target + 10%', L, 110.1, 100, null, null, OFF],
    ['defaults higher, negative target: red = −55', H, -55, -50, null, null, AT],
    ['defaults higher, negative target: past red', H, -55.1, -50, null, null, OFF],
    ['defaults higher, zero target: margin 1', H, -1, 0, null, null, AT],
    ['defaults higher, zero target: past margin', H, -1.01, 0, null, null, OFF],
    ['defaults lower, zero target: margin 1', L, 1, 0, null, null, AT],
    ['defaults lower, zero target: past margin', L, 1.5, 0, null, null, OFF],
    ['only amber: red = amber − 10% of target', H, 85, 100, 95, null, AT],
    ['only amber: past derived red', H, 84.9, 100, 95, null, OFF],
    ['only red: amber = target', H, 99, 100, null, 70, AT],
    ['only red: past red', H, 69, 100, null, 70, OFF],
    ['non-finite amber treated as missing', H, 99, 100, Number.NaN, null, AT],
    ['inverted thresholds: no amber band (above amber)', H, 85, 100, 80, 90, ON],
    ['inverted thresholds: no amber band (below amber)', H, 79, 100, 80, 90, OFF],
  ])('%s', (_label, direction, value, target, amber, red, expected) => {
    expect(kpiHealth({ direction, value, target, amber, red })).toBe(expected);
  });
});

describe('effectiveThresholds', () => {
  it.each<
    [string, Direction, number | null, number | null, number | null, { amber: number; red: number } | null]
  >([
    ['explicit', H, 100, 90, 80, { amber: 90, red: 80 }],
    ['defaults higher', H, 100, null, null, { amber: 100, red: 90 }],
    ['defaults lower', L, 100, null, null, { amber: 100, red: 110 }],
    ['defaults zero target lower', L, 0, null, null, { amber: 0, red: 1 }],
    ['no target, both explicit', H, null, 90, 80, { amber: 90, red: 80 }],
    ['no target, default needed', H, null, 90, null, null],
  ])('%s', (_label, direction, target, amber, red, expected) => {
    expect(effectiveThresholds({ direction, target, amber, red })).toEqual(expected);
  });
});

describe('validateThresholds', () => {
  it.each<[string, Direction, number | null, number | null, number | null, string | null]>([
    ['higher: red below amber', H, 100, 90, 80, null],
    ['higher: red equal to amber', H, 100, 90, 90, null],
    [
      'higher: red above amber',
      H,
      100,
      80,
      90,
      'When higher is better, the red threshold (90) must be at or below the amber threshold (80).',
    ],
    ['lower: red above amber', L, 5, 6, 8, null],
    [
      'lower: red below amber',
      L,
      5,
      8,
      6,
      'When lower is better, the red threshold (6) must be at or above the amber threshold (8).',
    ],
    [
      'higher: explicit red above default amber (= target)',
      H,
      100,
      null,
      105,
      'When higher is better, the red threshold (105) must be at or below the amber threshold (100).',
    ],
    [
      'lower: explicit red below default amber (= target)',
      L,
      100,
      null,
      95,
      'When lower is better, the red threshold (95) must be at or above the amber threshold (100).',
    ],
    ['all defaults', H, 100, null, null, null],
    ['no target, only amber', H, null, 90, null, null],
    ['nothing at all', L, null, null, null, null],
    ['NaN amber', H, 100, Number.NaN, 80, 'The amber threshold must be a finite number.'],
    ['Infinity red', L, 100, 110, Number.POSITIVE_INFINITY, 'The red threshold must be a finite number.'],
    ['Infinity target', H, Number.POSITIVE_INFINITY, null, null, 'The target must be a finite number.'],
  ])('%s', (_label, direction, target, amber, red, expected) => {
    expect(validateThresholds({ direction, target, amber, red })).toBe(expected);
  });
});

describe('isStale', () => {
  const now = new Date('2025-06-15T12:00:00.000Z');

  it('exports the allowed ages', () => {
    expect(MAX_MEASUREMENT_AGE_DAYS).toEqual({ WEEKLY: 10, MONTHLY: 38, QUARTERLY: 100 });
  });

  it.each<[string, Frequency, number | null, boolean]>([
    // label, frequency, age in ms (null = no measurement), expected
    ['weekly: fresh', Frequency.WEEKLY, 3 * DAY, false],
    ['weekly: exactly max age', Frequency.WEEKLY, 10 * DAY, false],
    ['weekly: one ms over', Frequency.WEEKLY, 10 * DAY + 1, true],
    ['monthly: exactly max age', Frequency.MONTHLY, 38 * DAY, false],
    ['monthly: one ms over', Frequency.MONTHLY, 38 * DAY + 1, true],
    ['quarterly: exactly max age', Frequency.QUARTERLY, 100 * DAY, false],
    ['quarterly: one ms over', Frequency.QUARTERLY, 100 * DAY + 1, true],
    ['monthly: 11 days old is still fresh', Frequency.MONTHLY, 11 * DAY, false],
    ['measurement in the future', Frequency.WEEKLY, -DAY, false],
    ['no measurement is NO_DATA, not stale', Frequency.WEEKLY, null, false],
  ])('%s', (_label, frequency, age, expected) => {
    const latestAt = age === null ? null : new Date(now.getTime() - age);
    expect(isStale({ frequency, latestAt, now })).toBe(expected);
  });
});

describe('kpiTrend', () => {
  it('alerts after three declining periods', () => {
    expect(DECLINE_ALERT_PERIODS).toBe(3);
  });

  it.each<[string, number[], Direction, number]>([
    ['empty', [], H, 0],
    ['single value', [5], H, 0],
    ['higher: three declines', [10, 9, 8, 7], H, 3],
    ['same values read as lower-is-better improve', [10, 9, 8, 7], L, 0],
    ['lower: three rises are declines', [7, 8, 9, 10], L, 3],
    ['flat period breaks the run', [10, 9, 9, 8], H, 1],
    ['only the trailing run counts', [10, 11, 9, 8, 7], H, 3],
    ['improvement at the end resets', [10, 9, 8, 9], H, 0],
    ['all flat', [5, 5, 5], H, 0],
    ['non-finite breaks the run', [5, 4, Number.NaN, 3, 2], H, 1],
    ['whole series declining', [6, 5, 4, 3, 2, 1], H, 5],
  ])('%s', (_label, values, direction, expected) => {
    expect(kpiTrend(values, direction)).toEqual({ decliningPeriods: expected });
  });
});

describe('HEALTH_SEVERITY / worseHealth', () => {
  it('orders NO_DATA < ON_TRACK < AT_RISK < OFF_TRACK', () => {
    expect(HEALTH_SEVERITY).toEqual({ NO_DATA: 0, ON_TRACK: 1, AT_RISK: 2, OFF_TRACK: 3 });
  });

  it.each<[Health, Health, Health]>([
    [ON, AT, AT],
    [AT, ON, AT],
    [AT, OFF, OFF],
    [OFF, ON, OFF],
    [ON, ON, ON],
    [ND, ON, ON],
    [OFF, ND, OFF],
    [ND, ND, ND],
  ])('worse of %s and %s is %s', (a, b, expected) => {
    expect(worseHealth(a, b)).toBe(expected);
  });
});

describe('rollUpHealth', () => {
  it.each<[string, Health[], Health]>([
    ['nothing', [], ND],
    ['only NO_DATA', [ND, ND], ND],
    ['all on track', [ON, ON], ON],
    ['NO_DATA ignored', [ON, ND], ON],
    ['any at risk', [ON, ON, AT], AT],
    ['at risk never escalates to off track', [AT, AT, AT], AT],
    ['single off track', [OFF], OFF],
    ['off track exactly 1/3', [OFF, ON, ON], OFF],
    ['off track 1/4 warns only', [OFF, ON, ON, ON], AT],
    ['off track 1/3 of rated, NO_DATA not counted', [OFF, ON, ON, ND], OFF],
    ['2 of 6 off track (= 1/3)', [OFF, OFF, ON, ON, ON, ON], OFF],
    ['2 of 7 off track (< 1/3)', [OFF, OFF, ON, ON, ON, ON, ON], AT],
    ['off + at risk below ratio', [OFF, AT, ON, ON], AT],
  ])('%s', (_label, healths, expected) => {
    expect(rollUpHealth(healths)).toBe(expected);
  });
});

describe('initiativeHealth', () => {
  const now = new Date('2025-06-15T00:00:00.000Z');
  const at = (days: number) => new Date(now.getTime() + days * DAY);
  const done = (dueIn: number, doneIn = dueIn): MilestoneInput => ({
    dueDate: at(dueIn),
    completedAt: at(doneIn),
  });
  const overdue = (dueIn: number): MilestoneInput => ({ dueDate: at(dueIn), completedAt: null }); // dueIn < 0
  const open = (dueIn: number): MilestoneInput => ({ dueDate: at(dueIn), completedAt: null }); // dueIn >= 0

  it.each<[string, MilestoneInput[], Health[], boolean[], InitiativeHealth]>([
    [
      'nothing to judge',
      [],
      [],
      [],
      {
        completion: 0,
        overdueMilestones: 0,
        deliveryHealth: ND,
        impactHealth: ND,
        health: ND,
        kpisMoving: 0,
      },
    ],
    [
      'all delivered but KPIs off track: done is not impact',
      [done(-30), done(-20), done(-10), done(-5)],
      [OFF, OFF],
      [false, false],
      {
        completion: 1,
        overdueMilestones: 0,
        deliveryHealth: ON,
        impactHealth: OFF,
        health: OFF,
        kpisMoving: 0,
      },
    ],
    [
      '1 of 4 overdue while KPIs on track',
      [done(-30), overdue(-1), open(10), open(20)],
      [ON],
      [true],
      {
        completion: 0.25,
        overdueMilestones: 1,
        deliveryHealth: AT,
        impactHealth: ON,
        health: AT,
        kpisMoving: 1,
      },
    ],
    [
      '1 of 3 overdue is off track',
      [done(-30), overdue(-1), open(10)],
      [ON, ON],
      [true, false],
      {
        completion: 1 / 3,
        overdueMilestones: 1,
        deliveryHealth: OFF,
        impactHealth: ON,
        health: OFF,
        kpisMoving: 1,
      },
    ],
    [
      '2 of 5 overdue is off track',
      [overdue(-3), overdue(-2), open(5), open(6), open(7)],
      [AT],
      [true],
      {
        completion: 0,
        overdueMilestones: 2,
        deliveryHealth: OFF,
        impactHealth: AT,
        health: OFF,
        kpisMoving: 1,
      },
    ],
    [
      'due exactly now is not overdue',
      [open(0), open(5), open(6), open(7)],
      [],
      [],
      {
        completion: 0,
        overdueMilestones: 0,
        deliveryHealth: ON,
        impactHealth: ND,
        health: ON,
        kpisMoving: 0,
      },
    ],
    [
      'completed late is not overdue',
      [done(-10, -2), open(5)],
      [ON],
      [true],
      {
        completion: 0.5,
        overdueMilestones: 0,
        deliveryHealth: ON,
        impactHealth: ON,
        health: ON,
        kpisMoving: 1,
      },
    ],
    [
      'no milestones: impact alone decides',
      [],
      [ON, AT],
      [true, true],
      {
        completion: 0,
        overdueMilestones: 0,
        deliveryHealth: ND,
        impactHealth: AT,
        health: AT,
        kpisMoving: 2,
      },
    ],
    [
      'on schedule, KPIs have no data',
      [done(-5), open(5)],
      [ND, ND],
      [false, false],
      {
        completion: 0.5,
        overdueMilestones: 0,
        deliveryHealth: ON,
        impactHealth: ND,
        health: ON,
        kpisMoving: 0,
      },
    ],
  ])('%s', (_label, milestones, kpiHealths, kpiMoving, expected) => {
    expect(initiativeHealth({ milestones, kpiHealths, kpiMoving, now })).toEqual(expected);
  });
});

describe('periodContaining', () => {
  it.each<[string, string, Frequency, string, string]>([
    [
      'week: Sunday belongs to the week starting Monday before',
      '2025-06-15T12:00:00.000Z',
      Frequency.WEEKLY,
      '2025-06-09T00:00:00.000Z',
      '2025-06-16T00:00:00.000Z',
    ],
    [
      'week: Monday midnight starts a new week',
      '2025-06-16T00:00:00.000Z',
      Frequency.WEEKLY,
      '2025-06-16T00:00:00.000Z',
      '2025-06-23T00:00:00.000Z',
    ],
    [
      'week: spans a year boundary',
      '2025-01-01T08:00:00.000Z',
      Frequency.WEEKLY,
      '2024-12-30T00:00:00.000Z',
      '2025-01-06T00:00:00.000Z',
    ],
    [
      'month: last ms of February',
      '2025-02-28T23:59:59.999Z',
      Frequency.MONTHLY,
      '2025-02-01T00:00:00.000Z',
      '2025-03-01T00:00:00.000Z',
    ],
    [
      'month: December rolls into next year',
      '2024-12-31T12:00:00.000Z',
      Frequency.MONTHLY,
      '2024-12-01T00:00:00.000Z',
      '2025-01-01T00:00:00.000Z',
    ],
    [
      'quarter: Q2',
      '2025-05-20T10:00:00.000Z',
      Frequency.QUARTERLY,
      '2025-04-01T00:00:00.000Z',
      '2025-07-01T00:00:00.000Z',
    ],
    [
      'quarter: first instant of Q1',
      '2025-01-01T00:00:00.000Z',
      Frequency.QUARTERLY,
      '2025-01-01T00:00:00.000Z',
      '2025-04-01T00:00:00.000Z',
    ],
    [
      'quarter: last ms of Q4',
      '2025-12-31T23:59:59.999Z',
      Frequency.QUARTERLY,
      '2025-10-01T00:00:00.000Z',
      '2026-01-01T00:00:00.000Z',
    ],
    // Awkward instants (UTC, whatever the machine's zone): 31 Dec 23:30 in Oslo, 29 Feb, Oslo's DST days, 1 Apr 00:30 in Oslo.
    [
      'month: 31 Dec, 23:30 in Oslo',
      '2026-12-31T22:30:00.000Z',
      Frequency.MONTHLY,
      '2026-12-01T00:00:00.000Z',
      '2027-01-01T00:00:00.000Z',
    ],
    [
      'month: 29 Feb',
      '2028-02-29T12:00:00.000Z',
      Frequency.MONTHLY,
      '2028-02-01T00:00:00.000Z',
      '2028-03-01T00:00:00.000Z',
    ],
    [
      'week: 29 Feb (a Tuesday)',
      '2028-02-29T12:00:00.000Z',
      Frequency.WEEKLY,
      '2028-02-28T00:00:00.000Z',
      '2028-03-06T00:00:00.000Z',
    ],
    [
      'week: clocks go forward in Oslo',
      '2027-03-28T01:30:00.000Z',
      Frequency.WEEKLY,
      '2027-03-22T00:00:00.000Z',
      '2027-03-29T00:00:00.000Z',
    ],
    [
      'month: clocks go back in Oslo',
      '2027-10-31T00:30:00.000Z',
      Frequency.MONTHLY,
      '2027-10-01T00:00:00.000Z',
      '2027-11-01T00:00:00.000Z',
    ],
    [
      'quarter: 1 Apr 00:30 in Oslo is still Q1 in UTC',
      '2027-03-31T22:30:00.000Z',
      Frequency.QUARTERLY,
      '2027-01-01T00:00:00.000Z',
      '2027-04-01T00:00:00.000Z',
    ],
  ])('%s', (_label, date, frequency, start, end) => {
    const p = periodContaining(new Date(date), frequency);
    expect([p.start.toISOString(), p.end.toISOString()]).toEqual([start, end]);
  });

  it('rejects an invalid date', () => {
    expect(() => periodContaining(new Date('nope'), Frequency.MONTHLY)).toThrow(RangeError);
  });
});
