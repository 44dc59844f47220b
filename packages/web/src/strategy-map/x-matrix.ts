/**
 * The Hoshin Kanri X-matrix as the method draws it: breakthrough objectives (south), annual
 * objectives (west), improvement priorities (north: initiatives), targets to improve (east: KPIs),
 * and resources (far east: who owns each priority), with a correlation mark in each corner.
 */
import type { MapInitiative, MapKpi, TreeNode } from './plan-graph';

/** Strong: a direct link. Weak: through a cascaded objective below. */
export type Mark = 'strong' | 'weak';

export interface XMatrixFull {
  breakthrough: TreeNode[];
  annual: TreeNode[];
  priorities: MapInitiative[];
  targets: MapKpi[];
  owners: { id: string; name: string }[];
  /** breakthrough id | annual id (south-west) */
  breakthroughAnnual: Map<string, Mark>;
  /** annual id | initiative id (north-west) */
  annualPriority: Map<string, Mark>;
  /** initiative id | kpi id (north-east): the initiative↔KPI links */
  priorityTarget: Map<string, Mark>;
  /** breakthrough id | kpi id (south-east) */
  breakthroughTarget: Map<string, Mark>;
  /** initiative id | person id (resources) */
  priorityOwner: Map<string, Mark>;
}

const key = (a: string, b: string) => `${a}|${b}`;

function below(n: TreeNode, into: Set<string> = new Set()): Set<string> {
  for (const c of n.children) {
    into.add(c.id);
    below(c, into);
  }
  return into;
}

/** Builds the full X-matrix from the objective tree and the plan's initiatives. */
export function buildFullXMatrix(
  roots: readonly TreeNode[],
  initiatives: readonly MapInitiative[],
): XMatrixFull {
  const breakthrough = [...roots];
  const annual: TreeNode[] = [];
  const breakthroughAnnual = new Map<string, Mark>();
  for (const r of roots)
    for (const a of r.children.length ? r.children : [r]) {
      if (!annual.some((x) => x.id === a.id)) annual.push(a);
      breakthroughAnnual.set(key(r.id, a.id), 'strong');
    }

  const annualPriority = new Map<string, Mark>();
  const used = new Set<string>();
  for (const a of annual) {
    const deeper = below(a);
    for (const i of initiatives) {
      const ids = i.objectives.map((o) => o.id);
      const mark: Mark | null = ids.includes(a.id)
        ? 'strong'
        : ids.some((id) => deeper.has(id))
          ? 'weak'
          : null;
      if (mark) {
        annualPriority.set(key(a.id, i.id), mark);
        used.add(i.id);
      }
    }
  }
  const priorities = initiatives.filter((i) => used.has(i.id));

  const targetsById = new Map<string, MapKpi>();
  const breakthroughTarget = new Map<string, Mark>();
  for (const r of roots) {
    for (const k of r.kpis) {
      targetsById.set(k.id, k);
      breakthroughTarget.set(key(r.id, k.id), 'strong');
    }
    const walk = (n: TreeNode) => {
      for (const k of n.kpis) {
        targetsById.set(k.id, k);
        if (!breakthroughTarget.has(key(r.id, k.id))) breakthroughTarget.set(key(r.id, k.id), 'weak');
      }
      n.children.forEach(walk);
    };
    r.children.forEach(walk);
  }
  const targets = [...targetsById.values()];

  const priorityTarget = new Map<string, Mark>();
  const priorityOwner = new Map<string, Mark>();
  const owners = new Map<string, { id: string; name: string }>();
  for (const i of priorities) {
    for (const k of i.kpis) if (targetsById.has(k.id)) priorityTarget.set(key(i.id, k.id), 'strong');
    owners.set(i.owner.id, i.owner);
    priorityOwner.set(key(i.id, i.owner.id), 'strong');
  }
  return {
    breakthrough,
    annual,
    priorities,
    targets,
    owners: [...owners.values()].sort((a, b) => a.name.localeCompare(b.name)),
    breakthroughAnnual,
    annualPriority,
    priorityTarget,
    breakthroughTarget,
    priorityOwner,
  };
}

export const markOf = (m: Map<string, Mark>, a: string, b: string): Mark | null => m.get(key(a, b)) ?? null;

/** Most rows and columns of each kind one X-matrix draws (beyond, the browser tab runs out of memory). */
export const X_LIMITS = { breakthrough: 12, annual: 30, priorities: 60, targets: 60 } as const;

/**
 * The part of an X-matrix drawn on screen: the first rows and columns of each kind up to `limits`,
 * the owners of the drawn priorities, and how many of each were left out. The method is meant for a
 * handful of each; a plan of thousands (10,000 initiatives × 5,000 KPIs would be 50 million
 * cells) is read through the map's filters, a part at a time.
 */
export function drawnPart(x: XMatrixFull, limits: typeof X_LIMITS = X_LIMITS) {
  const priorities = x.priorities.slice(0, limits.priorities);
  const owners = new Map<string, { id: string; name: string }>();
  for (const p of priorities) owners.set(p.owner.id, p.owner);
  const part = {
    breakthrough: x.breakthrough.slice(0, limits.breakthrough),
    annual: x.annual.slice(0, limits.annual),
    priorities,
    targets: x.targets.slice(0, limits.targets),
    owners: x.owners.filter((o) => owners.has(o.id)),
  };
  return {
    ...part,
    left: {
      breakthrough: x.breakthrough.length - part.breakthrough.length,
      annual: x.annual.length - part.annual.length,
      priorities: x.priorities.length - part.priorities.length,
      targets: x.targets.length - part.targets.length,
    },
  };
}
