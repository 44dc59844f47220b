/** The what-if scenario of the portfolio, as pure functions: what switching work off or on, or resizing it, would free. */

/** Statuses that commit people (the server's one capacity definition). */
const COMMITTING = new Set(['ACTIVE', 'PROPOSED']);
/** Statuses a scenario can switch: live work (stopped and completed work stays out). */
export const SWITCHABLE = new Set(['ACTIVE', 'PROPOSED', 'PAUSED']);

export interface ScenarioInitiative {
  id: string;
  version: number;
  title: string;
  status: string;
  capacity: number;
  unit: { id: string; name: string };
  objectives: { id: string; title: string }[];
  kpis: { id: string; name: string }[];
}

export interface ScenarioUnit {
  id: string;
  name: string;
  kind: string;
  parentId: string | null;
  capacity?: { committed: number; available: number; reserve: number; complete: boolean } | null;
}

/** One initiative's change in the scenario, with the version it was made against. */
export interface ScenarioEdit {
  version: number;
  on: boolean;
  capacity: number;
}

export type Scenario = Record<string, ScenarioEdit>;

const isOn = (i: ScenarioInitiative) => COMMITTING.has(i.status);

/** The initiative as the scenario has it: switched on or off, with its capacity. */
export function scenarioState(i: ScenarioInitiative, s: Scenario): { on: boolean; capacity: number } {
  const e = s[i.id];
  return e ? { on: e.on, capacity: e.capacity } : { on: isOn(i), capacity: i.capacity };
}

/** Records one change; a change back to how the initiative is drops it from the scenario. */
export function edit(
  s: Scenario,
  i: ScenarioInitiative,
  change: Partial<Pick<ScenarioEdit, 'on' | 'capacity'>>,
): Scenario {
  const prev = s[i.id] ?? { version: i.version, on: isOn(i), capacity: i.capacity };
  const next = { ...prev, ...change };
  const rest = { ...s };
  delete rest[i.id];
  return next.on === isOn(i) && next.capacity === i.capacity ? rest : { ...rest, [i.id]: next };
}

/** People an initiative commits now, and in the scenario. */
const committedNow = (i: ScenarioInitiative) => (isOn(i) ? i.capacity : 0);
const committedThen = (i: ScenarioInitiative, s: Scenario) => {
  const st = scenarioState(i, s);
  return st.on ? st.capacity : 0;
};

const tidy = (n: number) => Math.round(n * 1000) / 1000;

/** Units at or below `unitId` in the tree the viewer sees. */
function subtree(units: readonly ScenarioUnit[], unitId: string): Set<string> {
  const out = new Set([unitId]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const u of units)
      if (u.parentId && out.has(u.parentId) && !out.has(u.id)) {
        out.add(u.id);
        grew = true;
      }
  }
  return out;
}

export interface ScenarioOutcome {
  /** People freed across the portfolio (negative when the scenario commits more). */
  freed: number;
  /** The company and each department: committed and reserve left, now and in the scenario. */
  units: {
    unit: ScenarioUnit;
    available: number;
    reserve: number;
    committedNow: number;
    committedThen: number;
    reserveLeftNow: number;
    reserveLeftThen: number;
  }[];
  /** Objectives and KPIs that have committed work now and none in the scenario. */
  objectivesWithoutWork: { id: string; title: string }[];
  kpisWithoutWork: { id: string; name: string }[];
  /** The changes to send, in the API's shape. */
  changes: { initiativeId: string; version: number; committed?: boolean; capacity?: number }[];
}

/** What the scenario would do: people freed, reserve left per unit, objectives and KPIs left without work. */
export function outcome(
  initiatives: readonly ScenarioInitiative[],
  units: readonly ScenarioUnit[],
  s: Scenario,
): ScenarioOutcome {
  const delta = new Map<string, number>();
  for (const i of initiatives) {
    const d = committedThen(i, s) - committedNow(i);
    if (d) delta.set(i.unit.id, (delta.get(i.unit.id) ?? 0) + d);
  }
  const freed = tidy(0 - [...delta.values()].reduce((a, d) => a + d, 0));
  const shown = units
    .filter((u) => (u.kind === 'COMPANY' || u.kind === 'DEPARTMENT') && u.capacity)
    .sort((a, b) => (a.kind === 'COMPANY' ? -1 : b.kind === 'COMPANY' ? 1 : a.name.localeCompare(b.name)))
    .map((u) => {
      const below = subtree(units, u.id);
      const d = [...delta].filter(([id]) => below.has(id)).reduce((a, [, x]) => a + x, 0);
      const c = u.capacity!;
      const then = tidy(c.committed + d);
      const left = (committed: number) => tidy(Math.min(c.reserve, c.available - committed));
      return {
        unit: u,
        available: c.available,
        reserve: c.reserve,
        committedNow: c.committed,
        committedThen: then,
        reserveLeftNow: left(c.committed),
        reserveLeftThen: left(then),
      };
    });
  const worked = <T extends { id: string }>(pick: (i: ScenarioInitiative) => T[], then: boolean) => {
    const m = new Map<string, T>();
    for (const i of initiatives)
      if (then ? scenarioState(i, s).on : isOn(i)) for (const x of pick(i)) m.set(x.id, x);
    return m;
  };
  const without = <T extends { id: string }>(pick: (i: ScenarioInitiative) => T[]) => {
    const now = worked(pick, false);
    const then = worked(pick, true);
    return [...now.values()].filter((x) => !then.has(x.id));
  };
  const changes = initiatives
    .filter((i) => s[i.id])
    .map((i) => {
      const e = s[i.id];
      return {
        initiativeId: i.id,
        version: e.version,
        ...(e.on !== isOn(i) ? { committed: e.on } : {}),
        ...(e.capacity !== i.capacity ? { capacity: e.capacity } : {}),
      };
    });
  return {
    freed,
    units: shown,
    objectivesWithoutWork: without((i) => i.objectives),
    kpisWithoutWork: without((i) => i.kpis),
    changes,
  };
}
