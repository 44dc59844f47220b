import { describe, expect, it } from 'vitest';
import { objective } from './map-fixtures';
import { buildTree, byPerspective } from './plan-graph';

const o = objective;

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
