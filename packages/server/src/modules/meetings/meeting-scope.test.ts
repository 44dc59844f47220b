import { describe, expect, it } from 'vitest';
import { cadenceStart } from './meeting-scope.js';

describe('cadenceStart', () => {
  it.each([
    ['MONTHLY_OPERATIONAL', '2027-03-31T08:03:00Z', '2027-02-28T08:03:00Z'],
    ['MONTHLY_OPERATIONAL', '2028-03-31T08:03:00Z', '2028-02-29T08:03:00Z'],
    ['MONTHLY_OPERATIONAL', '2027-01-31T23:59:00Z', '2026-12-31T23:59:00Z'],
    ['MONTHLY_OPERATIONAL', '2027-04-15T10:00:00Z', '2027-03-15T10:00:00Z'],
    ['QUARTERLY_STRATEGIC', '2027-05-31T09:00:00Z', '2027-02-28T09:00:00Z'],
    ['QUARTERLY_STRATEGIC', '2027-01-01T00:30:00Z', '2026-10-01T00:30:00Z'],
    ['ANNUAL_REFRESH', '2028-02-29T09:00:00Z', '2027-02-28T09:00:00Z'],
    ['ANNUAL_REFRESH', '2027-03-28T01:30:00Z', '2026-03-28T01:30:00Z'],
  ])('%s closing %s looks back to %s', (kind, end, start) => {
    expect(cadenceStart(kind, new Date(end)).toISOString()).toBe(new Date(start).toISOString());
  });
});
