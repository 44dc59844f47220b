import type { DataSource } from 'typeorm';
import { entityByIdLoader, groupLoader } from '../../graphql/loader-factories.js';
import { Objective } from './objective.entity.js';

/** Per-request loaders of the objective module (links return ids; entities come from `objective`/`kpi`). */
export function createObjectiveLoaders(db: DataSource) {
  return {
    objective: entityByIdLoader(db, Objective),
    objectiveIdsOfPlan: groupLoader(
      db,
      `SELECT plan_id AS key, id FROM objective WHERE plan_id = ANY($1) AND archived_at IS NULL ORDER BY position, created_at`,
      (r) => r.id as string,
    ),
    childObjectiveIds: groupLoader(
      db,
      `SELECT parent_id AS key, id FROM objective WHERE parent_id = ANY($1) AND archived_at IS NULL ORDER BY position, created_at`,
      (r) => r.id as string,
    ),
    kpiIdsOfObjective: groupLoader(
      db,
      `SELECT ok.objective_id AS key, ok.kpi_id AS id FROM objective_kpi ok JOIN kpi k ON k.id = ok.kpi_id
        WHERE ok.objective_id = ANY($1) AND k.archived_at IS NULL ORDER BY k.name`,
      (r) => r.id as string,
    ),
    initiativeIdsOfObjective: groupLoader(
      db,
      `SELECT io.objective_id AS key, io.initiative_id AS id FROM initiative_objective io JOIN initiative i ON i.id = io.initiative_id
        WHERE io.objective_id = ANY($1) AND i.archived_at IS NULL ORDER BY i.title`,
      (r) => r.id as string,
    ),
  };
}
