/**
 * The one way Throughline writes dates, numbers, units and plurals — on every screen and in every
 * text the server writes (agenda drafts, alert messages, briefings). One date format ("28 Nov
 * 2026"), month names of three letters ("Sep", never "Sept"), at most two decimals with trailing
 * zeros dropped ("1.9 %", never "1.90 %"), a unit on every value ("21.9 %"), and plurals that agree
 * with the number ("1 contract per month").
 *
 * Date-only values (yyyy-mm-dd: due dates, measurement days, target periods) are UTC days and read
 * the same in every zone. Instants (when something was recorded, raised, opened) are shown in the
 * viewer's time zone: the browser's own by default, or the `timeZone` passed (the server passes
 * none and gets UTC, so its text reads the same on every machine).
 */

export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Options for instants: the zone to show them in (default: the runtime's own zone). */
export interface ZoneOptions {
  timeZone?: string;
}

type DateInput = string | Date | null | undefined;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A Date from an ISO string or Date, or null when missing or malformed. */
function toDate(v: DateInput): Date | null {
  if (v === null || v === undefined || v === '') return null;
  const d = typeof v === 'string' ? new Date(DATE_ONLY.test(v) ? `${v}T00:00:00Z` : v) : v;
  return Number.isNaN(d.getTime()) ? null : d;
}

interface Parts {
  year: number;
  month: number; // 0-11
  day: number;
  hour: number;
  minute: number;
}

const partFormatters = new Map<string, Intl.DateTimeFormat>();
/** Calendar parts of an instant in a zone (numbers only: month names are ours, not the locale's). */
function partsIn(d: Date, timeZone: string | undefined): Parts {
  const key = timeZone ?? '';
  let f = partFormatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    });
    partFormatters.set(key, f);
  }
  const p: Record<string, number> = {};
  for (const x of f.formatToParts(d)) if (x.type !== 'literal') p[x.type] = Number(x.value);
  return { year: p.year, month: p.month - 1, day: p.day, hour: p.hour % 24, minute: p.minute };
}

