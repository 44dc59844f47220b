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
  /** What the viewer may do with it (absent in older callers: nothing). */
  viewerCan?: { edit: boolean };
}

/**
 * An objective as the map's first screen knows it (the outline query): no KPI values or
 * initiative details yet, only what the tree rows, the header and the search need. A full
 * `MapObjective` is one too.
 */
export interface OutlineObjective extends Omit<MapObjective, 'kpis' | 'initiatives'> {
  kpis: { id: string; name: string }[];
  initiatives: { id: string }[];
}

/** A cause-and-effect arrow between two objectives (`ObjectiveCauseLink`). */
export interface MapCauseLink {
  id: string;
  version: number;
  note: string;
  cause: { id: string };
  effect: { id: string };
  createdBy: { id: string; name: string } | null;
}

/** An objective with its visible children, in position order. */
export type TreeNode<T extends OutlineObjective = MapObjective> = T & {
  children: TreeNode<T>[];
  depth: number;
};

/**
 * Builds the objective tree from the flat list. An objective whose parent is not visible to
 * the viewer becomes a root, so restricted branches simply do not appear (no dangling gaps).
 */
export function buildTree<T extends OutlineObjective = MapObjective>(
  objectives: readonly T[],
): TreeNode<T>[] {
  const nodes = new Map<string, TreeNode<T>>(objectives.map((o) => [o.id, { ...o, children: [], depth: 0 }]));
  const roots: TreeNode<T>[] = [];
  for (const n of nodes.values()) {
    const parent = n.parent ? nodes.get(n.parent.id) : undefined;
    if (parent) parent.children.push(n);
    else roots.push(n);
  }
  const order = (a: TreeNode<T>, b: TreeNode<T>) => a.position - b.position || a.title.localeCompare(b.title);
  const walk = (list: TreeNode<T>[], depth: number) => {
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
