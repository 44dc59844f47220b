/** Formatting shared by every screen, so numbers and dates read the same everywhere. */

const nf = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });
const money = new Intl.NumberFormat('en-GB', {
  style: 'currency',
  currency: 'EUR',
  maximumFractionDigits: 0,
  notation: 'compact',
});

/** A KPI value with its unit: "92.5 %", "€1.2M", "14 pumps". */
export function formatValue(value: number | null | undefined, unit?: string | null): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const u = (unit ?? '').trim();
  if (u === '%' || u === 'percent') return nf.format(value) + ' %';
  if (u === '€' || u === 'EUR' || u === 'eur') return money.format(value);
  return u ? `${nf.format(value)} ${u}` : nf.format(value);
}

/** A bare number (for tables whose header names the unit). */
export function formatNumber(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : nf.format(value);
}

/** A short unit for headers and compact places: "%", "€", else the unit as written. */
export function unitSuffix(unit: string | null | undefined): string {
  const u = (unit ?? '').trim();
  return u ? ` (${u})` : '';
}

/** A value for tight places: the unit only when it is a symbol (%, €), else the bare number. */
export function compactValue(value: number | null | undefined, unit?: string | null): string {
  const u = (unit ?? '').trim();
  if (u === '%' || u === '€' || u.startsWith('% ')) return formatValue(value, '%').replace(' %', '%');
  return formatNumber(value);
}

/** A budget in euros, compact. */
export function formatMoney(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : money.format(value);
}

/** 12 Mar 2027 */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso.length === 10 ? iso + 'T00:00:00Z' : iso);
  return Number.isNaN(d.getTime())
    ? '—'
    : d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** 12 Mar 2027, 14:05 */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? '—'
    : d.toLocaleString('en-GB', {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      });
}

/** "3 days ago", "in 2 weeks": for feeds and due dates. */
export function relativeTime(iso: string, now: Date = new Date()): string {
  const diff = new Date(iso).getTime() - now.getTime();
  const abs = Math.abs(diff);
  const rtf = new Intl.RelativeTimeFormat('en-GB', { numeric: 'auto' });
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['year', 365 * 864e5],
    ['month', 30 * 864e5],
    ['week', 7 * 864e5],
    ['day', 864e5],
    ['hour', 36e5],
    ['minute', 6e4],
  ];
  for (const [unit, ms] of units) if (abs >= ms) return rtf.format(Math.round(diff / ms), unit);
  return 'just now';
}

/** Title Case for enum values: INTERNAL_PROCESS → Internal process. */
export function humanize(value: string | null | undefined): string {
  if (!value) return '—';
  const s = value
    .toLowerCase()
    .replace(/_/g, ' ')
    .replace(/\b(kpis?|ftes?|csv)\b/g, (w) => w.toUpperCase().replace(/S$/, 's'));
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** `humanize` for the middle of a sentence: "this initiative", "this KPI". */
export function humanizeLower(value: string | null | undefined): string {
  const h = humanize(value);
  return /^[A-Z]{2}/.test(h) ? h : h.charAt(0).toLowerCase() + h.slice(1);
}

const MONTH = (d: Date, year: boolean) =>
  d.toLocaleDateString('en-GB', { month: 'short', ...(year ? { year: 'numeric' } : {}), timeZone: 'UTC' });

/**
 * A target period in few characters: "Q4 2026" for a calendar quarter, "Nov 2026" for a month,
 * "Oct 2026 – Mar 2027" for whole months, else the two dates.
 */
export function formatPeriod(start: string | null | undefined, end: string | null | undefined): string {
  if (!start || !end) return '—';
  const s = new Date(start.slice(0, 10) + 'T00:00:00Z');
  const e = new Date(end.slice(0, 10) + 'T00:00:00Z');
  if (Number.isNaN(s.getTime()) || Number.isNaN(e.getTime())) return '—';
  const nextDay = new Date(e.getTime() + 86_400_000);
  const wholeMonths = s.getUTCDate() === 1 && nextDay.getUTCDate() === 1;
  if (!wholeMonths) return `${formatDate(start)} – ${formatDate(end)}`;
  const months = (e.getUTCFullYear() - s.getUTCFullYear()) * 12 + e.getUTCMonth() - s.getUTCMonth() + 1;
  if (months === 1) return MONTH(s, true);
  if (months === 3 && s.getUTCMonth() % 3 === 0) return `Q${s.getUTCMonth() / 3 + 1} ${s.getUTCFullYear()}`;
  if (months === 12 && s.getUTCMonth() === 0) return String(s.getUTCFullYear());
  return `${MONTH(s, s.getUTCFullYear() !== e.getUTCFullYear())} – ${MONTH(e, true)}`;
}

/**
 * The UTC day `months` calendar months before `day` (yyyy-mm-dd), clamped to the month's last
 * day: 2027-05-31 minus 3 months is 2027-02-28, not 3 March.
 */
export function dayMonthsBefore(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const target = m - 1 - months;
  const lastDay = new Date(Date.UTC(y, target + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, target, Math.min(d, lastDay))).toISOString().slice(0, 10);
}

/** Whether an ISO date (yyyy-mm-dd or date-time) is before today. */
export function isPast(iso: string | null | undefined, now: Date = new Date()): boolean {
  if (!iso) return false;
  const d = new Date(iso.length === 10 ? iso + 'T23:59:59Z' : iso);
  return d.getTime() < now.getTime();
}
