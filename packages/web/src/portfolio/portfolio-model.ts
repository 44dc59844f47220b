/** Pure functions behind the portfolio screen (grouping, capacity, sunset candidates). */

export interface PortfolioInitiative {
  id: string;
  title: string;
  status: string;
  health: string;
  budget: number | null;
  capacity: number;
  unit: { id: string; name: string };
  owner: { id: string; name: string };
  objectives: { id: string }[];
  kpis: { id: string }[];
  progress: {
    completion: number;
    deliveryHealth: string;
    impactHealth: string;
    kpisMoving: number;
    kpisTargeted: number;
    overdueMilestones: number;
  };
}

export interface PortfolioObjective {
  id: string;
  title: string;
  health: string;
  parent: { id: string } | null;
}

export interface PortfolioUnit {
  id: string;
  name: string;
  kind: string;
  parentId: string | null;
  availableCapacity: number;
}

/** Statuses that commit people (proposed work is counted: it is the either/or conversation). */
export const COMMITTING = new Set(['ACTIVE', 'PROPOSED']);

/** The root objective of each objective (an objective whose parent is not visible is its own root). */
export function rootsOf(objectives: readonly PortfolioObjective[]): Map<string, string> {
  const byId = new Map(objectives.map((o) => [o.id, o]));
  const out = new Map<string, string>();
  for (const o of objectives) {
    let cur = o;
    for (let i = 0; i < 10 && cur.parent && byId.has(cur.parent.id); i++) cur = byId.get(cur.parent.id)!;
    out.set(o.id, cur.id);
  }
  return out;
}

/**
 * Initiatives grouped under the company-level objective they support (an initiative supporting
 * several appears under each); those supporting none go to a final "No objective" group.
 */
export function groupByObjective(
  initiatives: readonly PortfolioInitiative[],
  objectives: readonly PortfolioObjective[],
) {
  const roots = rootsOf(objectives);
  const byId = new Map(objectives.map((o) => [o.id, o]));
  const groups = new Map<string, PortfolioInitiative[]>();
  const orphans: PortfolioInitiative[] = [];
  for (const i of initiatives) {
    const rootIds = new Set(i.objectives.map((o) => roots.get(o.id)).filter((x): x is string => !!x));
    if (rootIds.size === 0) orphans.push(i);
    for (const r of rootIds) groups.set(r, [...(groups.get(r) ?? []), i]);
  }
  const out = [...groups.entries()].map(([id, list]) => ({ objective: byId.get(id)!, initiatives: list }));
  return { groups: out, orphans };
}

/** Units (self and descendants) for each unit. */
function descendants(units: readonly PortfolioUnit[]): Map<string, Set<string>> {
  const children = new Map<string, string[]>();
  for (const u of units)
    if (u.parentId) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u.id]);
  const out = new Map<string, Set<string>>();
  const walk = (id: string, into: Set<string>) => {
    into.add(id);
    for (const c of children.get(id) ?? []) walk(c, into);
  };
  for (const u of units) {
    const s = new Set<string>();
    walk(u.id, s);
    out.set(u.id, s);
  }
  return out;
}

/** Committed capacity (active and proposed initiatives) against available, per department and the company. */
export function capacityByUnit(initiatives: readonly PortfolioInitiative[], units: readonly PortfolioUnit[]) {
  const below = descendants(units);
  return units
    .filter((u) => u.kind === 'DEPARTMENT' || u.kind === 'COMPANY')
    .map((u) => {
      const ids = below.get(u.id)!;
      const committed = initiatives
        .filter((i) => COMMITTING.has(i.status) && ids.has(i.unit.id))
        .reduce((s, i) => s + (i.capacity || 0), 0);
      const available = units
        .filter((x) => ids.has(x.id))
        .reduce((s, x) => s + (x.availableCapacity || 0), 0);
      return { unit: u, committed, available, over: committed > available };
    })
    .sort((a, b) =>
      a.unit.kind === 'COMPANY' ? -1 : b.unit.kind === 'COMPANY' ? 1 : a.unit.name.localeCompare(b.unit.name),
    );
}

/** Why an initiative is a sunset candidate, or null. */
export function sunsetReason(i: PortfolioInitiative): string | null {
  if (i.status === 'STOPPED') return 'Stopped: release its budget and people';
  if (i.status === 'COMPLETED') return 'Completed: close it and keep the learning';
  if (i.status === 'PAUSED') return 'Paused: restart it or stop it';
  if (i.status === 'ACTIVE' && i.objectives.length === 0) return 'Supports no objective';
  if (
    i.status === 'ACTIVE' &&
    i.progress.completion >= 0.75 &&
    i.progress.kpisTargeted > 0 &&
    i.progress.kpisMoving === 0
  )
    return 'Mostly delivered, but its KPIs are not moving';
  return null;
}
