/** The OKR view's arithmetic: quarters of a plan, and a key result's progress from start to target. */

export interface Quarter {
  /** e.g. "2027-Q1" */
  key: string;
  label: string;
  /** First day, yyyy-mm-dd (UTC). */
  start: string;
  /** Last day, yyyy-mm-dd (UTC). */
  end: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The calendar quarter (UTC) of a yyyy-mm-dd day or an instant. */
export function quarterOf(day: string | Date): Quarter {
  const d = typeof day === 'string' ? new Date(day.slice(0, 10) + 'T00:00:00Z') : day;
  const y = d.getUTCFullYear();
  const q = Math.floor(d.getUTCMonth() / 3) + 1;
  const lastMonth = q * 3;
  const lastDay = new Date(Date.UTC(y, lastMonth, 0)).getUTCDate();
  return {
    key: `${y}-Q${q}`,
    label: `Q${q} ${y}`,
    start: `${y}-${pad(lastMonth - 2)}-01`,
    end: `${y}-${pad(lastMonth)}-${pad(lastDay)}`,
  };
}

/** Every quarter that overlaps the plan's period, in order. */
export function quartersOf(periodStart: string, periodEnd: string): Quarter[] {
  const out: Quarter[] = [];
  let q = quarterOf(periodStart);
  for (let i = 0; i < 40 && q.start <= periodEnd; i++) {
    out.push(q);
    const next = new Date(q.end + 'T00:00:00Z');
    next.setUTCDate(next.getUTCDate() + 1);
    q = quarterOf(next);
  }
  return out;
}

/** The quarter to open: the one asked for if it is the plan's, else today's, else the plan's first. */
export function chooseQuarter(quarters: readonly Quarter[], asked: string | null, now: Date): Quarter | null {
  return (
    quarters.find((q) => q.key === asked) ??
    quarters.find((q) => q.key === quarterOf(now).key) ??
    quarters[0] ??
    null
  );
}

export interface KeyResult {
  id: string;
  name: string;
  unitOfMeasure: string;
  /** Where the quarter began: the last value before it (else the KPI's baseline). */
  start: number | null;
  /** The target of a period ending inside the quarter. */
  target: number;
  /** The newest value inside the quarter (up to now). */
  current: number | null;
  /** 0..1 of the way from start to target; null when it cannot be said. */
  progress: number | null;
}

/**
 * A KPI as a key result of the quarter, from the server's numbers: null when it has no target
 * ending in the quarter, so the view never invents one.
 */
export function keyResultOf(k: {
  id: string;
  name: string;
  unitOfMeasure: string;
  keyResult: { start?: number | null; current?: number | null; target?: number | null };
}): KeyResult | null {
  const { start = null, current = null, target = null } = k.keyResult;
  if (target == null) return null;
  return {
    id: k.id,
    name: k.name,
    unitOfMeasure: k.unitOfMeasure,
    start,
    target,
    current,
    progress: progressOf(start, target, current),
  };
}

/** How far `current` has come from `start` towards `target` (either direction), clamped to 0..1. */
export function progressOf(start: number | null, target: number, current: number | null): number | null {
  if (start == null || current == null) return null;
  if (target === start)
    return current === target ? 1 : (target > 0 ? current >= target : current <= target) ? 1 : 0;
  return Math.min(1, Math.max(0, (current - start) / (target - start)));
}
