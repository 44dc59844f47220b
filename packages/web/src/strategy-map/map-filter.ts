/** Search and filters of the strategy map: which objectives match, kept with their ancestors for context. */
import type { OutlineObjective } from './plan-graph';

export interface MapFilter {
  text: string;
  unitId: string;
  ownerId: string;
  health: string;
}

export const NO_FILTER: MapFilter = { text: '', unitId: '', ownerId: '', health: '' };

export const isFiltering = (f: MapFilter) => !!(f.text.trim() || f.unitId || f.ownerId || f.health);

/** Reads the filter from the URL's search parameters (so a filtered map can be shared). */
export function filterFromSearch(search: URLSearchParams): MapFilter {
  return {
    text: search.get('q') ?? '',
    unitId: search.get('unit') ?? '',
    ownerId: search.get('owner') ?? '',
    health: search.get('health') ?? '',
  };
}

/** Writes the filter into the URL's search parameters (empty ones left out). */
export function filterToSearch(f: MapFilter, search: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(search);
  for (const [key, value] of [
    ['q', f.text],
    ['unit', f.unitId],
    ['owner', f.ownerId],
    ['health', f.health],
  ] as const)
    if (value) next.set(key, value);
    else next.delete(key);
  return next;
}

/** True when the objective itself matches: text in its title or a KPI's name, and each chosen filter. */
export function matches(o: OutlineObjective, f: MapFilter): boolean {
  if (f.unitId && o.unit.id !== f.unitId) return false;
  if (f.ownerId && o.owner.id !== f.ownerId) return false;
  if (f.health && o.health !== f.health) return false;
  const text = f.text.trim().toLowerCase();
  if (!text) return true;
  return o.title.toLowerCase().includes(text) || o.kpis.some((k) => k.name.toLowerCase().includes(text));
}

/**
 * The objectives to show: every match and its visible ancestors (so a match is seen where it sits),
 * in the given order; `matched` says which ones matched themselves.
 */
export function filterObjectives<T extends OutlineObjective>(
  all: readonly T[],
  f: MapFilter,
): { objectives: T[]; matched: ReadonlySet<string> } {
  if (!isFiltering(f)) return { objectives: [...all], matched: new Set(all.map((o) => o.id)) };
  const byId = new Map(all.map((o) => [o.id, o]));
  const matched = new Set<string>();
  const keep = new Set<string>();
  for (const o of all) {
    if (!matches(o, f)) continue;
    matched.add(o.id);
    let cur: T | undefined = o;
    for (let i = 0; cur && !keep.has(cur.id) && i < 50; i++) {
      keep.add(cur.id);
      cur = cur.parent ? byId.get(cur.parent.id) : undefined;
    }
  }
  return { objectives: all.filter((o) => keep.has(o.id)), matched };
}

/** The units and owners the plan's objectives use, by name, for the filter's choices. */
export function filterChoices(all: readonly OutlineObjective[]) {
  const units = new Map<string, string>();
  const owners = new Map<string, string>();
  for (const o of all) {
    units.set(o.unit.id, o.unit.name);
    owners.set(o.owner.id, o.owner.name);
  }
  const sorted = (m: Map<string, string>) =>
    [...m].map(([id, label]) => ({ id, label })).sort((a, b) => a.label.localeCompare(b.label));
  return { units: sorted(units), owners: sorted(owners) };
}

/** Above this many objectives the tree opens collapsed below the top level (large plans stay quick). */
export const LARGE_PLAN = 150;
/** Children shown per level before a "Show more" button. */
export const PAGE = 60;
