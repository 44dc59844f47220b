import { describe, expect, it } from 'vitest';
import { buildTree, byPerspective, type MapObjective } from './plan-graph';

const o = (id: string, parent: string | null, extra: Partial<MapObjective> = {}): MapObjective => ({
  id,
  title: id,
  health: 'ON_TRACK',
  perspective: null,
  position: 0,
  parent: parent ? { id: parent } : null,
  unit: { id: 'u', name: 'U' },
  owner: { id: 'p', name: 'P' },
  kpis: [],
  initiatives: [],
  ...extra,
});

describe('strategy map', () => {
  it('builds the tree; an objective whose parent is invisible becomes a root', () => {
    const roots = buildTree([o('a', null), o('b', 'a'), o('c', 'hidden')]);
    expect(roots.map((r) => r.id).sort()).toEqual(['a', 'c']);
    expect(roots.find((r) => r.id === 'a')!.children[0].depth).toBe(1);
  });
  it('groups roots by perspective in scorecard order', () => {
    const all = [
      o('f', null, { perspective: 'FINANCIAL' }),
      o('l', null, { perspective: 'LEARNING_GROWTH' }),
    ];
    expect(byPerspective(buildTree(all), all).map((g) => [g.perspective, g.objectives.length])).toEqual([
      ['FINANCIAL', 1],
      ['CUSTOMER', 0],
      ['INTERNAL_PROCESS', 0],
      ['LEARNING_GROWTH', 1],
    ]);
  });
});
