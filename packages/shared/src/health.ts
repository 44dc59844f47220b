/**
 * Health and drift rules (product.md "Health and drift rules"). Pure functions:
 * no clock reads — callers pass `now` — so server, web and tests agree exactly.
 */
import { Direction, Frequency, Health } from './enums';

const DAY_MS = 86_400_000;

function isFiniteNumber(x: number | null | undefined): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

// ---------------------------------------------------------------------------
// KPI status
// ---------------------------------------------------------------------------

/** Input to `kpiHealth`: the latest value and the target/thresholds for its period, all on the KPI's own scale. */
export interface KpiHealthInput {
  direction: Direction;
  value: number | null;
  target: number | null;
  amber: number | null;
  red: number | null;
}

/** Input to `validateThresholds` / `effectiveThresholds`. */
export interface ThresholdInput {
  direction: Direction;
  target: number | null;
  amber: number | null;
  red: number | null;
}

/** Amber and red limits after defaults were applied; what `kpiHealth` actually compares against. */
export interface EffectiveThresholds {
  amber: number;
  red: number;
}

/** Share of |target| between the amber and the red limit when red is not set. */
export const DEFAULT_RED_MARGIN_RATIO = 0.1;

/**
 * Amber→red gap used when the target is 0 (10 % of 0 would leave no amber band):
 * one unit of the KPI's scale, e.g. "zero incidents" turns red at the second.
 */
export const DEFAULT_RED_MARGIN_AT_ZERO_TARGET = 1;

/**
 * Fill in missing thresholds so the UI can show the bands `kpiHealth` uses.
 * Defaults: amber = target; red = amber − margin (higher is better) or
 * amber + margin (lower is better), margin = 10 % of |target|, or 1 when the
 * target is 0. Red is derived from amber (not target) so an explicit amber with
 * no red always gives a valid order. Non-finite thresholds count as missing.
 * Returns null when a default is needed but the target is missing/non-finite.
 */
export function effectiveThresholds(input: ThresholdInput): EffectiveThresholds | null {
  const { direction, target } = input;
  const hasTarget = isFiniteNumber(target);
  const amber = isFiniteNumber(input.amber) ? input.amber : hasTarget ? target : null;
  if (amber === null) return null;
  let red: number;
  if (isFiniteNumber(input.red)) {
    red = input.red;
  } else {
    if (!hasTarget) return null;
    const margin =
      target === 0 ? DEFAULT_RED_MARGIN_AT_ZERO_TARGET : DEFAULT_RED_MARGIN_RATIO * Math.abs(target);
    red = direction === Direction.HIGHER_IS_BETTER ? amber - margin : amber + margin;
  }
  return { amber, red };
}

/**
 * Status of a KPI from its latest value, so dashboards and drift alerts agree.
 * NO_DATA when the value or target is missing or non-finite (NaN, ±Infinity).
 * Higher is better: value ≥ amber → ON_TRACK; red ≤ value < amber → AT_RISK;
 * value < red → OFF_TRACK. Lower is better is the mirror image. A value exactly
 * on a threshold gets the better band. Missing thresholds: see `effectiveThresholds`.
 * If thresholds are out of order (see `validateThresholds`) the amber band is
 * empty: values short of amber go straight to OFF_TRACK.
 */
export function kpiHealth(input: KpiHealthInput): Health {
  const { direction, value, target } = input;
  if (!isFiniteNumber(value) || !isFiniteNumber(target)) return Health.NO_DATA;
  const t = effectiveThresholds(input);
  if (!t) return Health.NO_DATA;
  if (direction === Direction.HIGHER_IS_BETTER) {
    if (value >= t.amber) return Health.ON_TRACK;
    if (value >= t.red) return Health.AT_RISK;
    return Health.OFF_TRACK;
  }
  if (value <= t.amber) return Health.ON_TRACK;
  if (value <= t.red) return Health.AT_RISK;
  return Health.OFF_TRACK;
}

/**
 * Check threshold order before saving a KPI, so a user cannot create bands that
 * make no sense. Checks the effective values (defaults applied), so an explicit
 * red on the wrong side of the default amber (= target) is caught too.
 * Returns a human-readable error message, or null when valid.
 */
