import { describe, expect, it } from 'vitest';
import { formatPeriod, humanize } from './format';

describe('formatPeriod', () => {
  it.each([
    ['2026-10-01', '2026-12-31', 'Q4 2026'],
    ['2026-01-01', '2026-03-31', 'Q1 2026'],
    ['2026-11-01', '2026-11-30', 'Nov 2026'],
    ['2026-01-01', '2026-12-31', '2026'],
    ['2026-10-01', '2027-03-31', 'Oct 2026 – Mar 2027'],
    ['2026-02-01', '2026-04-30', 'Feb – Apr 2026'],
    ['2026-10-15', '2026-12-31', '15 Oct 2026 – 31 Dec 2026'],
    [null, '2026-12-31', '—'],
  ])('%s to %s is %s', (start, end, expected) => {
    expect(formatPeriod(start, end)).toBe(expected);
  });
});

describe('humanize', () => {
  it('keeps acronyms upper case', () => {
    expect(humanize('KPI_AT_RISK')).toBe('KPI at risk');
    expect(humanize('kpi')).toBe('KPI');
    expect(humanize('VANITY_KPIS')).toBe('Vanity KPIs');
    expect(humanize('OFF_TRACK')).toBe('Off track');
  });
});
