/** Pure functions behind the portfolio screen (grouping, capacity, sunset candidates). */
import type { CapacityFigure } from '../ui/capacity';

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
  availableCapacity?: number;
  capacity?: CapacityFigure | null;
}

/** Statuses that commit people (proposed work is counted: it is the either/or conversation). */
export const COMMITTING = new Set(['ACTIVE', 'PROPOSED']);

/**
 * Initiatives grouped under each objective of the plan they support — the same links the objective
 * page lists (initiative ↔ objective, not the objective's root: an initiative supporting a
 * department objective appears under that objective, not under the company objective above it).
 * An initiative supporting several objectives appears under each; groups follow the plan's order.
 * Initiatives supporting no objective of this plan go to a final "No objective" group.
 */
export function groupByObjective(
  initiatives: readonly PortfolioInitiative[],
  objectives: readonly PortfolioObjective[],
) {
  const inPlan = new Set(objectives.map((o) => o.id));
  const groups = new Map<string, PortfolioInitiative[]>();
  const orphans: PortfolioInitiative[] = [];
  for (const i of initiatives) {
    const linked = new Set(i.objectives.map((o) => o.id).filter((id) => inPlan.has(id)));
    if (linked.size === 0) orphans.push(i);
    for (const id of linked) {
      const list = groups.get(id);
      if (list) list.push(i);
      else groups.set(id, [i]);
    }
  }
  const out = objectives
    .filter((o) => groups.has(o.id))
    .map((o) => ({ objective: o, initiatives: groups.get(o.id)! }));
  return { groups: out, orphans };
}

export { capacityScope, capacityText, type CapacityFigure } from '../ui/capacity';

/** The company and its departments with their capacity (the company first, then by name). */
export function capacityRows(units: readonly PortfolioUnit[]) {
  return units
    .filter((u) => (u.kind === 'DEPARTMENT' || u.kind === 'COMPANY') && u.capacity)
    .map((u) => ({ unit: u, ...u.capacity! }))
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

/** Whether an initiative matches the portfolio's search: every word in its title, unit or owner. */
export function matchesSearch(i: PortfolioInitiative, query: string): boolean {
  const words = query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const text = `${i.title} ${i.unit.name} ${i.owner.name}`.toLocaleLowerCase();
  return words.every((w) => text.includes(w));
}
