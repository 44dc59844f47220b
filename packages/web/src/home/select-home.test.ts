import { describe, expect, it } from 'vitest';
import { lineOfSight } from './HomePage';
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

describe('lineOfSight', () => {
  it('reads each chain from the company objective down to the linked one', () => {
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
    const chains = lineOfSight([team, team, dept]);
    expect(chains.map((c) => c.map((o) => o.id))).toEqual([
      ['c', 'd', 't'],
      ['c', 'd'],
    ]);
  });
});