/** Parts of a value: date-only strings are UTC days; instants are read in `timeZone`. */
function partsOf(v: DateInput, opts: ZoneOptions): Parts | null {
  const d = toDate(v);
  if (!d) return null;
  const dateOnly = typeof v === 'string' && DATE_ONLY.test(v);
  return partsIn(d, dateOnly ? 'UTC' : opts.timeZone);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "28 Nov 2026" — the one date format. "—" when missing. */
export function formatDate(v: DateInput, opts: ZoneOptions = {}): string {
  const p = partsOf(v, opts);
  return p ? `${p.day} ${MONTHS[p.month]} ${p.year}` : '—';
}

/** "28 Nov" — for places where the year is obvious (this week's feed, a chart axis). */
export function formatDayMonth(v: DateInput, opts: ZoneOptions = {}): string {
  const p = partsOf(v, opts);
  return p ? `${p.day} ${MONTHS[p.month]}` : '—';
}

/** "28 Nov 2026, 07:48" in the viewer's zone (or `opts.timeZone`). */
export function formatDateTime(v: DateInput, opts: ZoneOptions = {}): string {
  const p = partsOf(v, opts);
  return p ? `${p.day} ${MONTHS[p.month]} ${p.year}, ${pad(p.hour)}:${pad(p.minute)}` : '—';
}

/** "07:48" in the viewer's zone (or `opts.timeZone`). */
export function formatTime(v: DateInput, opts: ZoneOptions = {}): string {
  const p = partsOf(v, opts);
  return p ? `${pad(p.hour)}:${pad(p.minute)}` : '—';
}

/** "Nov 2026" */
export function formatMonth(v: DateInput, opts: ZoneOptions = {}): string {
  const p = partsOf(v, opts);
  return p ? `${MONTHS[p.month]} ${p.year}` : '—';
}

/**
 * A target period in few characters: "Q4 2026" for a calendar quarter, "Nov 2026" for a month,
 * "2027" for a calendar year, "Oct 2026 – Mar 2027" for whole months, else the two dates.
 */
export function formatPeriod(start: string | null | undefined, end: string | null | undefined): string {
  if (!start || !end) return '—';
  const s = toDate(start.slice(0, 10));
  const e = toDate(end.slice(0, 10));
  if (!s || !e) return '—';
  const nextDay = new Date(e.getTime() + 86_400_000);
  const wholeMonths = s.getUTCDate() === 1 && nextDay.getUTCDate() === 1;
  if (!wholeMonths) return `${formatDate(start.slice(0, 10))} – ${formatDate(end.slice(0, 10))}`;
  const months = (e.getUTCFullYear() - s.getUTCFullYear()) * 12 + e.getUTCMonth() - s.getUTCMonth() + 1;
  const month = (d: Date, year: boolean) => MONTHS[d.getUTCMonth()] + (year ? ` ${d.getUTCFullYear()}` : '');
  if (months === 1) return month(s, true);
  if (months === 3 && s.getUTCMonth() % 3 === 0) return `Q${s.getUTCMonth() / 3 + 1} ${s.getUTCFullYear()}`;
  if (months === 12 && s.getUTCMonth() === 0) return String(s.getUTCFullYear());
  return `${month(s, s.getUTCFullYear() !== e.getUTCFullYear())} – ${month(e, true)}`;
}

/** A review's title: "Operations monthly review — 28 Nov 2026" (the date it was held). */
export function reviewTitle(unitName: string, kindWord: string, heldOn: DateInput, opts: ZoneOptions = {}) {
  return `${unitName} ${kindWord} review — ${formatDate(heldOn, opts)}`;
}

// ---------------------------------------------------------------------------------------------
// Numbers and units

const number2 = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

const missing = (v: number | null | undefined): v is null | undefined =>
  v === null || v === undefined || !Number.isFinite(v);

/** "1,234.5", "1.9" (at most two decimals, trailing zeros dropped); "—" when missing. */
export function formatNumber(value: number | null | undefined): string {
  return missing(value) ? '—' : number2.format(value);
}

/** A fixed number of decimals, for columns that line up: "16.5", "6.0" (FTE). */
export function formatFixed(value: number | null | undefined, decimals = 1): string {
  return missing(value)
    ? '—'
    : new Intl.NumberFormat('en-GB', {
        minimumFractionDigits: decimals,
        maximumFractionDigits: decimals,
      }).format(value);
}

/** A budget in euros, compact: "€850K", "€1.2M", "€950" (written by hand: engines disagree on "k"/"K"). */
export function formatMoney(value: number | null | undefined): string {
  if (missing(value)) return '—';
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  const one = (n: number) =>
    new Intl.NumberFormat('en-GB', { maximumFractionDigits: n < 10 ? 1 : 0 }).format(n);
  if (abs >= 1e9) return `${sign}€${one(abs / 1e9)}B`;
  if (abs >= 1e6) return `${sign}€${one(abs / 1e6)}M`;
  if (abs >= 1e3) return `${sign}€${one(abs / 1e3)}K`;
  return `${sign}€${number2.format(Math.round(abs))}`;
}

/** "%" in any of the ways people type it. */
function isPercent(u: string) {
  return u === '%' || u.toLowerCase() === 'percent' || u.startsWith('% ');
}
function isEuro(u: string) {
  return u === '€' || u.toUpperCase() === 'EUR';
}

/** The singular of one English noun, for units: "contracts" → "contract", "days" → "day". */
export function singular(word: string): string {
  if (/(ss|us|is)$/i.test(word) || word.length < 3) return word;
  if (/ies$/i.test(word)) return word.slice(0, -3) + 'y';
  if (/(ches|shes|xes|sses)$/i.test(word)) return word.slice(0, -2);
  if (/s$/i.test(word)) return word.slice(0, -1);
  return word;
}

/**
 * A unit as it reads after `value`: its first word in the singular when the value is exactly one
 * ("1 contract per month", "1 day", but "2 contracts per month", "0.5 days").
 */
export function unitFor(value: number, unit: string): string {
  const u = unit.trim();
  if (Math.abs(value) !== 1 || !/^[A-Za-z]/.test(u)) return u;
  const [first, ...rest] = u.split(' ');
  return [singular(first), ...rest].join(' ');
}

/** A value with its unit: "21.9 %", "€1.2M", "14 pumps", "1 contract per month"; "—" when missing. */
export function formatValue(value: number | null | undefined, unit?: string | null): string {
  if (missing(value)) return '—';
  const u = (unit ?? '').trim();
  if (!u) return number2.format(value);
  if (isPercent(u))
    return `${number2.format(value)} %${u.length > 1 && u.startsWith('% ') ? u.slice(1) : ''}`;
  if (isEuro(u)) return formatMoney(value);
  return `${number2.format(value)} ${unitFor(value, u)}`;
}

/** "21.9 / 24.5 %": a value against a target, the unit written once at the end. */
export function formatValueAgainst(
  value: number | null | undefined,
  target: number | null | undefined,
  unit?: string | null,
): string {
  const u = (unit ?? '').trim();
  if (!u || isEuro(u)) return `${formatValue(value, u)} / ${formatValue(target, u)}`;
  return `${formatNumber(value)} / ${formatValue(target, u)}`;
}

/** A unit for a column header: " (%)", " (FTE)"; empty when there is none. */
export function unitSuffix(unit: string | null | undefined): string {
  const u = (unit ?? '').trim();
  return u ? ` (${u})` : '';
}

/** A value for tight places: the unit only when it is a symbol ("92.5%", "€1.2M"), else the bare number. */
export function compactValue(value: number | null | undefined, unit?: string | null): string {
  const u = (unit ?? '').trim();
  if (isPercent(u)) return missing(value) ? '—' : `${number2.format(value)}%`;
  if (isEuro(u)) return formatMoney(value);
  return formatNumber(value);
}

/** "1 KPI", "3 KPIs", "1 initiative", "2 people" (pass the plural when it is irregular). */
export function plural(count: number, singularWord: string, pluralWord = `${singularWord}s`): string {
  return `${formatNumber(count)} ${count === 1 ? singularWord : pluralWord}`;
}

// ---------------------------------------------------------------------------------------------
// Relative time: always from the event's own time

const DAY = 86_400_000;
const relativeUnits: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * DAY],
  ['month', 30 * DAY],
  ['week', 7 * DAY],
  ['day', DAY],
  ['hour', 3_600_000],
  ['minute', 60_000],
];
const rtf = new Intl.RelativeTimeFormat('en-GB', { numeric: 'auto' });

/** "3 days ago", "in 2 weeks", "yesterday", "just now" — from the event's own time to `now`. */
export function relativeTime(v: DateInput, now: Date = new Date()): string {
  const d = toDate(v);
  if (!d) return '—';
  const diff = d.getTime() - now.getTime();
  const abs = Math.abs(diff);
  for (const [unit, ms] of relativeUnits) if (abs >= ms) return rtf.format(Math.round(diff / ms), unit);
  return 'just now';
}

/** Whether a due day (yyyy-mm-dd, the whole UTC day counts) or instant has passed. */
export function isPast(v: DateInput, now: Date = new Date()): boolean {
  if (!v) return false;
  const d = typeof v === 'string' && DATE_ONLY.test(v) ? new Date(`${v}T23:59:59.999Z`) : toDate(v);
  return !!d && d.getTime() < now.getTime();
}

/** "overdue since 12 Oct 2026" or "due 3 Dec 2026": a due day in words, judged at `now`. */
export function dueLabel(dueDate: string | null | undefined, now: Date = new Date()): string {
  if (!dueDate) return 'no due date';
  return isPast(dueDate, now) ? `overdue since ${formatDate(dueDate)}` : `due ${formatDate(dueDate)}`;
}
