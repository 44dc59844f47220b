import { Health } from '@throughline/shared';
import type { DataSource, EntityManager } from 'typeorm';
import type { Loaders } from '../../graphql/loaders.js';
import type { SnapshotRow } from './meeting.entity.js';
import { addUtcMonths } from '../../clock.js';

/** What a meeting's whole audience may see is the policy's rule; re-exported for the demo seed, which imports it from here. */
export { audienceCanSee, audienceUnitIds } from '../../auth/policy.js';

/** The active objectives, KPIs and initiatives of some units (names, owners, units). */
export async function scopeSubjects(db: DataSource | EntityManager, unitIds: string[]) {
  const [objectives, kpis, initiatives] = await Promise.all([
    db.query(
      `SELECT id, title AS name, unit_id AS "unitId", owner_id AS "ownerId" FROM objective WHERE unit_id = ANY($1) AND archived_at IS NULL ORDER BY position, title`,
      [unitIds],
    ),
    db.query(
      `SELECT id, name, unit_id AS "unitId", owner_id AS "ownerId" FROM kpi WHERE unit_id = ANY($1) AND archived_at IS NULL ORDER BY name`,
      [unitIds],
    ),
    db.query(
      `SELECT id, title AS name, unit_id AS "unitId", owner_id AS "ownerId", status FROM initiative WHERE unit_id = ANY($1) AND archived_at IS NULL ORDER BY title`,
      [unitIds],
    ),
  ]);
  return { objectives, kpis, initiatives } as {
    objectives: Pick<SnapshotRow, 'id' | 'name' | 'unitId' | 'ownerId'>[];
    kpis: Pick<SnapshotRow, 'id' | 'name' | 'unitId' | 'ownerId'>[];
    initiatives: Pick<SnapshotRow, 'id' | 'name' | 'unitId' | 'ownerId' | 'status'>[];
  };
}

/** Health of many objectives (the loader memoises each and batches the reads underneath). */
export function objectiveHealths(loaders: Loaders, ids: string[]): Promise<Health[]> {
  return loaders.objectiveHealth.loadMany(ids);
}

/** Live health of every subject of some units, through the batched health loaders. */
export async function liveScopeState(db: DataSource | EntityManager, loaders: Loaders, unitIds: string[]) {
  const s = await scopeSubjects(db, unitIds);
  const [kpiStatuses, objectiveHealthList, initiativeHealths] = await Promise.all([
    Promise.all(s.kpis.map((k) => loaders.kpiStatus.load(k.id))),
    objectiveHealths(
      loaders,
      s.objectives.map((o) => o.id),
    ),
    Promise.all(s.initiatives.map((i) => loaders.initiativeHealth.load(i.id))),
  ]);
  const kpis: SnapshotRow[] = s.kpis.map((k, i) => ({
    ...k,
    health: kpiStatuses[i]?.health ?? Health.NO_DATA,
    value: kpiStatuses[i]?.value ?? null,
    target: kpiStatuses[i]?.target?.target ?? null,
    stale: kpiStatuses[i]?.stale ?? false,
  }));
  const objectives: SnapshotRow[] = s.objectives.map((o, i) => ({
    ...o,
    health: objectiveHealthList[i] ?? Health.NO_DATA,
  }));
  const initiatives: SnapshotRow[] = s.initiatives.map((x, i) => ({
    ...x,
    health: initiativeHealths[i]?.health ?? Health.NO_DATA,
  }));
  return { kpis, objectives, initiatives };
}

/**
 * The instant a scope's earlier period starts when there is no earlier meeting: one cadence
 * back, on the same day of the month or, when that month is shorter, on its last day
 * (31 March → 28 February, not 3 March; 29 February → 28 February a year back).
 */
export function cadenceStart(kind: string, end: Date): Date {
  // Clamped month arithmetic: a monthly review closed on 31 March looks back to 28/29 February, not 3 March.
  if (kind === 'MONTHLY_OPERATIONAL') return addUtcMonths(end, -1);
  if (kind === 'QUARTERLY_STRATEGIC') return addUtcMonths(end, -3);
  return addUtcMonths(end, -12);
}
