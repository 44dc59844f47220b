/**
 * A KPI's quarterly targets and its measurement history for a given `now`: pure, deterministic
 * (a seeded PRNG per KPI, keyed by its name, so adding a KPI does not change the others' numbers).
 */
import { Direction, type Frequency, type Health } from '@throughline/shared';
import { calendarFor, DAY, measurementTimes, ymd, type Calendar } from './calendar.js';
import { STORY, type KpiSpec, type Shape } from './story/story.js';

/** A KPI's targets and measurements for a given `now`, as the seed writes them. */
export interface DemoKpiSeries {
  name: string;
  direction: Direction;
  frequency: Frequency;
  /** Health the story needs for the newest measurement, whatever `now` is (absent: not pinned). */
  expect: Health | null;
  stale: boolean;
  targets: { periodStart: string; periodEnd: string; target: number; amber: number; red: number }[];
  measurements: { at: Date; value: number; note: string | null; source: string | null; byOwner: boolean }[];
}

/** mulberry32: small, fast, good enough for demo noise; deterministic per seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a: a stable seed per name. */
export function seedOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Bounded, roughly normal noise with standard deviation 1 (sum of three uniforms, within ±3). */
const noise = (rng: () => number) => (rng() + rng() + rng() - 1.5) * 2;

export const round = (v: number, decimals: number) => {
  const f = 10 ** decimals;
  return Math.round(v * f) / f;
};

const shapeOf = (shape: Shape | undefined, x: number) =>
  shape === 'late' ? x * x : shape === 'early' ? 1 - (1 - x) * (1 - x) : x;

/** Targets of the quarters after the current one as first set, before a later re-phase (story/later-changes.json) moved them. */
const futureTargetBump = (name: string) =>
  -STORY.laterChanges
    .filter((c) => c.subject === name && c.rephaseFutureTargets)
    .reduce((sum, c) => sum + c.rephaseFutureTargets!, 0);

export function seriesOf(spec: KpiSpec, cal: Calendar): DemoKpiSeries {
  const rng = mulberry32(seedOf(spec.name));
  const sign = spec.direction === Direction.HIGHER_IS_BETTER ? -1 : 1; // worse-ward
  const bump = futureTargetBump(spec.name);
  const targets = cal.quarters.map((q) => {
    const t = round(
      Math.max(spec.targetMin ?? -Infinity, spec.target + spec.step * q.k) + (q.k > 0 ? bump : 0),
      4,
    );
    const gap = (g: number) => (spec.ratioBands ? g * t : g);
    return {
      periodStart: ymd(q.start),
      periodEnd: ymd(new Date(q.end.getTime() - DAY)),
      target: t,
      amber: round(t + sign * gap(spec.amber), 4),
      red: round(t + sign * gap(spec.red), 4),
      start: q.start,
      end: q.end,
    };
  });
  const targetAt = (d: Date) => targets.find((t) => t.start <= d && d < t.end) ?? targets[targets.length - 1];

  const start = spec.sinceDays ? cal.at(-spec.sinceDays, 0) : cal.historyStart;
  const until = spec.staleDays ? new Date(cal.now.getTime() - spec.staleDays * DAY) : cal.now;
  const times = measurementTimes(spec.frequency, start, until);
  const span = cal.now.getTime() - start.getTime();
  const values = times.map((at) => {
    const x = Math.min(1, Math.max(0, (at.getTime() - start.getTime()) / span));
    const base = spec.from + (spec.to - spec.from) * shapeOf(spec.shape, x);
    let v = spec.relative
      ? targetAt(at).target * (base + spec.noise * noise(rng))
      : base + spec.noise * noise(rng);
    if (spec.min !== undefined) v = Math.max(spec.min, v);
    if (spec.max !== undefined) v = Math.min(spec.max, v);
    return round(v, spec.decimals);
  });
  if (spec.declineTail) {
    const unit = 10 ** -spec.decimals;
    for (let i = Math.max(1, values.length - spec.declineTail); i < values.length; i++) {
      const worse = sign < 0 ? values[i] < values[i - 1] : values[i] > values[i - 1];
      if (!worse) values[i] = round(values[i - 1] + sign * unit * (1 + Math.floor(rng() * 3)), spec.decimals);
    }
  }
  const measurements = times.map((at, i) => {
    const fromEnd = times.length - 1 - i;
    const partnerFed =
      spec.source &&
      (spec.source.sinceDays === undefined ||
        at.getTime() >= cal.now.getTime() - spec.source.sinceDays * DAY);
    return {
      at,
      value: values[i],
      note: spec.notes?.[fromEnd] ?? null,
      source: partnerFed ? spec.source!.name : null,
      byOwner: !partnerFed,
    };
  });
  return {
    name: spec.name,
    direction: spec.direction,
    frequency: spec.frequency,
    expect: spec.expect ?? null,
    stale: !!spec.staleDays,
    targets: targets.map(({ periodStart, periodEnd, target, amber, red }) => ({
      periodStart,
      periodEnd,
      target,
      amber,
      red,
    })),
    measurements,
  };
}

/**
 * Every KPI's targets and measurements for `now`, exactly as the seed writes them (before
 * the later target re-phase). Pure: lets tests check the story for any `now` without a database.
 */
export function demoKpiSeries(now: Date): DemoKpiSeries[] {
  const cal = calendarFor(now);
  return STORY.kpis.map((k) => seriesOf(k, cal));
}
