import DataLoader from 'dataloader';
import {
  Direction,
  Health,
  initiativeHealth,
  InitiativeHealth,
  isStale,
  kpiHealth,
  rollUpHealth,
} from '@throughline/shared';
import type { KpiTarget } from '../kpis/kpi-target.entity.js';

/** A KPI's state as the health rules see it. */
export interface KpiStatus {
  health: Health;
  stale: boolean;
  value: number | null;
  at: Date | null;
  target: KpiTarget | null;
}

/** The target in force on a date: the period containing it, else the latest one before it, else the first. */
export function targetOn(targets: KpiTarget[], date: Date): KpiTarget | null {
  if (targets.length === 0) return null;
  const day = date.toISOString().slice(0, 10);
  const containing = targets.find((t) => t.periodStart <= day && day <= t.periodEnd);
  if (containing) return containing;
  const before = targets.filter((t) => t.periodStart <= day);
  return before.length ? before[before.length - 1] : targets[0];
}

/** Whether `latest` is better than `earlier` in the KPI's direction. */
export function improved(direction: Direction, earlier: number | null, latest: number | null): boolean {
  if (earlier === null || latest === null) return false;
  return direction === Direction.HIGHER_IS_BETTER ? latest > earlier : latest < earlier;
}

type BaseLoaders = {
  kpi: DataLoader<string, { id: string; direction: Direction; frequency: any } | null>;
  latestMeasurement: DataLoader<string, { value: number; at: Date } | null>;
  targets: DataLoader<string, KpiTarget[]>;
  kpiIdsOfObjective: DataLoader<string, string[]>;
  childObjectiveIds: DataLoader<string, string[]>;
  initiative: DataLoader<string, { id: string; startDate: string | null; createdAt: Date } | null>;
  milestones: DataLoader<string, { dueDate: string; completedAt: Date | null }[]>;
  kpiIdsOfInitiative: DataLoader<string, string[]>;
  valueAtOrBefore: DataLoader<string, number | null>;
};

/**
 * Health of KPIs, objectives and initiatives, computed from live data with the pure rules
 * of @throughline/shared. Each is a DataLoader over the batched base loaders, so a whole
 * plan tree costs a fixed number of queries however many objectives it has.
 */
export function createHealthLoaders(base: BaseLoaders, now: () => Date) {
  const kpiStatus: DataLoader<string, KpiStatus | null> = new DataLoader((ids) =>
    Promise.all(
      ids.map(async (id) => {
        const [kpi, latest, targets] = await Promise.all([
          base.kpi.load(id),
          base.latestMeasurement.load(id),
          base.targets.load(id),
        ]);
        if (!kpi) return null;
        const target = targetOn(targets, latest?.at ?? now());
        return {
          health: kpiHealth({
            direction: kpi.direction,
            value: latest?.value ?? null,
            target: target?.target ?? null,
            amber: target?.amber ?? null,
            red: target?.red ?? null,
          }),
          stale: isStale({ frequency: kpi.frequency, latestAt: latest?.at ?? null, now: now() }),
          value: latest?.value ?? null,
          at: latest?.at ?? null,
          target,
        };
      }),
    ),
  );

  // Not a DataLoader: an objective's health awaits its children's, and a DataLoader batch that
  // holds both an objective and one of its descendants would wait on itself forever. A memo
  // per request keeps each objective computed once; the reads underneath stay batched.
  const objectiveMemo = new Map<string, Promise<Health>>();
  const computeObjectiveHealth = async (id: string): Promise<Health> => {
    const [kpiIds, childIds] = await Promise.all([
      base.kpiIdsOfObjective.load(id),
      base.childObjectiveIds.load(id),
    ]);
    const [statuses, childHealths] = await Promise.all([
      kpiStatus.loadMany(kpiIds),
      Promise.all(childIds.map((c) => objectiveHealth.load(c))),
    ]);
    return rollUpHealth([
      ...statuses.map((s) => (s && !(s instanceof Error) ? s.health : Health.NO_DATA)),
      ...childHealths,
    ]);
  };
  const objectiveHealth = {
    load(id: string): Promise<Health> {
      let p = objectiveMemo.get(id);
      if (!p) objectiveMemo.set(id, (p = computeObjectiveHealth(id)));
      return p;
    },
    loadMany(ids: readonly string[]): Promise<Health[]> {
      return Promise.all(ids.map((id) => objectiveHealth.load(id)));
    },
  };

  const initiativeHealthLoader: DataLoader<string, InitiativeHealth | null> = new DataLoader((ids) =>
    Promise.all(
      ids.map(async (id) => {
        const [initiative, milestones, kpiIds] = await Promise.all([
          base.initiative.load(id),
          base.milestones.load(id),
          base.kpiIdsOfInitiative.load(id),
        ]);
        if (!initiative) return null;
        const since = initiative.startDate ?? initiative.createdAt.toISOString().slice(0, 10);
        const kpis = await Promise.all(
          kpiIds.map(async (kpiId) => {
            const [kpi, status, before] = await Promise.all([
              base.kpi.load(kpiId),
              kpiStatus.load(kpiId),
              base.valueAtOrBefore.load(`${kpiId}|${since}`),
            ]);
            return {
              health: status?.health ?? Health.NO_DATA,
              moving: !!kpi && improved(kpi.direction, before, status?.value ?? null),
            };
          }),
        );
        return initiativeHealth({
          milestones: milestones.map((m) => ({
            dueDate: new Date(`${m.dueDate}T23:59:59.999Z`),
            completedAt: m.completedAt,
          })),
          kpiHealths: kpis.map((k) => k.health),
          kpiMoving: kpis.map((k) => k.moving),
          now: now(),
        });
      }),
    ),
  );

  return { kpiStatus, objectiveHealth, initiativeHealth: initiativeHealthLoader };
}
