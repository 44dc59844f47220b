import { describe, expect, it } from 'vitest';
import { edit, outcome, scenarioState, type ScenarioInitiative, type ScenarioUnit } from './what-if-model';

const unit = (id: string, kind: string, parentId: string | null, committed: number, available: number) =>
  ({
    id,
    name: id,
    kind,
    parentId,
    capacity: { committed, available, reserve: available * 0.1, complete: true },
  }) as ScenarioUnit;

const units = [
  unit('co', 'COMPANY', null, 12, 20),
  unit('ops', 'DEPARTMENT', 'co', 10, 10),
  unit('team', 'TEAM', 'ops', 4, 4),
  unit('sales', 'DEPARTMENT', 'co', 2, 10),
];
const init = (id: string, unitId: string, status: string, capacity: number, o: string[], k: string[]) =>
  ({
    id,
    version: 3,
    title: id,
    status,
    capacity,
    unit: { id: unitId, name: unitId },
    objectives: o.map((x) => ({ id: x, title: x })),
    kpis: k.map((x) => ({ id: x, name: x })),
  }) as ScenarioInitiative;
const a = init('a', 'team', 'ACTIVE', 4, ['o1'], ['k1']);
const b = init('b', 'ops', 'PROPOSED', 6, ['o1', 'o2'], ['k2']);
const c = init('c', 'sales', 'PAUSED', 1.5, ['o3'], []);
const all = [a, b, c];

describe('what-if outcome', () => {
  it('changes nothing without edits', () => {
    const r = outcome(all, units, {});
    expect(r.freed).toBe(0);
    expect(r.changes).toEqual([]);
    expect(r.objectivesWithoutWork).toEqual([]);
    expect(r.units.map((u) => u.unit.id)).toEqual(['co', 'ops', 'sales']);
  });

  it('switching a team’s work off frees its people in the team’s department and the company', () => {
    const s = edit({}, a, { on: false });
    const r = outcome(all, units, s);
    expect(r.freed).toBe(4);
    const ops = r.units.find((u) => u.unit.id === 'ops')!;
    expect(ops).toMatchObject({ committedNow: 10, committedThen: 6, reserveLeftNow: 0, reserveLeftThen: 1 });
    expect(r.units.find((u) => u.unit.id === 'co')!.committedThen).toBe(8);
    expect(r.units.find((u) => u.unit.id === 'sales')!.committedThen).toBe(2);
    // o1 is still supported by b; k1 only by a.
    expect(r.objectivesWithoutWork).toEqual([]);
    expect(r.kpisWithoutWork).toEqual([{ id: 'k1', name: 'k1' }]);
    expect(r.changes).toEqual([{ initiativeId: 'a', version: 3, committed: false }]);
  });

  it('resizing and switching on count the other way, and the reserve goes negative when overcommitted', () => {
    let s = edit({}, c, { on: true });
    s = edit(s, b, { capacity: 7 });
    const r = outcome(all, units, s);
    expect(r.freed).toBe(-2.5);
    expect(r.units.find((u) => u.unit.id === 'ops')!.reserveLeftThen).toBe(-1);
    expect(r.changes).toEqual([
      { initiativeId: 'b', version: 3, capacity: 7 },
      { initiativeId: 'c', version: 3, committed: true },
    ]);
    expect(scenarioState(c, s)).toEqual({ on: true, capacity: 1.5 });
  });

  it('lists objectives and KPIs left with no work, and an edit undone leaves the scenario', () => {
    let s = edit({}, a, { on: false });
    s = edit(s, b, { on: false });
    const r = outcome(all, units, s);
    expect(r.objectivesWithoutWork.map((o) => o.id)).toEqual(['o1', 'o2']);
    expect(r.kpisWithoutWork.map((k) => k.id)).toEqual(['k1', 'k2']);
    s = edit(s, a, { on: true });
    s = edit(s, b, { on: true });
    expect(s).toEqual({});
  });

  it('keeps the version the scenario was built on, even after the data refreshes', () => {
    const s = edit({}, a, { on: false });
    const newer = { ...a, version: 4 };
    expect(outcome([newer, b, c], units, s).changes[0].version).toBe(3);
  });
});
