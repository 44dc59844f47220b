/**
 * Formatting shared by every screen, so numbers and dates read the same everywhere. The rules live
 * in `@throughline/shared` (format.ts, glossary.ts), which the server's texts use too; this module
 * re-exports them for the web app and adds what only screens need.
 */
export {
  compactValue,
  dueLabel,
  formatDate,
  formatDateTime,
  formatDayMonth,
  formatFixed,
  formatMoney,
  formatMonth,
  formatNumber,
  formatPeriod,
  formatTime,
  formatValue,
  formatValueAgainst,
  healthLabel,
  humanize,
  humanizeLower,
  isPast,
  perspectiveLabel,
  plural,
  relativeTime,
  THRESHOLD_LABEL,
  unitSuffix,
} from '@throughline/shared';

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
