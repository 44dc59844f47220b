/**
 * Rows of the strategy graph as the database stores them, and the two statements that write
 * them. Shared by the demo seed (`db/seed/`) and the tests' factories (`test/helpers/factories.ts`),
 * so both write the same columns with the same defaults.
 *
 * A builder takes the entity's own fields (camelCase, typed by the entity class), fills in the
 * defaults below and names the columns as the snake_case naming strategy does. A field left
 * `undefined` with no default here takes the table's default (e.g. `created_at = now()`).
 *
 * These bypass the services (no history, no events, no drift): for seeding and test set-up only.
 */
import {
  ActionStatus,
  Framework,
  InitiativeStatus,
  MeetingStatus,
  Role,
  UnitVisibility,
} from '@throughline/shared';
import { randomUUID } from 'node:crypto';
import type { Initiative } from '../../modules/initiatives/initiative.entity.js';
import type { Milestone } from '../../modules/initiatives/milestone.entity.js';
import type { KpiTarget } from '../../modules/kpis/kpi-target.entity.js';
import type { Kpi } from '../../modules/kpis/kpi.entity.js';
import type { Measurement } from '../../modules/kpis/measurement.entity.js';
import type { Action } from '../../modules/meetings/action.entity.js';
import type { Decision } from '../../modules/meetings/decision.entity.js';
import type { Meeting } from '../../modules/meetings/meeting.entity.js';
import type { Objective } from '../../modules/objectives/objective.entity.js';
import type { Person } from '../../modules/people/person.entity.js';
import type { Plan } from '../../modules/plans/plan.entity.js';
import type { Unit } from '../../modules/units/unit.entity.js';

export type Row = Record<string, unknown>;

/** A DataSource, an EntityManager or anything else that runs SQL. */
export interface Sql {
  query(sql: string, params?: unknown[]): Promise<any>;
}

/**
 * Multi-row INSERT in chunks (PostgreSQL allows 65 535 parameters per statement). Columns are
 * the union of the rows' keys; a row without a value for one gets the column's DEFAULT.
 */
export async function insertRows(db: Sql, table: string, rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r).filter((k) => r[k] !== undefined)))];
  const perChunk = Math.max(1, Math.floor(60_000 / cols.length));
  for (let i = 0; i < rows.length; i += perChunk) {
    const params: unknown[] = [];
    const value = (r: Row, c: string) => (r[c] === undefined ? 'DEFAULT' : `$${params.push(r[c])}`);
    const tuples = rows.slice(i, i + perChunk).map((r) => `(${cols.map((c) => value(r, c)).join(', ')})`);
    await db.query(
      `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`,
      params,
    );
  }
}

/** UPDATE of some columns of one versioned row, as a later change at `at`: bumps its version and sets `updated_at`. */
export async function updateRow(db: Sql, table: string, id: string, at: Date, cols: Row): Promise<void> {
  const names = Object.keys(cols).filter((c) => cols[c] !== undefined);
  const sets = names.map((c, i) => `"${c}" = $${i + 3}, `).join('');
  await db.query(`UPDATE "${table}" SET ${sets}version = version + 1, updated_at = $2 WHERE id = $1`, [
    id,
    at,
    ...names.map((c) => cols[c]),
  ]);
}

/** The fields `K` of entity `E` are required, the others optional. */
type New<E, K extends keyof E> = Pick<E, K> & Partial<Omit<E, K>>;

const snakeCase = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The row of `given` over `defaults` (a given `undefined` keeps the default), with column names. */
function row(given: object, defaults: Row): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries({ ...defaults, ...given }))
    out[snakeCase(k)] = v === undefined ? defaults[k] : v;
  return out;
}

/** A new id, version 1, and `updated_at` equal to `created_at` (both the table's default when not given). */
const fresh = (createdAt?: Date): Row => ({ id: randomUUID(), version: 1, createdAt, updatedAt: createdAt });

export const unitRow = (u: New<Unit, 'name' | 'kind'>) =>
  row(u, {
    ...fresh(u.createdAt),
    visibility: UnitVisibility.ORGANIZATION,
    parentId: null,
    headId: null,
    availableCapacity: 0,
  });

export const personRow = (p: New<Person, 'name' | 'email' | 'unitId' | 'passwordHash'>) =>
  row(p, { ...fresh(p.createdAt), role: Role.MEMBER });

export const planRow = (p: New<Plan, 'name' | 'periodStart' | 'periodEnd' | 'unitId'>) =>
  row(p, { ...fresh(p.createdAt), framework: Framework.BALANCED_SCORECARD });

export const objectiveRow = (o: New<Objective, 'planId' | 'title' | 'ownerId' | 'unitId'>) =>
  row(o, { ...fresh(o.createdAt), parentId: null });

export const kpiRow = (
  k: New<Kpi, 'name' | 'unitOfMeasure' | 'direction' | 'frequency' | 'ownerId' | 'unitId'>,
) => row(k, fresh(k.createdAt));

export const kpiTargetRow = (t: New<KpiTarget, 'kpiId' | 'periodStart' | 'periodEnd' | 'target'>) =>
  row(t, { id: randomUUID(), amber: null, red: null });

export const measurementRow = (v: New<Measurement, 'kpiId' | 'value' | 'at'>) =>
  row(v, {
    id: randomUUID(),
    note: null,
    recordedById: null,
    source: null,
    supersededAt: null,
    correctsId: null,
  });

export const initiativeRow = (i: New<Initiative, 'planId' | 'title' | 'ownerId' | 'unitId'>) =>
  row(i, { ...fresh(i.createdAt), status: InitiativeStatus.ACTIVE });

export const milestoneRow = (ms: New<Milestone, 'initiativeId' | 'title' | 'dueDate'>) =>
  row(ms, { id: randomUUID(), completedAt: null, version: 1 });

/** Rows of the link tables (objective_kpi, initiative_objective, initiative_kpi). */
export const objectiveKpiRow = (objectiveId: string, kpiId: string, createdAt?: Date): Row => ({
  objective_id: objectiveId,
  kpi_id: kpiId,
  created_at: createdAt,
});
export const initiativeObjectiveRow = (initiativeId: string, objectiveId: string, createdAt?: Date): Row => ({
  initiative_id: initiativeId,
  objective_id: objectiveId,
  created_at: createdAt,
});
export const initiativeKpiRow = (initiativeId: string, kpiId: string, createdAt?: Date): Row => ({
  initiative_id: initiativeId,
  kpi_id: kpiId,
  created_at: createdAt,
});

/** A meeting as scheduled: not yet opened, no agenda or minutes. */
export const meetingRow = (mt: New<Meeting, 'kind' | 'title' | 'unitId' | 'chairId' | 'scheduledAt'>) =>
  row(mt, {
    ...fresh(mt.createdAt),
    status: MeetingStatus.SCHEDULED,
    openedAt: null,
    closedAt: null,
    agendaText: '',
    minutesText: '',
  });

export const decisionRow = (d: New<Decision, 'meetingId' | 'unitId' | 'text' | 'rationale' | 'ownerId'>) =>
  row(d, { ...fresh(d.createdAt), subjectId: null, subjectType: null, revisitOn: null });

/** An action as agreed: OPEN. */
export const actionRow = (a: New<Action, 'meetingId' | 'unitId' | 'text' | 'ownerId' | 'dueDate'>) =>
  row(a, { ...fresh(a.createdAt), decisionId: null, status: ActionStatus.OPEN, completedAt: null });
