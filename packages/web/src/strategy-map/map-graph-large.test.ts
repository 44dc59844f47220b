import { describe, expect, it } from 'vitest';
import { objective } from './map-fixtures';
import { filterChoices, filterObjectives, NO_FILTER } from './map-filter';
import { buildTree, type MapObjective } from './plan-graph';
import { buildFullXMatrix, markOf } from './x-matrix';

const o = objective;
const kpi = (id: string, name = id) => ({
  id,
  name,
  health: 'AT_RISK',
  unitOfMeasure: '%',
  target: 1,
  stale: false,
  latest: null,
});

/** A plan like the benchmarks' generated one: 10 roots × 10 × 10 objectives, five KPIs each. */
function bigPlan(): MapObjective[] {
  const out: MapObjective[] = [];
  for (let r = 0; r < 10; r++) {
    out.push(o(`r${r}`, null, { unit: { id: `u${r}`, name: `Unit ${r}` } }));
    for (let a = 0; a < 10; a++) {
      out.push(o(`r${r}a${a}`, `r${r}`, { owner: { id: `p${a}`, name: `Person ${a}` } }));
      for (let t = 0; t < 9; t++)
        out.push(
          o(`r${r}a${a}t${t}`, `r${r}a${a}`, {
            health: t === 3 ? 'OFF_TRACK' : 'ON_TRACK',
            kpis: Array.from({ length: 5 }, (_, i) =>
              kpi(`k-${r}-${a}-${t}-${i}`, `Measure ${r}.${a}.${t}.${i}`),
            ),
          }),
        );
    }
  }
  return out;
}

describe('strategy map filters on a 1,000-objective plan', () => {
  const all = bigPlan();
  it('has the size of the benchmark plan', () => {
    expect(all.length).toBe(1010);
    expect(all.reduce((n, x) => n + x.kpis.length, 0)).toBe(4500);
  });
  it('keeps every match with its ancestors, so a match shows where it sits', () => {
    const { objectives, matched } = filterObjectives(all, { ...NO_FILTER, text: 'measure 7.2.5.' });
    expect([...matched]).toEqual(['r7a2t5']);
    expect(objectives.map((x) => x.id)).toEqual(['r7', 'r7a2', 'r7a2t5']);
    const roots = buildTree(objectives);
    expect(roots.map((r) => r.id)).toEqual(['r7']);
  });
  it('filters by unit, owner and health together', () => {
    const { matched } = filterObjectives(all, { ...NO_FILTER, health: 'OFF_TRACK', unitId: 'u' });
    expect(matched.size).toBe(100);
    expect(filterObjectives(all, { ...NO_FILTER, ownerId: 'p4' }).matched.size).toBe(10);
    expect(filterObjectives(all, { ...NO_FILTER, unitId: 'u3' }).objectives.map((x) => x.id)).toEqual(['r3']);
    expect(filterObjectives(all, NO_FILTER).objectives.length).toBe(1010);
  });
  it('offers each unit and owner once, by name', () => {
    const c = filterChoices(all);
    expect(c.units.length).toBe(11);
    expect(c.owners.map((x) => x.label).slice(0, 2)).toEqual(['P', 'Person 0']);
  });
});

describe('the full X-matrix', () => {
  it('marks all four corners and the resources, initiative × KPI included', () => {
    const all = [
      o('root', null, { kpis: [kpi('k0')] }),
      o('annual', 'root'),
      o('team', 'annual', { kpis: [kpi('k')] }),
    ];
    const x = buildFullXMatrix(buildTree(all), [
      {
        id: 'i',
        title: 'I',
        health: 'ON_TRACK',
        status: 'ACTIVE',
        owner: { id: 'p', name: 'P' },
        kpis: [{ id: 'k' }],
        objectives: [{ id: 'team' }],
      },
      {
        id: 'j',
        title: 'J',
        health: 'ON_TRACK',
        status: 'ACTIVE',
        owner: { id: 'q', name: 'Q' },
        kpis: [],
        objectives: [{ id: 'annual' }],
      },
    ]);
    expect(x.annual.map((a) => a.id)).toEqual(['annual']);
    expect(x.targets.map((k) => k.id).sort()).toEqual(['k', 'k0']);
    expect(markOf(x.breakthroughAnnual, 'root', 'annual')).toBe('strong');
    expect(markOf(x.annualPriority, 'annual', 'i')).toBe('weak');
    expect(markOf(x.annualPriority, 'annual', 'j')).toBe('strong');
    expect(markOf(x.priorityTarget, 'i', 'k')).toBe('strong');
    expect(markOf(x.priorityTarget, 'j', 'k')).toBeNull();
    expect(markOf(x.breakthroughTarget, 'root', 'k0')).toBe('strong');
    expect(markOf(x.breakthroughTarget, 'root', 'k')).toBe('weak');
    expect(markOf(x.priorityOwner, 'i', 'p')).toBe('strong');
    expect(x.owners.map((p) => p.name)).toEqual(['P', 'Q']);
  });
});
