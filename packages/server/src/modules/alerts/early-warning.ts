import { Direction, Frequency, Health, kpiHealth, periodContaining } from '@throughline/shared';

/**
 * Early-warning statistics over a KPI's history (pure, deterministic): the series is one value per
 * period (the latest of each), oldest first — the same series the decline rule reads.
 */

/** Values the forecast fits a line through. */
export const FORECAST_WINDOW = 6;
/** Periods ahead the forecast looks. */
export const FORECAST_PERIODS = 2;
/** Values before the latest one the outlier rule needs at least. */
export const OUTLIER_MIN_HISTORY = 6;
/** How far (in standard deviations) from the mean of the history the latest value must be. */
export const OUTLIER_SIGMAS = 3;

/** Least-squares line through (0, ys[0]) … (n-1, ys[n-1]). */
export function leastSquares(ys: readonly number[]): { slope: number; intercept: number } {
  const n = ys.length;
  if (n === 0) return { slope: 0, intercept: 0 };
  const meanX = (n - 1) / 2;
  const meanY = ys.reduce((a, y) => a + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  ys.forEach((y, x) => {
    sxy += (x - meanX) * (y - meanY);
    sxx += (x - meanX) ** 2;
  });
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { slope, intercept: meanY - slope * meanX };
}

/**
 * The values the line through the last FORECAST_WINDOW values forecasts for the next
 * FORECAST_PERIODS periods; null when there are fewer values than the window.
 */
export function forecastNext(series: readonly number[]): number[] | null {
  if (series.length < FORECAST_WINDOW) return null;
  const ys = series.slice(-FORECAST_WINDOW);
  const { slope, intercept } = leastSquares(ys);
  return Array.from({ length: FORECAST_PERIODS }, (_, i) => intercept + slope * (FORECAST_WINDOW + i));
}

/** Mean and sample standard deviation (n − 1). */
export function meanAndDeviation(xs: readonly number[]): { mean: number; sd: number } {
  const n = xs.length;
  const mean = xs.reduce((a, x) => a + x, 0) / n;
  const sd = n > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, sd };
}

/**
 * The outlier rule: the latest value against the mean of every value before it (at least
 * OUTLIER_MIN_HISTORY). A history without spread (standard deviation 0) judges nothing: "three
 * standard deviations" has no meaning there.
 */
export function outlier(series: readonly number[]): {
  active: boolean;
  latest: number;
  mean: number;
  sd: number;
  sigmas: number;
  history: number;
} | null {
  if (series.length < OUTLIER_MIN_HISTORY + 1) return null;
  const history = series.slice(0, -1);
  const latest = series[series.length - 1];
  const { mean, sd } = meanAndDeviation(history);
  if (!(sd > 0)) return null;
  const sigmas = Math.abs(latest - mean) / sd;
  return { active: sigmas > OUTLIER_SIGMAS, latest, mean, sd, sigmas, history: history.length };
}

/** The thresholds of a future period, as the health rule reads them. */
export interface PeriodTarget {
  target: number | null;
  amber: number | null;
  red: number | null;
}

/**
 * The forecast rule: while the KPI is not red, does the trend of its last values reach red within
 * the next two periods? Each forecast value is judged against the target of the period it falls in
 * (`targetOf`). Returns the first red forecast (its value, period and that period's thresholds).
 */
export function forecastRed(input: {
  series: readonly number[];
  direction: Direction;
  currentHealth: Health;
  frequency: Frequency;
  /** Start of the period of the latest value. */
  latestPeriodStart: Date;
  targetOf: (periodStart: Date) => PeriodTarget | null;
}): { value: number; periodStart: Date; target: PeriodTarget } | null {
  if (input.currentHealth === Health.OFF_TRACK || input.currentHealth === Health.NO_DATA) return null;
  const forecast = forecastNext(input.series);
  if (!forecast) return null;
  let period = periodContaining(input.latestPeriodStart, input.frequency);
  for (const value of forecast) {
    period = periodContaining(period.end, input.frequency);
    const target = input.targetOf(period.start);
    if (!target) continue;
    const health = kpiHealth({ direction: input.direction, value, ...target });
    if (health === Health.OFF_TRACK) return { value, periodStart: period.start, target };
  }
  return null;
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

/** "March 2027", "Q1 2027", "the week of 8 Mar 2027" (UTC periods). */
export function periodText(start: Date, frequency: Frequency): string {
  const y = start.getUTCFullYear();
  if (frequency === Frequency.MONTHLY) return `${MONTHS[start.getUTCMonth()]} ${y}`;
  if (frequency === Frequency.QUARTERLY) return `Q${Math.floor(start.getUTCMonth() / 3) + 1} ${y}`;
  return `the week of ${start.getUTCDate()} ${MONTHS[start.getUTCMonth()].slice(0, 3)} ${y}`;
}
