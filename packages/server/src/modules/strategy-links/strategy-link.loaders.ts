import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { groupLoader } from '../../graphql/loader-factories.js';
import { KeyResultValues } from './key-result.types.js';
import { ObjectiveCauseLink } from './objective-cause-link.entity.js';

const COLUMNS = `id, plan_id AS "planId", cause_objective_id AS "causeObjectiveId",
  effect_objective_id AS "effectObjectiveId", note, created_by_id AS "createdById", version,
  archived_at AS "archivedAt", created_at AS "createdAt", updated_at AS "updatedAt"`;

const toLink = (r: Record<string, unknown>) => {
  const { key: _key, ...rest } = r;
  return Object.assign(new ObjectiveCauseLink(), rest);
};

/** Active cause-and-effect links by plan, by cause objective and by effect objective (oldest first). */
export function createStrategyLinkLoaders(db: DataSource) {
  const by = (column: string) =>
    groupLoader(
      db,
      `SELECT ${column} AS key, ${COLUMNS} FROM objective_cause_link
        WHERE ${column} = ANY($1::uuid[]) AND archived_at IS NULL ORDER BY created_at, id`,
      toLink,
    );
  const keyResultLoaders = new Map<string, DataLoader<string, KeyResultValues>>();
  /** KPIs as key results of one period (from–to, days): one query per period for every KPI asked. */
  const keyResultOf = (from: string, to: string) => {
    const key = `${from}|${to}`;
    let loader = keyResultLoaders.get(key);
    if (!loader) {
      loader = new DataLoader<string, KeyResultValues>(async (ids) => {
        const rows: Record<string, unknown>[] = await db.query(
          `SELECT k.id,
           coalesce((SELECT m.value FROM measurement m WHERE m.kpi_id = k.id AND m.superseded_at IS NULL
                       AND m.at < $2::date ORDER BY m.at DESC, m.id DESC LIMIT 1), k.baseline) AS start,
           c.value AS current, c.at AS current_at, t.target, t.period_end::text AS target_period_end
         FROM kpi k
         LEFT JOIN LATERAL (SELECT m.value, m.at FROM measurement m WHERE m.kpi_id = k.id AND m.superseded_at IS NULL
                       AND m.at >= $2::date AND m.at < ($3::date + 1) ORDER BY m.at DESC, m.id DESC LIMIT 1) c ON true
         LEFT JOIN LATERAL (SELECT kt.target, kt.period_end FROM kpi_target kt WHERE kt.kpi_id = k.id
                       AND kt.period_end BETWEEN $2::date AND $3::date ORDER BY kt.period_end DESC LIMIT 1) t ON true
         WHERE k.id = ANY($1::uuid[])`,
          [ids, from, to],
        );
        const byId = new Map<string, Record<string, unknown>>(rows.map((r) => [r.id as string, r]));
        const num = (v: unknown) => (v == null ? null : Number(v));
        return ids.map((id) => {
          const r = byId.get(id);
          return Object.assign(new KeyResultValues(), {
            start: num(r?.start),
            current: num(r?.current),
            currentAt: (r?.current_at as Date | null) ?? null,
            target: num(r?.target),
            targetPeriodEnd: (r?.target_period_end as string | null) ?? null,
          });
        });
      });
      keyResultLoaders.set(key, loader);
    }
    return loader;
  };
  return {
    keyResultOf,
    causeLinksOfPlan: by('plan_id'),
    causeLinksByCause: by('cause_objective_id'),
    causeLinksByEffect: by('effect_objective_id'),
  };
}
