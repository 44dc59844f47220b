/** An objective as the line of sight shows it, with its ancestors as far as the query reaches. */
export interface LineObjective {
  id: string;
  title: string;
  health: string;
  unit: { name: string };
  /** Absent on the last level the query asks for. */
  parent?: LineObjective | null;
}

/** One objective of the line of sight and the objectives below it that lead to the person's work. */
export interface LineNode {
  objective: LineObjective;
  children: LineNode[];
}

/**
 * The line of sight as one tree: from each company objective down to the objectives a person's
 * KPIs and initiatives are linked to. Every objective appears once, however many of the person's
 * items lead through it; roots and children keep the order in which they were first met.
 */
export function lineOfSightTree(objectives: readonly LineObjective[]): LineNode[] {
  const nodes = new Map<string, LineNode>();
  const roots: LineNode[] = [];
  const nodeOf = (o: LineObjective) => {
    let n = nodes.get(o.id);
    if (!n) {
      n = { objective: o, children: [] };
      nodes.set(o.id, n);
    }
    return n;
  };
  for (const leaf of objectives) {
    const chain: LineObjective[] = [];
    const seen = new Set<string>();
    for (
      let cur: LineObjective | null = leaf;
      cur && !seen.has(cur.id) && chain.length < 6;
      cur = cur.parent ?? null
    ) {
      seen.add(cur.id);
      chain.push(cur);
    }
    chain.reverse();
    let above: LineNode | null = null;
    for (const o of chain) {
      const known = nodes.has(o.id);
      const n = nodeOf(o);
      if (!known) (above ? above.children : roots).push(n);
      above = n;
    }
  }
  return roots;
}
