import { describe, expect, it } from 'vitest';
import {
  capacityRows,
  capacityScope,
  capacityText,
  groupByObjective,
  matchesSearch,
  sunsetReason,
  type PortfolioInitiative,
} from './portfolio-model';

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
  it('groups initiatives under the objectives they support (the objective page’s links), orphans apart', () => {
    const objectives = [
      { id: 'c', title: 'Company', health: 'AT_RISK', parent: null },
      { id: 'd', title: 'Dept', health: 'AT_RISK', parent: { id: 'c' } },
      { id: 'e', title: 'Other dept', health: 'ON_TRACK', parent: { id: 'c' } },
    ];
    const { groups, orphans } = groupByObjective(
      [
        init({ id: 'a', objectives: [{ id: 'd' }] }),
        init({ id: 'b' }),
        init({ id: 'x', objectives: [{ id: 'c' }, { id: 'e' }] }),
        init({ id: 'y', objectives: [{ id: 'not-in-plan' }] }),
      ],
      objectives,
    );
    expect(groups.map((g) => [g.objective.id, g.initiatives.map((i) => i.id)])).toEqual([
      ['c', ['x']],
      ['d', ['a']],
      ['e', ['x']],
    ]);
    expect(orphans.map((i) => i.id)).toEqual(['b', 'y']);
  });
  it('shows the server’s capacity, company first, and says when hidden units are left out', () => {
    const cap = (committed: number, available: number, complete = true) => ({
      committed,
      available,
      overcommitted: committed > available,
      complete,
    });
    const units = [
      {
        id: 'ops',
        name: 'Operations',
        kind: 'DEPARTMENT',
        parentId: 'co',
        availableCapacity: 6,
        capacity: cap(16.5, 12),
      },
      {
        id: 'co',
        name: 'Co',
        kind: 'COMPANY',
        parentId: null,
        availableCapacity: 5,
        capacity: cap(39.5, 44, false),
      },
      { id: 'qc', name: 'QC', kind: 'TEAM', parentId: 'ops', availableCapacity: 2, capacity: cap(5.5, 2) },
    ];
    const rows = capacityRows(units);
    expect(rows.map((r) => r.unit.id)).toEqual(['co', 'ops']);
    expect(capacityText(rows[1])).toBe('16.5 / 12.0 FTE');
    expect(capacityScope(rows[0])).toBe('visible units only');
    expect(capacityScope(rows[1])).toBeNull();
    expect(capacityText(null)).toBe('—');
  });
  it('lists stopped, completed, paused and orphan work for sunsetting', () => {
    expect(sunsetReason(init({ status: 'PAUSED', objectives: [{ id: 'o' }] }))).toMatch(/Paused/);
    expect(sunsetReason(init({ status: 'ACTIVE' }))).toMatch(/no objective/);
    expect(sunsetReason(init({ status: 'ACTIVE', objectives: [{ id: 'o' }] }))).toBeNull();
  });
});

describe('matchesSearch', () => {
  const i = init({ title: 'Changeover time halved on line 2', owner: { id: 'p', name: 'Lars Eriksen' } });
  it('matches every word, in any order and case, across title, unit and owner', () => {
    expect(matchesSearch(i, '')).toBe(true);
    expect(matchesSearch(i, '  ')).toBe(true);
    expect(matchesSearch(i, 'LINE 2')).toBe(true);
    expect(matchesSearch(i, 'operations changeover')).toBe(true);
    expect(matchesSearch(i, 'eriksen halved')).toBe(true);
  });
  it('rejects when one word is missing', () => {
    expect(matchesSearch(i, 'changeover sales')).toBe(false);
    expect(matchesSearch(i, 'line 3')).toBe(false);
  });
});