export function validateThresholds(input: ThresholdInput): string | null {
  const { direction, target, amber, red } = input;
  for (const [name, v] of [
    ['target', target],
    ['amber threshold', amber],
    ['red threshold', red],
  ] as const) {
    if (v !== null && !Number.isFinite(v)) return `The ${name} must be a finite number.`;
  }
  const t = effectiveThresholds(input);
  if (!t) return null; // nothing to compare until a target or both thresholds exist
  if (direction === Direction.HIGHER_IS_BETTER && t.red > t.amber) {
    return `When higher is better, the red threshold (${t.red}) must be at or below the amber threshold (${t.amber}).`;
  }
  if (direction === Direction.LOWER_IS_BETTER && t.red < t.amber) {
    return `When lower is better, the red threshold (${t.red}) must be at or above the amber threshold (${t.amber}).`;
  }
  return null;
}

// ---------------------------------------------------------------------------
// Staleness and trend
// ---------------------------------------------------------------------------

/** Oldest a KPI's latest measurement may be, per frequency, before it counts as stale (a little slack over the period). */
export const MAX_MEASUREMENT_AGE_DAYS: Readonly<Record<Frequency, number>> = {
  [Frequency.WEEKLY]: 10,
  [Frequency.MONTHLY]: 38,
  [Frequency.QUARTERLY]: 100,
};

/**
 * Whether a KPI's latest measurement is older than its frequency allows (drift
 * rule "a measurement is stale"). Exactly at the maximum age is not stale; one
 * millisecond more is. No measurement → false: that is NO_DATA, not staleness.
 */
export function isStale(input: { frequency: Frequency; latestAt: Date | null; now: Date }): boolean {
  const { frequency, latestAt, now } = input;
  if (latestAt === null) return false;
  return now.getTime() - latestAt.getTime() > MAX_MEASUREMENT_AGE_DAYS[frequency] * DAY_MS;
}

/** Consecutive declining periods at which the "declines several periods in a row" drift alert fires. */
export const DECLINE_ALERT_PERIODS = 3;

/** Result of `kpiTrend`. */
export interface KpiTrend {
  /** How many consecutive period-to-period steps at the end got strictly worse. */
  decliningPeriods: number;
}

/**
 * Count how many consecutive periods at the end got worse than the period
 * before (values oldest → newest), for the decline drift rule: alert when
 * `decliningPeriods >= DECLINE_ALERT_PERIODS`. "Worse" is strict (equal breaks
 * the run) and follows the direction. A non-finite value also breaks the run.
 * [10, 9, 8, 7] higher-is-better → 3.
 */
export function kpiTrend(values: readonly number[], direction: Direction): KpiTrend {
  let declining = 0;
  for (let i = values.length - 1; i >= 1; i--) {
    const cur = values[i];
    const prev = values[i - 1];
    if (!Number.isFinite(cur) || !Number.isFinite(prev)) break;
    const worse = direction === Direction.HIGHER_IS_BETTER ? cur < prev : cur > prev;
    if (!worse) break;
    declining++;
  }
  return { decliningPeriods: declining };
}

// ---------------------------------------------------------------------------
// Roll-up
// ---------------------------------------------------------------------------

/**
 * How bad each health is, for sorting and for `worseHealth`. Higher = worse;
 * NO_DATA is 0 so it never wins over a real rating.
 */
export const HEALTH_SEVERITY: Readonly<Record<Health, number>> = {
  [Health.NO_DATA]: 0,
  [Health.ON_TRACK]: 1,
  [Health.AT_RISK]: 2,
  [Health.OFF_TRACK]: 3,
};

/** The worse of two healths, ignoring NO_DATA (both NO_DATA → NO_DATA); combines independent signals. */
export function worseHealth(a: Health, b: Health): Health {
  return HEALTH_SEVERITY[b] > HEALTH_SEVERITY[a] ? b : a;
}

/**
 * Objective health rolled up from its KPIs' and child objectives' healths.
 * Rule: drop NO_DATA; nothing left → NO_DATA. If at least one item is OFF_TRACK
 * and OFF_TRACK items are ≥ 1/3 of the rated items → OFF_TRACK. Otherwise any
 * OFF_TRACK or AT_RISK → AT_RISK. Otherwise ON_TRACK. So one red KPI among many
 * greens warns (amber) without turning the whole objective red.
 */
export function rollUpHealth(healths: readonly Health[]): Health {
  let rated = 0;
  let off = 0;
  let risk = 0;
  for (const h of healths) {
    if (h === Health.NO_DATA) continue;
    rated++;
    if (h === Health.OFF_TRACK) off++;
    else if (h === Health.AT_RISK) risk++;
  }
  if (rated === 0) return Health.NO_DATA;
  if (off > 0 && off * 3 >= rated) return Health.OFF_TRACK;
  if (off > 0 || risk > 0) return Health.AT_RISK;
  return Health.ON_TRACK;
}

