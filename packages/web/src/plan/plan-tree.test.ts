import { describe, expect, it } from 'vitest';
import { childrenByParent, NO_FILTER, subtreeIds, visibleRows, type TreeObjective } from './plan-tree';

const person = (i: number) => ({ id: `p${i % 7}`, name: `Person ${i % 7}` });
const unit = (i: number) => ({ id: `u${i % 5}`, name: `Unit ${i % 5}` });

/** A plan like the benchmarks' generated one: 10 roots, 1,000 objectives, 5 KPIs each. */
function bigPlan(): TreeObjective[] {
  const out: TreeObjective[] = [];
  for (let i = 0; i < 1000; i++)
    out.push({
      id: `o${i}`,
      title: `Objective ${i}`,
      position: 0,
      health: (['ON_TRACK', 'AT_RISK', 'OFF_TRACK', 'NO_DATA'] as const)[i % 4],
      parent: i < 10 ? null : { id: `o${Math.floor((i - 10) / 10)}` },
      owner: person(i),
      unit: unit(i),
      kpis: Array.from({ length: 5 }, (_, k) => ({ name: `KPI ${i}.${k}` })),
    });
  return out;
}

describe('plan tree', () => {
  it('orders siblings by position, then as the server listed them', () => {
    const o = (id: string, position: number, parent: string | null = null): TreeObjective => ({
      id,
      title: id,
      position,
      health: 'ON_TRACK',
      parent: parent ? { id: parent } : null,
      owner: person(0),
      unit: unit(0),
      kpis: [],
    });
    const tree = childrenByParent([o('a', 1), o('b', 0), o('c', 1), o('d', 0, 'a'), o('e', 0, 'gone')]);
    // "e" has a parent the viewer cannot see: it is a root.
    expect(tree.get(null)!.map((x) => x.id)).toEqual(['b', 'e', 'a', 'c']);
    expect(tree.get('a')!.map((x) => x.id)).toEqual(['d']);
  });

  it('walks only what is expanded: a collapsed 1,000-objective plan is its top level', () => {
    const tree = childrenByParent(bigPlan());
    const t0 = performance.now();
    const collapsed = visibleRows(tree, () => false, NO_FILTER);
    expect(performance.now() - t0).toBeLessThan(50);
    expect(collapsed.map((r) => r.objective.id)).toEqual(Array.from({ length: 10 }, (_, i) => `o${i}`));
    expect(collapsed[0]).toMatchObject({ depth: 0, childCount: 10, expanded: false, index: 0, siblings: 10 });
    const one = visibleRows(tree, (id) => id === 'o0', NO_FILTER);
    expect(one).toHaveLength(20);
    expect(one[1]).toMatchObject({ depth: 1, objective: { id: 'o10' } });
    expect(visibleRows(tree, () => true, NO_FILTER)).toHaveLength(1000);
  });

  it('filters by text (title or KPI), unit, owner and health, keeping the path to each match', () => {
    const tree = childrenByParent(bigPlan());
    // o123 sits below o11, below o0 (a parent is floor((i - 10) / 10)).
    const byText = visibleRows(tree, () => false, { ...NO_FILTER, text: 'objective 123' });
    expect(byText.map((r) => [r.objective.id, r.match])).toEqual([
      ['o0', false],
      ['o11', false],
      ['o123', true],
    ]);
    const byKpi = visibleRows(tree, () => false, { ...NO_FILTER, text: 'kpi 123.4' });
    expect(byKpi.at(-1)!.objective.id).toBe('o123');
    const red = visibleRows(tree, () => false, {
      ...NO_FILTER,
      health: 'OFF_TRACK',
      unitId: 'u2',
      ownerId: 'p3',
    });
    expect(red.length).toBeGreaterThan(0);
    for (const r of red.filter((x) => x.match))
      expect(r.objective).toMatchObject({ health: 'OFF_TRACK', unit: { id: 'u2' }, owner: { id: 'p3' } });
    expect(visibleRows(tree, () => false, { ...NO_FILTER, text: 'nothing like this' })).toEqual([]);
  });

  it('knows a subtree, so an objective is not offered as a parent below itself', () => {
    const tree = childrenByParent(bigPlan());
    const ids = subtreeIds(tree, 'o1');
    expect(ids.has('o1') && ids.has('o20') && ids.has('o210')).toBe(true);
    expect(ids.has('o0') || ids.has('o10')).toBe(false);
  });
});
