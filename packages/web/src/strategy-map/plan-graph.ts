/** The plan's graph as the strategy map needs it, and the pure functions that shape it. */

export interface MapKpi {
  id: string;
  name: string;
  health: string;
  unitOfMeasure: string;
  target: number | null;
  stale: boolean;
  latest: { value: number } | null;
}

export interface MapInitiative {
  id: string;
  title: string;
  health: string;
  status: string;
  owner: { id: string; name: string };
  kpis: { id: string }[];
  objectives: { id: string }[];
}

export interface MapObjective {
  id: string;
  title: string;
  health: string;
  perspective: string | null;
  position: number;
  parent: { id: string } | null;
  unit: { id: string; name: string };
  owner: { id: string; name: string };
  kpis: MapKpi[];
  initiatives: { id: string; title: string; health: string; status: string }[];
}

/** An objective with its visible children, in position order. */
export interface TreeNode extends MapObjective {
  children: TreeNode[];
  depth: number;
}

/**
 * Builds the objective tree from the flat list. An objective whose parent is not visible to
 * the viewer becomes a root, so restricted branches simply do not appear (no dangling gaps).
 */
export function buildTree(objectives: readonly MapObjective[]): TreeNode[] {
  const nodes = new Map<string, TreeNode>(objectives.map((o) => [o.id, { ...o, children: [], depth: 0 }]));
  const roots: TreeNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.parent ? nodes.get(n.parent.id) : undefined;
    if (parent) parent.children.push(n);
    else roots.push(n);
  }
  const order = (a: TreeNode, b: TreeNode) => a.position - b.position || a.title.localeCompare(b.title);
  const walk = (list: TreeNode[], depth: number) => {
    list.sort(order);
    for (const n of list) {
      n.depth = depth;
      walk(n.children, depth + 1);
    }
  };
  walk(roots, 0);
  return roots;
}

/** Balanced Scorecard perspectives in their conventional order (cause and effect read bottom-up). */
export const PERSPECTIVES = ['FINANCIAL', 'CUSTOMER', 'INTERNAL_PROCESS', 'LEARNING_GROWTH'] as const;

/** Perspective of an objective: its own, else its nearest ancestor's (children inherit it). */
export function perspectiveOf(o: MapObjective, byId: Map<string, MapObjective>): string | null {
  let cur: MapObjective | undefined = o;
  for (let i = 0; cur && i < 10; i++) {
    if (cur.perspective) return cur.perspective;
    cur = cur.parent ? byId.get(cur.parent.id) : undefined;
  }
  return null;
}

/** Groups the root objectives by perspective (objectives without one under "Other"). */
export function byPerspective(
  roots: readonly TreeNode[],
  all: readonly MapObjective[],
): { perspective: string; objectives: TreeNode[] }[] {
  const byId = new Map(all.map((o) => [o.id, o]));
  const groups = new Map<string, TreeNode[]>();
  for (const r of roots) {
    const p = perspectiveOf(r, byId) ?? 'OTHER';
    groups.set(p, [...(groups.get(p) ?? []), r]);
  }
  const keys = [
    ...PERSPECTIVES,
    ...[...groups.keys()].filter((k) => !(PERSPECTIVES as readonly string[]).includes(k)),
  ];
  return keys
    .map((perspective) => ({ perspective, objectives: groups.get(perspective) ?? [] }))
    .filter((g) => g.objectives.length > 0 || (PERSPECTIVES as readonly string[]).includes(g.perspective));
}

/** Every KPI under a node and its descendants (deduplicated). */
export function kpisUnder(n: TreeNode): MapKpi[] {
  const out = new Map<string, MapKpi>();
  const walk = (x: TreeNode) => {
    for (const k of x.kpis) out.set(k.id, k);
    x.children.forEach(walk);
  };
  walk(n);
  return [...out.values()];
}

/** The X-matrix: breakthrough (root) objectives, annual (second-level) objectives, priorities and metrics, with their correlations. */
export interface XMatrix {
  breakthrough: TreeNode[];
  annual: (TreeNode & { rootId: string })[];
  priorities: MapInitiative[];
  metrics: MapKpi[];
  /** annual objective id → initiative ids that support it or its descendants */
  annualPriority: Set<string>;
  /** initiative id + kpi id */
  priorityMetric: Set<string>;
  /** annual objective id + kpi id (measured by it or its descendants) */
  annualMetric: Set<string>;
}

/** Builds the Hoshin Kanri X-matrix from the tree and the plan's initiatives. */
export function buildXMatrix(roots: readonly TreeNode[], initiatives: readonly MapInitiative[]): XMatrix {
  const annual: XMatrix['annual'] = [];
  const descendants = new Map<string, Set<string>>();
  const collect = (n: TreeNode, into: Set<string>) => {
    into.add(n.id);
    n.children.forEach((c) => collect(c, into));
  };
  for (const r of roots) {
    const level2 = r.children.length ? r.children : [r];
    for (const a of level2) {
      annual.push({ ...a, rootId: r.id });
      const s = new Set<string>();
      collect(a, s);
      descendants.set(a.id, s);
    }
  }
  const annualPriority = new Set<string>();
  const annualMetric = new Set<string>();
  const priorityMetric = new Set<string>();
  const used = new Set<string>();
  const metrics = new Map<string, MapKpi>();
  for (const a of annual) {
    const ids = descendants.get(a.id)!;
    const walk = (n: TreeNode) => {
      for (const k of n.kpis) {
        annualMetric.add(a.id + '|' + k.id);
        metrics.set(k.id, k);
      }
      n.children.forEach(walk);
    };
    walk(a);
    for (const i of initiatives)
      if (i.objectives.some((o) => ids.has(o.id))) {
        annualPriority.add(a.id + '|' + i.id);
        used.add(i.id);
      }
  }
  const priorities = initiatives.filter((i) => used.has(i.id));
  for (const i of priorities)
    for (const k of i.kpis) if (metrics.has(k.id)) priorityMetric.add(i.id + '|' + k.id);
  return {
    breakthrough: [...roots],
    annual,
    priorities,
    metrics: [...metrics.values()],
    annualPriority,
    priorityMetric,
    annualMetric,
  };
}