// ---------------------------------------------------------------------------
// Initiatives
// ---------------------------------------------------------------------------

/** A milestone as `initiativeHealth` needs it; completedAt null means not done. */
export interface MilestoneInput {
  dueDate: Date;
  completedAt: Date | null;
}

/** Input to `initiativeHealth`. */
export interface InitiativeHealthInput {
  milestones: readonly MilestoneInput[];
  /** Current health of each KPI the initiative targets. */
  kpiHealths: readonly Health[];
  /** Per targeted KPI: did it improve over the initiative's life. */
  kpiMoving: readonly boolean[];
  now: Date;
}

/** Delivery (milestones) and impact (KPIs) of an initiative, kept apart because they are not the same thing. */
export interface InitiativeHealth {
  /** Share of milestones done, 0..1 (0 when there are none). */
  completion: number;
  /** Milestones past due (dueDate < now) and not completed. */
  overdueMilestones: number;
  /** From milestones only. */
  deliveryHealth: Health;
  /** Roll-up of the targeted KPIs' healths. */
  impactHealth: Health;
  /** Worse of delivery and impact, ignoring NO_DATA. */
  health: Health;
  /** How many targeted KPIs improved over the initiative's life (count of true in `kpiMoving`); shown beside impact, does not change it. */
  kpisMoving: number;
}

/**
 * Initiative health: delivery from milestones, impact from the KPIs it targets,
 * shown side by side. Delivery: no milestones → NO_DATA; none overdue →
 * ON_TRACK; 1 overdue → AT_RISK, unless that is ≥ 1/3 of all milestones;
 * ≥ 2 overdue or ≥ 1/3 overdue → OFF_TRACK. A milestone due exactly at `now`
 * is not overdue yet. Impact = `rollUpHealth(kpiHealths)`. Overall = worse of
 * the two ignoring NO_DATA.
 */
export function initiativeHealth(input: InitiativeHealthInput): InitiativeHealth {
  const { milestones, kpiHealths, kpiMoving, now } = input;
  const total = milestones.length;
  let done = 0;
  let overdue = 0;
  for (const m of milestones) {
    if (m.completedAt !== null) done++;
    else if (m.dueDate.getTime() < now.getTime()) overdue++;
  }
  let deliveryHealth: Health;
  if (total === 0) deliveryHealth = Health.NO_DATA;
  else if (overdue === 0) deliveryHealth = Health.ON_TRACK;
  else if (overdue >= 2 || overdue * 3 >= total) deliveryHealth = Health.OFF_TRACK;
  else deliveryHealth = Health.AT_RISK;
  const impactHealth = rollUpHealth(kpiHealths);
  return {
    completion: total === 0 ? 0 : done / total,
    overdueMilestones: overdue,
    deliveryHealth,
    impactHealth,
    health: worseHealth(deliveryHealth, impactHealth),
    kpisMoving: kpiMoving.filter(Boolean).length,
  };
}

// ---------------------------------------------------------------------------
// Periods
// ---------------------------------------------------------------------------

/** A half-open UTC time range [start, end): `end` is the first instant of the next period. */
export interface Period {
  start: Date;
  end: Date;
}

/**
 * The UTC period of the given frequency that contains `date`, used to pick the
 * target that applies to a measurement. WEEKLY = Monday 00:00 UTC to next
 * Monday; MONTHLY = calendar month; QUARTERLY = Jan/Apr/Jul/Oct quarters.
 * Half-open: `end` equals the next period's `start`. Throws on an invalid Date.
 */
export function periodContaining(date: Date, frequency: Frequency): Period {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError('periodContaining: invalid date');
  const y = date.getUTCFullYear();
  const mo = date.getUTCMonth();
  switch (frequency) {
    case Frequency.WEEKLY: {
      const daysSinceMonday = (date.getUTCDay() + 6) % 7;
      const start = new Date(Date.UTC(y, mo, date.getUTCDate() - daysSinceMonday));
      return { start, end: new Date(Date.UTC(y, mo, date.getUTCDate() - daysSinceMonday + 7)) };
    }
    case Frequency.MONTHLY:
      return { start: new Date(Date.UTC(y, mo, 1)), end: new Date(Date.UTC(y, mo + 1, 1)) };
    case Frequency.QUARTERLY: {
      const q = mo - (mo % 3);
      return { start: new Date(Date.UTC(y, q, 1)), end: new Date(Date.UTC(y, q + 3, 1)) };
    }
  }
}
