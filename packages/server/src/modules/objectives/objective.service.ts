import { HistoryAction, SubjectType } from '@throughline/shared';
import { evaluateObjectiveDrift } from '../drift/drift.service.js';
import type { EntityManager } from 'typeorm';
import type { Policy } from '../../auth/policy.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput, notFound } from '../../graphql/errors.js';
import {
  before,
  lockForChange,
  recordChange,
  requireOrderedDates,
  requireText,
  requireVisible,
  writeTransaction,
  setArchived,
  type ArchiveOptions,
  applyUnitAndOwner,
} from '../graph-write.js';
import { requireApproval } from '../approvals/approval-guard.js';
import { Kpi } from '../kpis/kpi.entity.js';
import { requireOwner } from '../people/person-checks.js';
import { Plan } from '../plans/plan.entity.js';
import { Unit } from '../units/unit.entity.js';
import { ObjectiveKpi } from './objective-kpi.entity.js';
import { Objective } from './objective.entity.js';
import { ObjectiveArchiveImpact } from './objective-impact.js';
import { Initiative } from '../initiatives/initiative.entity.js';
import { visibleOnly } from '../../graphql/visibility.js';
import { isUuid } from '../../graphql/ids.js';
import { CreateObjectiveInput, UpdateObjectiveInput } from './objective.inputs.js';

const subject = (o: Objective) => ({ unitId: o.unitId, ownerId: o.ownerId });
const TOPIC = 'objectiveChanged';

/** A parent must be an active objective of the same plan, and not the objective itself or below it. */
async function checkParent(
  m: EntityManager,
  policy: Policy,
  planId: string,
  parentId: string,
  selfId: string | null,
): Promise<void> {
  const parent = await requireVisible(
    m,
    policy,
    Objective,
    'objective',
    parentId,
    'input.parentId',
    (o) => o.unitId,
  );
  if (parent.planId !== planId)
    throw badInput('input.parentId', 'The parent objective belongs to another plan.');
  if (!selfId) return;
  const [row] = await m.query(
    `WITH RECURSIVE up AS (SELECT id, parent_id FROM objective WHERE id = $1
       UNION ALL SELECT o.id, o.parent_id FROM objective o JOIN up ON o.id = up.parent_id)
     SELECT bool_or(id = $2) AS cycle FROM up`,
    [parentId, selfId],
  );
  if (row?.cycle) throw badInput('input.parentId', 'An objective cannot sit below itself.');
}

/** Creates an objective (history: CREATE). */
export async function createObjective(ctx: GraphQLContext, input: CreateObjectiveInput): Promise<Objective> {
  return writeTransaction(ctx, async (m, policy, now) => {
    const title = requireText(input.title, 'input.title');
    const plan = await requireVisible(m, policy, Plan, 'plan', input.planId, 'input.planId', (p) => p.unitId);
    await requireVisible(m, policy, Unit, 'unit', input.unitId, 'input.unitId', (u) => u.id);
    if (!policy.can('edit', { unitId: input.unitId }))
      throw badInput('input.unitId', 'You may not add objectives to this unit.');
    await requireOwner(m, policy, input.ownerId, input.unitId, 'input.ownerId');
    if (input.parentId) await checkParent(m, policy, plan.id, input.parentId, null);
    requireOrderedDates(input.periodStart, input.periodEnd, 'input.periodEnd');
    const row = await m.getRepository(Objective).save(
      m.getRepository(Objective).create({
        planId: plan.id,
        title,
        description: input.description ?? '',
        ownerId: input.ownerId,
        unitId: input.unitId,
        parentId: input.parentId ?? null,
        perspective: input.perspective ?? null,
        periodStart: input.periodStart ?? null,
        periodEnd: input.periodEnd ?? null,
        position: input.position ?? 0,
      }),
    );
    await recordChange(m, policy, {
      subjectType: SubjectType.OBJECTIVE,
      subjectId: row.id,
      action: HistoryAction.CREATE,
      before: null,
      reason: input.reason,
      unitId: row.unitId,
      topic: TOPIC,
    });
    await evaluateObjectiveDrift(m, [row.id], now);
    return row;
  });
}

