import type { DataSource } from 'typeorm';
import { groupLoader } from '../../graphql/loader-factories.js';
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
  return {
    causeLinksOfPlan: by('plan_id'),
    causeLinksByCause: by('cause_objective_id'),
    causeLinksByEffect: by('effect_objective_id'),
  };
}
