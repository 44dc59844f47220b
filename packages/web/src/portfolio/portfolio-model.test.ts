import { describe, expect, it } from 'vitest';
import { capacityByUnit, groupByObjective, sunsetReason, type PortfolioInitiative } from './portfolio-model';

const init = (over: Partial<PortfolioInitiative>): PortfolioInitiative => ({
  id: 'i',
  title: 'x',
  status: 'ACTIVE',
  health: 'ON_TRACK',
  budget: 0,
  capacity: 1,
  unit: { id: 'ops', name: 'Operations' },
  owner: { id: 'p', name: 'P' },
  objectives: [],
  kpis: [],
  progress: {
    completion: 0,
    deliveryHealth: 'NO_DATA',
    impactHealth: 'NO_DATA',
    kpisMoving: 0,
    kpisTargeted: 0,
    overdueMilestones: 0,
  },
  ...over,
});

describe('portfolio', () => {
  it('groups initiatives under their company objective, orphans apart', () => {
    const objectives = [
      { id: 'c', title: 'Company', health: 'AT_RISK', parent: null },
      { id: 'd', title: 'Dept', health: 'AT_RISK', parent: { id: 'c' } },
    ];
    const { groups, orphans } = groupByObjective(
      [init({ id: 'a', objectives: [{ id: 'd' }] }), init({ id: 'b' })],
      objectives,
    );
    expect(groups.map((g) => [g.objective.id, g.initiatives.map((i) => i.id)])).toEqual([['c', ['a']]]);
    expect(orphans.map((i) => i.id)).toEqual(['b']);
  });
  it('counts committed capacity of a department and its teams against what they have', () => {
    const units = [
      { id: 'co', name: 'Co', kind: 'COMPANY', parentId: null, availableCapacity: 2 },
      { id: 'ops', name: 'Operations', kind: 'DEPARTMENT', parentId: 'co', availableCapacity: 3 },
      { id: 'qc', name: 'QC', kind: 'TEAM', parentId: 'ops', availableCapacity: 1 },
    ];
    const rows = capacityByUnit(
      [
        init({ capacity: 3, unit: { id: 'qc', name: 'QC' } }),
        init({ capacity: 2 }),
        init({ capacity: 9, status: 'COMPLETED' }),
      ],
      units,
    );
    expect(rows.find((r) => r.unit.id === 'ops')).toMatchObject({ committed: 5, available: 4, over: true });
    expect(rows.find((r) => r.unit.id === 'co')).toMatchObject({ committed: 5, available: 6, over: false });
  });
  it('lists stopped, completed, paused and orphan work for sunsetting', () => {
    expect(sunsetReason(init({ status: 'PAUSED', objectives: [{ id: 'o' }] }))).toMatch(/Paused/);
    expect(sunsetReason(init({ status: 'ACTIVE' }))).toMatch(/no objective/);
    expect(sunsetReason(init({ status: 'ACTIVE', objectives: [{ id: 'o' }] }))).toBeNull();
  });
});
