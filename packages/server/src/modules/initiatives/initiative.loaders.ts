import type { DataSource } from 'typeorm';
import { entityByIdLoader, groupLoader } from '../../graphql/loader-factories.js';
import { Initiative } from './initiative.entity.js';
import { Milestone } from './milestone.entity.js';

/** Per-request loaders of the initiative module. */
export function createInitiativeLoaders(db: DataSource) {
  return {
    initiative: entityByIdLoader(db, Initiative),
    /** Archived ones too (an archived initiative's page offers Restore). */
    initiativeWithArchived: entityByIdLoader(db, Initiative, { includeArchived: true }),
    /** Active initiatives of a plan, by title. */
    initiativeIdsOfPlan: groupLoader(
      db,
      `SELECT plan_id AS key, id FROM initiative WHERE plan_id = ANY($1) AND archived_at IS NULL ORDER BY title`,
      (r) => r.id as string,
    ),
    milestones: groupLoader(
      db,
      `SELECT initiative_id AS key, * FROM milestone WHERE initiative_id = ANY($1) AND archived_at IS NULL ORDER BY due_date, created_at`,
      (r) =>
        Object.assign(new Milestone(), {
          id: r.id,
          initiativeId: r.initiative_id,
          title: r.title,
          dueDate: r.due_date,
          completedAt: r.completed_at,
          version: r.version,
          archivedAt: r.archived_at,
          createdAt: r.created_at,
        }),
    ),
    objectiveIdsOfInitiative: groupLoader(
      db,
      `SELECT io.initiative_id AS key, io.objective_id AS id FROM initiative_objective io JOIN objective o ON o.id = io.objective_id
        WHERE io.initiative_id = ANY($1) AND o.archived_at IS NULL ORDER BY o.title`,
      (r) => r.id as string,
    ),
    kpiIdsOfInitiative: groupLoader(
      db,
      `SELECT ik.initiative_id AS key, ik.kpi_id AS id FROM initiative_kpi ik JOIN kpi k ON k.id = ik.kpi_id
        WHERE ik.initiative_id = ANY($1) AND k.archived_at IS NULL ORDER BY k.name`,
      (r) => r.id as string,
    ),
  };
}
