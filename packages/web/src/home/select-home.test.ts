import { describe, expect, it } from 'vitest';
import { lineOfSightTree, type LineNode } from './line-of-sight';
import { selectHome } from './select-home';

describe('selectHome', () => {
  it('gives executives the enterprise view, even when they head a unit', () => {
    expect(selectHome({ role: 'EXECUTIVE', heads: [{ id: 'u1', kind: 'COMPANY' }] })).toEqual({
      kind: 'executive',
    });
  });
  it('gives heads their unit dashboard, the department before a team', () => {
    expect(
      selectHome({
        role: 'MEMBER',
        heads: [
          { id: 't1', kind: 'TEAM' },
          { id: 'd1', kind: 'DEPARTMENT' },
        ],
      }),
    ).toEqual({ kind: 'department', unitId: 'd1' });
  });
  it('gives everyone else their own work', () => {
    expect(selectHome({ role: 'MEMBER', heads: [] })).toEqual({ kind: 'member' });
  });
});

describe('lineOfSightTree', () => {
  it('shows each objective once, from the company objective down to the linked ones', () => {
    const company = {
      id: 'c',
      title: 'Deliver on time',
      health: 'OFF_TRACK',
      unit: { name: 'Halden' },
      parent: null,
    };
    const dept = {
      id: 'd',
      title: 'Ship to plan',
      health: 'OFF_TRACK',
      unit: { name: 'Operations' },
      parent: company,
    };
    const team = {
      id: 't',
      title: 'Remove the QC bottleneck',
      health: 'OFF_TRACK',
      unit: { name: 'QC' },
      parent: dept,
    };
    const other = { id: 'o', title: 'Cut cycle time', health: 'AT_RISK', unit: { name: 'QC' }, parent: dept };
    const shape = (nodes: LineNode[]): unknown[] =>
      nodes.map((n) => (n.children.length ? { [n.objective.id]: shape(n.children) } : n.objective.id));
    // Five of the person's items lead through the same company and department objectives.
    expect(shape(lineOfSightTree([team, team, dept, other, company]))).toEqual([{ c: [{ d: ['t', 'o'] }] }]);
    expect(shape(lineOfSightTree([]))).toEqual([]);
  });
});
