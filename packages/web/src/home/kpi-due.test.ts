import { describe, expect, it } from 'vitest';
import { kpiDue, nextValueDueBy } from './kpi-due';

describe('when a KPI value is due', () => {
  it('is due by the end of the period after the latest value', () => {
    expect(nextValueDueBy('2026-10-31T00:00:00Z', 'MONTHLY')).toBe('2026-11-30');
    expect(nextValueDueBy('2026-12-15T00:00:00Z', 'MONTHLY')).toBe('2027-01-31');
    expect(nextValueDueBy('2026-01-31T00:00:00Z', 'MONTHLY')).toBe('2026-02-28');
    expect(nextValueDueBy('2026-11-20T00:00:00Z', 'QUARTERLY')).toBe('2027-03-31');
    expect(nextValueDueBy('2026-09-30T23:00:00Z', 'QUARTERLY')).toBe('2026-12-31');
    expect(nextValueDueBy('2026-11-22T00:00:00Z', 'WEEKLY')).toBe('2026-11-29');
  });

  it('says overdue, due within a week, or later, on the UTC day', () => {
    const now = new Date('2026-11-28T07:48:00Z');
    expect(kpiDue('2026-10-31T00:00:00Z', 'MONTHLY', now)).toEqual({ state: 'due', by: '2026-11-30' });
    expect(kpiDue('2026-09-30T00:00:00Z', 'MONTHLY', now)).toEqual({ state: 'overdue', by: '2026-10-31' });
    expect(kpiDue('2026-11-27T00:00:00Z', 'MONTHLY', now)).toEqual({ state: 'later', by: '2026-12-31' });
    expect(kpiDue('2026-11-21T00:00:00Z', 'WEEKLY', now)).toEqual({ state: 'due', by: '2026-11-28' });
    expect(kpiDue('2026-11-20T00:00:00Z', 'WEEKLY', now)).toEqual({ state: 'overdue', by: '2026-11-27' });
    expect(kpiDue(null, 'WEEKLY', now)).toEqual({ state: 'due', by: null });
  });
});
