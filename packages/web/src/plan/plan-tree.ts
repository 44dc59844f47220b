/**
 * The plan as a tree for the editor: children in sibling order, the visible rows once collapse,
 * search and filters apply — pure, so a 1,000-objective plan is tested without a browser.
 */
import type { Health } from '@throughline/shared/graphql';

/** What the tree needs of an objective. */
export interface TreeObjective {
  id: string;
  title: string;
  position: number;
  health: Health;
  parent: { id: string } | null;
  owner: { id: string; name: string };
  unit: { id: string; name: string };
  kpis: readonly { name: string }[];
}

export interface PlanFilter {
  text: string;
  unitId: string;
  ownerId: string;
  health: string;
}

export const NO_FILTER: PlanFilter = { text: '', unitId: '', ownerId: '', health: '' };

export function isFiltering(f: PlanFilter): boolean {
  return !!(f.text.trim() || f.unitId || f.ownerId || f.health);
}

/** Children by parent id (null: the roots — objectives whose parent is not visible), in sibling order. */
export function childrenByParent<T extends TreeObjective>(objectives: readonly T[]): Map<string | null, T[]> {
  const ids = new Set(objectives.map((o) => o.id));
  const index = new Map(objectives.map((o, i) => [o.id, i]));
  const out = new Map<string | null, T[]>();
  for (const o of objectives) {
    const key = o.parent && ids.has(o.parent.id) ? o.parent.id : null;
    const list = out.get(key);
    if (list) list.push(o);
    else out.set(key, [o]);
  }
  for (const list of out.values())
    list.sort((a, b) => a.position - b.position || index.get(a.id)! - index.get(b.id)!);
  return out;
}

/** Whether one objective itself matches the filter (its title or a KPI's name, unit, owner, health). */
export function matches(o: TreeObjective, f: PlanFilter): boolean {
  const text = f.text.trim().toLowerCase();
  if (
    text &&
    !o.title.toLowerCase().includes(text) &&
    !o.kpis.some((k) => k.name.toLowerCase().includes(text))
  )
    return false;
  if (f.unitId && o.unit.id !== f.unitId) return false;
  if (f.ownerId && o.owner.id !== f.ownerId) return false;
  if (f.health && o.health !== f.health) return false;
  return true;
}

/** One row of the editor's list. */
export interface TreeRow<T> {
  objective: T;
  depth: number;
  childCount: number;
  expanded: boolean;
  /** False for an ancestor shown only because something below it matches. */
  match: boolean;
  /** Its place among its (visible) siblings, for "move up/down". */
  index: number;
  siblings: number;
}

/**
 * The rows to draw, in tree order. Without a filter, a collapsed objective's subtree is not
 * walked at all (so a collapsed 1,000-objective plan costs only its top level). With a filter,
 * every matching objective shows with its ancestors, expanded.
 */
export function visibleRows<T extends TreeObjective>(
  tree: Map<string | null, T[]>,
  isExpanded: (id: string) => boolean,
  filter: PlanFilter,
): TreeRow<T>[] {
  const rows: TreeRow<T>[] = [];
  if (!isFiltering(filter)) {
    const walk = (parent: string | null, depth: number) => {
      const kids = tree.get(parent) ?? [];
      kids.forEach((o, index) => {
        const childCount = tree.get(o.id)?.length ?? 0;
        const expanded = childCount > 0 && isExpanded(o.id);
        rows.push({ objective: o, depth, childCount, expanded, match: true, index, siblings: kids.length });
        if (expanded) walk(o.id, depth + 1);
      });
    };
    walk(null, 0);
    return rows;
  }
  // Which subtrees hold a match (post-order, once per objective).
  const hit = new Map<string, boolean>();
  const mark = (o: T): boolean => {
    let any = matches(o, filter);
    for (const c of tree.get(o.id) ?? []) any = mark(c) || any;
    hit.set(o.id, any);
    return any;
  };
  for (const r of tree.get(null) ?? []) mark(r);
  const walk = (parent: string | null, depth: number) => {
    const kids = (tree.get(parent) ?? []).filter((o) => hit.get(o.id));
    kids.forEach((o, index) => {
      const childCount = tree.get(o.id)?.length ?? 0;
      rows.push({
        objective: o,
        depth,
        childCount,
        expanded: childCount > 0,
        match: matches(o, filter),
        index,
        siblings: kids.length,
      });
      walk(o.id, depth + 1);
    });
  };
  walk(null, 0);
  return rows;
}

/** The ids of every objective in a subtree (to refuse moving an objective below itself). */
export function subtreeIds(tree: Map<string | null, TreeObjective[]>, id: string): Set<string> {
  const out = new Set<string>([id]);
  const stack = [id];
  while (stack.length) {
    for (const c of tree.get(stack.pop()!) ?? []) {
      if (out.has(c.id)) continue;
      out.add(c.id);
      stack.push(c.id);
    }
  }
  return out;
}
