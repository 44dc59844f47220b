/** When a KPI's next value is due, by its frequency, and how pressing that is now. */
export interface KpiDue {
  /** `overdue`: the due day has passed; `due`: due within a week; `later`: not yet. */
  state: 'overdue' | 'due' | 'later';
  /** The last day (UTC, YYYY-MM-DD) by which the next value should be recorded; null when none was ever recorded. */
  by: string | null;
}

const DAY = 86_400_000;

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** The last day of the period after the one `at` falls in (UTC): the day the next value is due. */
export function nextValueDueBy(at: string, frequency: string): string {
  const d = new Date(at);
  if (frequency === 'WEEKLY') return isoDay(new Date(d.getTime() + 7 * DAY));
  const months = frequency === 'QUARTERLY' ? 3 : 1;
  // The period's first month (a quarter starts in Jan, Apr, Jul, Oct), then the end of the period after it.
  const first = frequency === 'QUARTERLY' ? d.getUTCMonth() - (d.getUTCMonth() % 3) : d.getUTCMonth();
  return isoDay(new Date(Date.UTC(d.getUTCFullYear(), first + 2 * months, 0)));
}

/**
 * Whether a KPI's owner owes a value: the next value is due by the end of the period after the
 * latest one (a monthly KPI last recorded for October is due by 30 November). No value yet: due now.
 */
export function kpiDue(latestAt: string | null | undefined, frequency: string, now: Date): KpiDue {
  if (!latestAt) return { state: 'due', by: null };
  const by = nextValueDueBy(latestAt, frequency);
  const today = isoDay(now);
  if (today > by) return { state: 'overdue', by };
  const daysLeft = (Date.parse(by) - Date.parse(today)) / DAY;
  return { state: daysLeft <= 7 ? 'due' : 'later', by };
}
