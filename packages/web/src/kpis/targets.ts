import { validateThresholds, type Direction } from '@throughline/shared';

/** A KPI's target for one period, as the targets card lists it. */
export interface PeriodTarget {
  id: string;
  periodStart: string;
  periodEnd: string;
  target: number;
  amber: number | null;
  red: number | null;
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const utc = (s: string) => new Date(s + 'T00:00:00Z');

/** The calendar quarter (UTC) a day lies in. */
export function quarterOf(dayStr: string): { start: string; end: string } {
  const d = utc(dayStr);
  const q = Math.floor(d.getUTCMonth() / 3) * 3;
  return {
    start: day(new Date(Date.UTC(d.getUTCFullYear(), q, 1))),
    end: day(new Date(Date.UTC(d.getUTCFullYear(), q + 3, 0))),
  };
}

/**
 * The period a new target most likely is for: the quarter of `today`, or, when targets already
 * run to or past it, the days after the last one up to the end of that quarter — so the form
 * proposes the gap the plan still lacks rather than a period that overlaps one already set.
 */
export function suggestedPeriod(
  targets: readonly Pick<PeriodTarget, 'periodEnd'>[],
  today: string,
): { periodStart: string; periodEnd: string } {
  const lastEnd = targets.reduce<string | null>(
    (a, t) => (a == null || t.periodEnd > a ? t.periodEnd : a),
    null,
  );
  let start = quarterOf(today).start;
  if (lastEnd && lastEnd >= start) start = day(new Date(utc(lastEnd).getTime() + 86400_000));
  return { periodStart: start, periodEnd: quarterOf(start).end };
}

/** Client checks of a target form, with the messages beside the field at fault. */
export function validateTarget(form: {
  periodStart: string;
  periodEnd: string;
  target: string;
  amber: string;
  red: string;
  direction: string;
}): Record<string, string> {
  const errs: Record<string, string> = {};
  const num = parseAmount;
  if (!form.periodStart) errs.periodStart = 'Enter the first day of the period.';
  if (!form.periodEnd) errs.periodEnd = 'Enter the last day of the period.';
  else if (form.periodStart && form.periodEnd < form.periodStart)
    errs.periodEnd = 'The period must end on or after its first day.';
  if (form.target.trim() === '') errs.target = 'Enter the target.';
  for (const k of ['target', 'amber', 'red'] as const) {
    const v = num(form[k]);
    if (v != null && !Number.isFinite(v)) errs[k] = 'Must be a number.';
  }
  if (Object.keys(errs).length) return errs;
  // The server's own rule (one definition in @throughline/shared), on the field it blames.
  const red = num(form.red);
  const err = validateThresholds({
    direction: form.direction as Direction,
    target: num(form.target),
    amber: num(form.amber),
    red,
  });
  if (err) errs[red != null ? 'red' : 'amber'] = err;
  return errs;
}

/** A number typed in a form (decimal comma accepted), null when empty. */
export function parseAmount(s: string): number | null {
  return s.trim() === '' ? null : Number(s.trim().replace(',', '.'));
}
