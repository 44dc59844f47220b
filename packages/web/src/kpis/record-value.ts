import { formatDate } from '../ui/format';

/** A KPI's reporting period of a day: its key (equal for two days of one period) and its name. */
export interface Period {
  key: string;
  label: string;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** The day (YYYY-MM-DD) as the viewer's calendar shows it now: what "today" means in the form. */
export function today(now: Date = new Date()): string {
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}

/** The instant a value recorded "for" a day is stored at: noon UTC, so the day reads the same everywhere. */
export function dayToInstant(day: string): string {
  return `${day}T12:00:00.000Z`;
}

/** The period of `day` (YYYY-MM-DD, a UTC day) for a KPI measured weekly (ISO weeks), monthly or quarterly. */
export function periodOf(frequency: string, day: string): Period {
  const d = new Date(day.slice(0, 10) + 'T00:00:00Z');
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  if (frequency === 'WEEKLY') {
    const monday = new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * 86_400_000);
    const iso = monday.toISOString().slice(0, 10);
    return { key: `W${iso}`, label: `the week of ${formatDate(iso)}` };
  }
  if (frequency === 'QUARTERLY') {
    const q = Math.floor(m / 3) + 1;
    return { key: `Q${y}-${q}`, label: `Q${q} ${y}` };
  }
  return { key: `M${y}-${m}`, label: `${MONTHS[m]} ${y}` };
}

/** The current value already recorded for the period of `day`, if any (the latest of them). */
export function valueInPeriod<T extends { at: string }>(
  measurements: readonly T[],
  frequency: string,
  day: string,
): T | null {
  const key = periodOf(frequency, day).key;
  const same = measurements.filter((m) => periodOf(frequency, m.at.slice(0, 10)).key === key);
  return same.sort((a, b) => b.at.localeCompare(a.at))[0] ?? null;
}
