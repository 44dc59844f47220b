import { Direction, Frequency, KpiKind, Perspective } from './enums';

/**
 * Reading the cells of a strategy import (objectives and KPIs from a spreadsheet), as people
 * type them. The web app uses these to check a CSV file before sending it; the server uses the
 * same functions on the rows it receives, and checks everything again itself (units, owners,
 * visibility, parents against the database).
 */

/** Most rows one sheet of an import may hold (the import is one transaction, all or nothing). */
export const MAX_IMPORT_ROWS = 2_000;

/** Longest texts an import row may hold, in characters. */
export const IMPORT_TEXT_LIMITS = {
  key: 100,
  title: 500,
  name: 500,
  unitOfMeasure: 40,
  description: 20_000,
} as const;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (2027-02-30 is not one). */
export function isDay(s: string): boolean {
  const m = DAY.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** "Higher is better", "learning & growth" → HIGHER_IS_BETTER, LEARNING_GROWTH. */
const norm = (s: string) =>
  s
    .trim()
    .toUpperCase()
    .replace(/[\s&/-]+/g, '_')
    .replace(/_+/g, '_');

/** "higher", "Higher is better", "HIGHER_IS_BETTER", "up" → the direction (null if none). */
export function parseDirection(raw: string): Direction | null {
  const s = norm(raw);
  if (['HIGHER_IS_BETTER', 'HIGHER', 'UP', 'INCREASE'].includes(s)) return Direction.HIGHER_IS_BETTER;
  if (['LOWER_IS_BETTER', 'LOWER', 'DOWN', 'DECREASE'].includes(s)) return Direction.LOWER_IS_BETTER;
  return null;
}

/** "customer", "Internal process", "Learning & Growth", "growth" → the perspective (null if none). */
export function parsePerspective(raw: string): Perspective | null {
  const s = norm(raw).replace(/_AND_/g, '_');
  if (s === 'INTERNAL' || s === 'PROCESS') return Perspective.INTERNAL_PROCESS;
  if (s === 'LEARNING' || s === 'GROWTH') return Perspective.LEARNING_GROWTH;
  return (Object.values(Perspective) as string[]).includes(s) ? (s as Perspective) : null;
}

/** "weekly", "Monthly", "QUARTERLY" → the frequency (null if none). */
export function parseFrequency(raw: string): Frequency | null {
  const s = norm(raw);
  return (Object.values(Frequency) as string[]).includes(s) ? (s as Frequency) : null;
}

/** "leading", "Lagging" → the kind (null if none). */
export function parseKind(raw: string): KpiKind | null {
  const s = norm(raw);
  return (Object.values(KpiKind) as string[]).includes(s) ? (s as KpiKind) : null;
}

/** The objective references of a KPI row's cell: keys or titles separated by `;`, `|` or new lines. */
export function splitObjectiveRefs(cell: string): string[] {
  return cell
    .split(/[;|\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The cycle through `key` among the sheet's own parents, or null: `parentOf` maps each
 * (lower-cased) key to its parent key in the sheet (null for none or a parent outside it).
 * The answer runs from `key` back to it: ['a', 'b', 'a'].
 */
export function parentCycle(key: string, parentOf: ReadonlyMap<string, string | null>): string[] | null {
  const path = [key];
  let cur = parentOf.get(key) ?? null;
  while (cur && !path.includes(cur)) {
    path.push(cur);
    cur = parentOf.get(cur) ?? null;
  }
  return cur === key ? [...path, key] : null;
}