/** Updates an objective against the version the editor read (CONFLICT when stale). */
export async function updateObjective(ctx: GraphQLContext, input: UpdateObjectiveInput): Promise<Objective> {
  return writeTransaction(ctx, async (m, policy, now) => {
    const row = await lockForChange(m, policy, Objective, 'objective', input.id, {
      version: input.version,
      subject,
    });
    const prev = await before(m, SubjectType.OBJECTIVE, row.id);
    if (input.title !== undefined && input.title !== null)
      row.title = requireText(input.title, 'input.title');
    if (input.description != null) row.description = input.description;
    await applyUnitAndOwner(m, policy, row, input, 'objectives');
    if (input.parentId !== undefined) {
      if (input.parentId) await checkParent(m, policy, row.planId, input.parentId, row.id);
      row.parentId = input.parentId ?? null;
    }
    if (input.perspective !== undefined) row.perspective = input.perspective ?? null;
    if (input.periodStart !== undefined) row.periodStart = input.periodStart ?? null;
    if (input.periodEnd !== undefined) row.periodEnd = input.periodEnd ?? null;
    requireOrderedDates(row.periodStart, row.periodEnd, 'input.periodEnd');
    if (input.position != null) row.position = input.position;
    const saved = await m.getRepository(Objective).save(row);
    await recordChange(m, policy, {
      subjectType: SubjectType.OBJECTIVE,
      subjectId: row.id,
      action: HistoryAction.UPDATE,
      before: prev,
      reason: input.reason,
      unitId: row.unitId,
      topic: TOPIC,
    });
    await evaluateObjectiveDrift(m, [row.id], now);
    return saved;
  });
}

/** Archives (or restores) an objective. Archiving one with active children is refused: move or archive them first. */
export function setObjectiveArchived(
  ctx: GraphQLContext,
  id: string,
  version: number,
  archived: boolean,
  reason?: string,
): Promise<Objective> {
  return setArchived(ctx, Objective, objectiveArchiveOptions(id), { id, version, archived, reason });
}

/**
 * How an objective is archived: refused while it has active children, and (a plan's approval
 * rule) refused with APPROVAL_REQUIRED unless the viewer approves such changes; `approved`: an
 * approver's yes to a change request applies it (approvals module).
 */
export function objectiveArchiveOptions(id: string, approved = false): ArchiveOptions<Objective> {
  return {
    what: 'objective',
    subjectType: SubjectType.OBJECTIVE,
    topic: TOPIC,
    subject,
    action: approved ? 'read' : 'edit',
    guard: async (m, row, policy) => {
      const [{ n }] = await m.query(
        `SELECT count(*)::int AS n FROM objective WHERE parent_id = $1 AND archived_at IS NULL`,
        [id],
      );
      if (n > 0)
        throw badInput(
          'id',
          `This objective still has ${n} active child objective(s); move or archive them first.`,
        );
      if (!approved)
        await requireApproval(m, policy, { kind: 'OBJECTIVE_ARCHIVE', objective: row, field: 'id' });
    },
    after: async (m, oid, policy, now) => {
      await evaluateObjectiveDrift(m, [oid], now);
    },
  };
}

/** Links or unlinks a KPI to an objective (history on the objective: LINK/UNLINK). */
export async function setObjectiveKpiLink(
  ctx: GraphQLContext,
  objectiveId: string,
  kpiId: string,
  linked: boolean,
  reason?: string,
): Promise<Objective> {
  return writeTransaction(ctx, async (m, policy, now) => {
    const row = await lockForChange(m, policy, Objective, 'objective', objectiveId, { subject });
    await requireVisible(m, policy, Kpi, 'KPI', kpiId, 'kpiId', (k) => k.unitId);
    const exists = await m.getRepository(ObjectiveKpi).exists({ where: { objectiveId, kpiId } });
    if (exists === linked)
      throw badInput(
        'kpiId',
        linked ? 'This KPI is already linked to the objective.' : 'This KPI is not linked to the objective.',
      );
    const prev = await before(m, SubjectType.OBJECTIVE, objectiveId);
    if (linked) await m.getRepository(ObjectiveKpi).insert({ objectiveId, kpiId });
    else await m.getRepository(ObjectiveKpi).delete({ objectiveId, kpiId });
    await m.query(`UPDATE objective SET version = version + 1, updated_at = now() WHERE id = $1`, [
      objectiveId,
    ]);
    await recordChange(m, policy, {
      subjectType: SubjectType.OBJECTIVE,
      subjectId: objectiveId,
      action: linked ? HistoryAction.LINK : HistoryAction.UNLINK,
      before: prev,
      reason,
      unitId: row.unitId,
      topic: TOPIC,
    });
    await evaluateObjectiveDrift(m, [objectiveId], now);
    return await m.getRepository(Objective).findOneByOrFail({ id: objectiveId });
  });
}

