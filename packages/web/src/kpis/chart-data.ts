import { Direction, effectiveThresholds } from '@throughline/shared';

/** A KPI target period as the API returns it. */
export interface TargetPeriod {
  periodStart: string;
  periodEnd: string;
  target: number;
  amber: number | null;
  red: number | null;
}

/** One point of the trend chart. `t` is epoch ms. */
export interface ChartPoint {
  t: number;
  value: number | null;
  target: number | null;
}

/** A coloured band behind the line: the amber or red zone of one target period. */
export interface Band {
  key: string;
  x1: number;
  x2: number;
  y1: number;
  y2: number;
  tone: 'amber' | 'red';
}

/** A round tick step (1, 2, 2.5 or 5 × 10^n) near `raw`, so axes read 20, 40, 60 rather than 23.4, 46.8. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const f = raw / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * p;
}

const day = (iso: string, endOfDay = false) =>
  new Date(iso + (endOfDay ? 'T23:59:59.999Z' : 'T00:00:00Z')).getTime();

/** The target period in force at `t`, if any. */
export function targetAt(targets: readonly TargetPeriod[], t: number): TargetPeriod | null {
  for (const p of targets) if (t >= day(p.periodStart) && t <= day(p.periodEnd, true)) return p;
  return null;
}

/**
 * Builds the chart: points oldest first (measurements come newest first), the target in force
 * at each point, a y-domain that shows values, targets and thresholds, and the amber/red bands
 * per target period (computed with the same defaults `kpiHealth` uses, so the picture and the
 * status never disagree).
 */
export function buildChart(input: {
  measurements: readonly { at: string; value: number }[];
  targets: readonly TargetPeriod[];
  direction: Direction | string;
}) {
  const direction = input.direction as Direction;
  const points: ChartPoint[] = [...input.measurements]
    .map((m) => ({ t: new Date(m.at).getTime(), value: m.value, target: null as number | null }))
    .filter((p) => Number.isFinite(p.t))
    .sort((a, b) => a.t - b.t);
  for (const p of points) p.target = targetAt(input.targets, p.t)?.target ?? null;

  const first = points[0]?.t ?? Date.now();
  const last = points[points.length - 1]?.t ?? Date.now();
  const visible = input.targets.filter((p) => day(p.periodEnd, true) >= first && day(p.periodStart) <= last);

  const ys: number[] = points.map((p) => p.value!).filter(Number.isFinite);
  const limits = visible.map((p) => ({
    p,
    th: effectiveThresholds({ direction, target: p.target, amber: p.amber, red: p.red }),
  }));
  for (const { p, th } of limits) {
    ys.push(p.target);
    if (th) ys.push(th.amber, th.red);
  }
  let lo = ys.length ? Math.min(...ys) : 0;
  let hi = ys.length ? Math.max(...ys) : 1;
  const pad = (hi - lo || Math.abs(hi) || 1) * 0.08;
  const step = niceStep((hi - lo + 2 * pad) / 5);
  const allPositive = lo >= 0;
  lo = Math.floor((lo - pad) / step) * step;
  hi = Math.ceil((hi + pad) / step) * step;
  if (lo < 0 && allPositive) lo = 0;

  const bands: Band[] = [];
  for (const { p, th } of limits) {
    if (!th) continue;
    const x1 = Math.max(day(p.periodStart), first);
    const x2 = Math.min(day(p.periodEnd, true), last);
    if (x2 < x1) continue;
    if (direction === Direction.HIGHER_IS_BETTER) {
      if (th.amber > th.red)
        bands.push({ key: p.periodStart + 'a', x1, x2, y1: th.red, y2: th.amber, tone: 'amber' });
      bands.push({ key: p.periodStart + 'r', x1, x2, y1: lo, y2: th.red, tone: 'red' });
    } else {
      if (th.red > th.amber)
        bands.push({ key: p.periodStart + 'a', x1, x2, y1: th.amber, y2: th.red, tone: 'amber' });
      bands.push({ key: p.periodStart + 'r', x1, x2, y1: th.red, y2: hi, tone: 'red' });
    }
  }
  return { points, bands, domain: [lo, hi] as [number, number], span: [first, last] as [number, number] };
}

/**
 * Client-side check of a measurement before it is sent (the server checks again). Returns
 * errors by field name, empty when the input is fine.
 */
export function validateMeasurement(
  input: { value: string; at: string; note: string },
  now = new Date(),
): Record<string, string> {
  const errors: Record<string, string> = {};
  const v = input.value.trim().replace(',', '.');
  if (v === '') errors.value = 'Enter a value.';
  else if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(v) || !Number.isFinite(Number(v)))
    errors.value = 'The value must be a number, like 92.5.';
  const at = new Date(input.at);
  if (!input.at) errors.at = 'Enter the date the value is for.';
  else if (Number.isNaN(at.getTime())) errors.at = 'This is not a valid date.';
  else if (at.getTime() > now.getTime() + 86_400_000)
    errors.at = 'The date is more than a day in the future.';
  if (input.note.length > 2000) errors.note = 'Keep the note under 2,000 characters.';
  return errors;
}
