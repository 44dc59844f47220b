import { describe, expect, it } from 'vitest';
import { nextQuarter } from './frameworks';

describe('nextQuarter', () => {
  it.each([
    ['2027-01-15', '2027-04-01', '2027-06-30'],
    ['2027-03-31', '2027-04-01', '2027-06-30'],
    ['2027-06-01', '2027-07-01', '2027-09-30'],
    ['2027-08-20', '2027-10-01', '2027-12-31'],
    ['2027-11-30', '2028-01-01', '2028-03-31'],
  ])('after %s is %s – %s', (now, start, end) => {
    expect(nextQuarter(new Date(now + 'T12:00:00Z'))).toEqual({ start, end });
  });
});
