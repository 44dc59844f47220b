import { describe, expect, it } from 'vitest';
import { objective } from './map-fixtures';
import { buildTree, type MapInitiative, type MapKpi, type MapObjective } from './plan-graph';
import { buildFullXMatrix, drawnPart, X_LIMITS } from './x-matrix';

const kpi = (id: string): MapKpi => ({
  id,
  name: id,
  health: 'ON_TRACK',
  unitOfMeasure: '%',
  target: 1,
  stale: false,
  latest: null,
});
const o = (id: string, parent: string | null, kpis: MapKpi[] = []): MapObjective =>
  objective(id, parent, { kpis });
const init = (id: string, objective: string, owner: string, kpis: string[]): MapInitiative => ({
  id,
  title: id,
  health: 'ON_TRACK',
  status: 'ACTIVE',
  owner: { id: owner, name: owner },
  kpis: kpis.map((k) => ({ id: k })),
  objectives: [{ id: objective }],
});

describe('drawnPart', () => {
  it('draws a small matrix whole', () => {
    const objectives = [o('b', null, [kpi('k1')]), o('a1', 'b', [kpi('k2')])];
    const x = buildFullXMatrix(buildTree(objectives), [init('i1', 'a1', 'ann', ['k2'])]);
    const part = drawnPart(x);
    expect(part.left).toEqual({ breakthrough: 0, annual: 0, priorities: 0, targets: 0 });
    expect(part.priorities.map((p) => p.id)).toEqual(['i1']);
    expect(part.targets.map((t) => t.id).sort()).toEqual(['k1', 'k2']);
    expect(part.owners.map((p) => p.id)).toEqual(['ann']);
  });
  it('draws at most the limits of a large plan, says how many are left, and lists only the drawn priorities’ owners', () => {
    const objectives: MapObjective[] = [];
    for (let b = 0; b < 20; b++) {
      objectives.push(o(`b${b}`, null, [kpi(`kb${b}`)]));
      for (let a = 0; a < 5; a++) objectives.push(o(`a${b}.${a}`, `b${b}`, [kpi(`ka${b}.${a}`)]));
    }
    const initiatives = Array.from({ length: 500 }, (_, i) =>
      init(`i${i}`, `a${i % 20}.${i % 5}`, `owner${i}`, [`ka${i % 20}.${i % 5}`]),
    );
    const x = buildFullXMatrix(buildTree(objectives), initiatives);
    const part = drawnPart(x);
    expect(part.breakthrough).toHaveLength(X_LIMITS.breakthrough);
    expect(part.annual).toHaveLength(X_LIMITS.annual);
    expect(part.priorities).toHaveLength(X_LIMITS.priorities);
    expect(part.targets).toHaveLength(X_LIMITS.targets);
    expect(part.left).toEqual({
      breakthrough: 20 - X_LIMITS.breakthrough,
      annual: 100 - X_LIMITS.annual,
      priorities: 500 - X_LIMITS.priorities,
      targets: 120 - X_LIMITS.targets,
    });
    expect(part.owners.map((p) => p.id).sort()).toEqual(part.priorities.map((p) => p.owner.id).sort());
  });
});
