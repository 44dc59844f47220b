import type { DataSource } from 'typeorm';
import { entityByIdLoader, groupLoader, singleLoader } from '../../graphql/loader-factories.js';
import { Kpi } from './kpi.entity.js';
import { KpiTarget } from './kpi-target.entity.js';
import { Measurement } from './measurement.entity.js';

const measurementFrom = (r: Record<string, any>): Measurement =>
  Object.assign(new Measurement(), {
    id: r.id,
    kpiId: r.kpi_id,
    value: r.value,
    at: r.at,
    note: r.note,
    recordedById: r.recorded_by_id,
    sourceTokenId: r.source_token_id,
    source: r.source,
    supersededAt: r.superseded_at,
    correctsId: r.corrects_id,
    recordedAt: r.recorded_at,
  });

/** Per-request loaders of the KPI module. */
export function createKpiLoaders(db: DataSource) {
  return {
    kpi: entityByIdLoader(db, Kpi),
    /** Archived KPIs too: the KPI page shows one archived, to restore it. */
    kpiWithArchived: entityByIdLoader(db, Kpi, { includeArchived: true }),
    /**
     * Latest current (not superseded) measurement per KPI: one backward step down the
     * `(kpi_id, at)` index per KPI. `DISTINCT ON (kpi_id)` over `kpi_id = ANY(…)` sorted every
     * current measurement of the KPIs asked: ~1 s for 5,000 KPIs with 500,000 values, against
     * ~70 ms this way (the portfolio and the plan tree ask for all of them).
     */
    latestMeasurement: singleLoader(
      db,
      `SELECT m.kpi_id AS key, m.* FROM unnest($1::uuid[]) AS k(id)
         CROSS JOIN LATERAL (SELECT * FROM measurement WHERE kpi_id = k.id AND superseded_at IS NULL
           ORDER BY at DESC, recorded_at DESC LIMIT 1) m`,
      measurementFrom,
    ),
    /** Measurements by id, superseded ones too (what a correction replaced). */
    measurement: singleLoader(
      db,
      `SELECT id AS key, * FROM measurement WHERE id = ANY($1::uuid[])`,
      measurementFrom,
    ),
    /** The last few current measurements per KPI, newest first (trend and decline rules). */
    recentMeasurements: groupLoader(
      db,
      `SELECT m.kpi_id AS key, m.* FROM unnest($1::uuid[]) AS k(id)
         CROSS JOIN LATERAL (SELECT * FROM measurement WHERE kpi_id = k.id AND superseded_at IS NULL ORDER BY at DESC LIMIT 6) m`,
      measurementFrom,
    ),
    /** Every target of a KPI, oldest period first. */
    targets: groupLoader(
      db,
      `SELECT kpi_id AS key, id, kpi_id, period_start, period_end, target, amber, red FROM kpi_target WHERE kpi_id = ANY($1) ORDER BY period_start`,
      (r) =>
        Object.assign(new KpiTarget(), {
          id: r.id,
          kpiId: r.kpi_id,
          periodStart: r.period_start,
          periodEnd: r.period_end,
          target: r.target,
          amber: r.amber,
          red: r.red,
        }),
    ),
    /** Ids of the active objectives a KPI is linked to. */
    objectiveIdsOfKpi: groupLoader(
      db,
      `SELECT ok.kpi_id AS key, ok.objective_id AS id FROM objective_kpi ok JOIN objective o ON o.id = ok.objective_id
        WHERE ok.kpi_id = ANY($1) AND o.archived_at IS NULL ORDER BY o.position, o.created_at`,
      (r) => r.id as string,
    ),
    /** Ids of the active initiatives expected to move a KPI. */
    initiativeIdsOfKpi: groupLoader(
      db,
      `SELECT ik.kpi_id AS key, ik.initiative_id AS id FROM initiative_kpi ik JOIN initiative i ON i.id = ik.initiative_id
        WHERE ik.kpi_id = ANY($1) AND i.archived_at IS NULL ORDER BY i.created_at`,
      (r) => r.id as string,
    ),
    /** Value of a KPI at or before a date; key `kpiId|YYYY-MM-DD` (KPI movement since an initiative started). */
    valueAtOrBefore: singleLoader(
      db,
      `SELECT k.key, m.value FROM unnest($1::text[]) AS k(key)
         CROSS JOIN LATERAL (SELECT value FROM measurement
            WHERE kpi_id = split_part(k.key, '|', 1)::uuid AND superseded_at IS NULL AND at <= (split_part(k.key, '|', 2)::date + 1)
            ORDER BY at DESC LIMIT 1) m`,
      (r) => r.value as number,
    ),
  };
}
export { measurementFrom };
