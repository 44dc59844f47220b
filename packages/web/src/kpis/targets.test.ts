import { describe, expect, it } from 'vitest';
import { quarterOf, suggestedPeriod, validateTarget } from './targets';

describe('suggestedPeriod', () => {
  it('proposes the quarter of today when no target covers it', () => {
    expect(suggestedPeriod([], '2027-05-14')).toEqual({ periodStart: '2027-04-01', periodEnd: '2027-06-30' });
    expect(suggestedPeriod([{ periodEnd: '2027-03-31' }], '2027-05-14')).toEqual({
      periodStart: '2027-04-01',
      periodEnd: '2027-06-30',
    });
  });
  it('proposes the gap after the last target, never an overlap; across the year end too', () => {
    expect(suggestedPeriod([{ periodEnd: '2027-06-30' }, { periodEnd: '2027-04-30' }], '2027-05-14')).toEqual(
      {
        periodStart: '2027-07-01',
        periodEnd: '2027-09-30',
      },
    );
    expect(suggestedPeriod([{ periodEnd: '2027-11-30' }], '2027-11-03')).toEqual({
      periodStart: '2027-12-01',
      periodEnd: '2027-12-31',
    });
    expect(quarterOf('2028-02-29')).toEqual({ start: '2028-01-01', end: '2028-03-31' });
  });
});

describe('validateTarget', () => {
  const base = { periodStart: '2027-04-01', periodEnd: '2027-06-30', target: '95', amber: '', red: '' };
  it('accepts a target alone and a decimal comma', () => {
    expect(validateTarget({ ...base, target: '95,5', direction: 'HIGHER_IS_BETTER' })).toEqual({});
  });
  it('says which field is wrong: missing target, not a number, period backwards', () => {
    expect(validateTarget({ ...base, target: '', direction: 'HIGHER_IS_BETTER' })).toEqual({
      target: 'Enter the target.',
    });
    expect(validateTarget({ ...base, amber: 'lots', direction: 'HIGHER_IS_BETTER' })).toEqual({
      amber: 'Must be a number.',
    });
    expect(validateTarget({ ...base, periodEnd: '2027-03-01', direction: 'HIGHER_IS_BETTER' })).toEqual({
      periodEnd: 'The period must end on or after its first day.',
    });
  });
  it('applies the server rule for thresholds by direction, on the red field when red is given', () => {
    expect(validateTarget({ ...base, amber: '92', red: '93', direction: 'HIGHER_IS_BETTER' }).red).toMatch(
      /red threshold \(93\) must be at or below the amber threshold \(92\)/,
    );
    expect(validateTarget({ ...base, amber: '92', red: '93', direction: 'LOWER_IS_BETTER' })).toEqual({});
  });
});