/**
 * What archiving an objective does, read before the user confirms: active children block it;
 * linked KPIs and initiatives stay (the links are kept for history) — and some then measure or
 * support no active objective.
 */
export async function objectiveArchiveImpact(
  ctx: GraphQLContext,
  id: string,
): Promise<ObjectiveArchiveImpact> {
  if (!isUuid(id)) throw notFound('objective', id);
  const o = await visibleObjective(ctx, id);
  const policy = await ctx.policy();
  const childRows: { id: string }[] = await ctx.db.query(
    `SELECT id FROM objective WHERE parent_id = $1 AND archived_at IS NULL ORDER BY position, created_at`,
    [o.id],
  );
  const children = visibleOnly(
    policy,
    await ctx.loaders.objective.loadMany(childRows.map((r) => r.id)),
    (c) => c.unitId,
  );
  const kpiRows: { id: string; others: number }[] = await ctx.db.query(
    `SELECT k.id, (SELECT count(*)::int FROM objective_kpi ok2 JOIN objective o2 ON o2.id = ok2.objective_id
                    WHERE ok2.kpi_id = k.id AND o2.id <> $1 AND o2.archived_at IS NULL) AS others
       FROM objective_kpi ok JOIN kpi k ON k.id = ok.kpi_id
      WHERE ok.objective_id = $1 AND k.archived_at IS NULL`,
    [o.id],
  );
  const initiativeRows: { id: string; others: number }[] = await ctx.db.query(
    `SELECT i.id, (SELECT count(*)::int FROM initiative_objective io2 JOIN objective o2 ON o2.id = io2.objective_id
                    WHERE io2.initiative_id = i.id AND o2.id <> $1 AND o2.archived_at IS NULL) AS others
       FROM initiative_objective io JOIN initiative i ON i.id = io.initiative_id
      WHERE io.objective_id = $1 AND i.archived_at IS NULL`,
    [o.id],
  );
  const kpis = visibleOnly(policy, await ctx.loaders.kpi.loadMany(kpiRows.map((r) => r.id)), (k) => k.unitId);
  const initiatives = visibleOnly(
    policy,
    await ctx.loaders.initiative.loadMany(initiativeRows.map((r) => r.id)),
    (i) => i.unitId,
  );
  const alone = (rows: { id: string; others: number }[]) =>
    new Set(rows.filter((r) => r.others === 0).map((r) => r.id));
  const kpiAlone = alone(kpiRows);
  const initiativeAlone = alone(initiativeRows);
  return Object.assign(new ObjectiveArchiveImpact(), {
    canArchive: childRows.length === 0,
    children,
    childCount: childRows.length,
    kpis,
    kpisLeftAlone: kpis.filter((k) => kpiAlone.has(k.id)),
    initiatives,
    initiativesLeftAlone: initiatives.filter((i: Initiative) => initiativeAlone.has(i.id)),
  });
}

/** Archived objectives of a plan the viewer may see, most recently archived first (to restore one). */
export async function archivedObjectives(ctx: GraphQLContext, planId: string): Promise<Objective[]> {
  if (!isUuid(planId)) throw badInput('planId', 'Not a valid plan id.');
  const policy = await ctx.policy();
  const rows = await ctx.db
    .getRepository(Objective)
    .createQueryBuilder('o')
    .where('o.plan_id = :planId', { planId })
    .andWhere('o.archived_at IS NOT NULL')
    .andWhere('o.unit_id = ANY(:units)', { units: policy.visibleUnitIds() })
    .orderBy('o.archived_at', 'DESC')
    .limit(200)
    .getMany();
  return rows;
}

/** Loads an objective the viewer may see, or throws NOT_FOUND. */
export async function visibleObjective(ctx: GraphQLContext, id: string): Promise<Objective> {
  const [policy, o] = await Promise.all([ctx.policy(), ctx.loaders.objective.load(id)]);
  if (!o || !policy.can('read', subject(o))) throw notFound('objective', id);
  return o;
}
