import { HistoryAction, InitiativeStatus, SubjectType } from '@throughline/shared';
import { evaluateInitiativeDrift } from '../drift/drift.service.js';
import type { EntityManager } from 'typeorm';
import type { Policy } from '../../auth/policy.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput, conflict, forbidden, notFound } from '../../graphql/errors.js';
import { isUuid } from '../../graphql/ids.js';
import {
  before,
  lockForChange,
  recordChange,
  requireAmount,
  requireOrderedDates,
  requireText,
  requireVisible,
  writeTransaction,
  setArchived,
  applyUnitAndOwner,
} from '../graph-write.js';
import { requireApproval } from '../approvals/approval-guard.js';
import { Kpi } from '../kpis/kpi.entity.js';
import { Objective } from '../objectives/objective.entity.js';
import { requireOwner } from '../people/person-checks.js';
import { Plan } from '../plans/plan.entity.js';
import { Unit } from '../units/unit.entity.js';
import { InitiativeKpi, InitiativeObjective } from './initiative-link.entity.js';
import { Initiative } from './initiative.entity.js';
import {
  AddMilestoneInput,
  CreateInitiativeInput,
  UpdateInitiativeInput,
  UpdateMilestoneInput,
} from './initiative.inputs.js';
import { Milestone } from './milestone.entity.js';

const subject = (i: Initiative) => ({ unitId: i.unitId, ownerId: i.ownerId });
const TOPIC = 'initiativeChanged';

/** Drift rules of an initiative (milestones, links, archive, status), judged in the change's transaction. */
async function evaluateDrift(m: EntityManager, id: string, _policy: Policy, now: Date) {
  await evaluateInitiativeDrift(m, [id], now);
}

/** Creates an initiative, optionally linked to objectives and KPIs. */
export async function createInitiative(
  ctx: GraphQLContext,
  input: CreateInitiativeInput,
): Promise<Initiative> {
  return writeTransaction(ctx, async (m, policy, now) => {
    const title = requireText(input.title, 'input.title');
    const plan = await requireVisible(m, policy, Plan, 'plan', input.planId, 'input.planId', (p) => p.unitId);
    await requireVisible(m, policy, Unit, 'unit', input.unitId, 'input.unitId', (u) => u.id);
    if (!policy.can('edit', { unitId: input.unitId }))
      throw badInput('input.unitId', 'You may not add initiatives to this unit.');
    await requireOwner(m, policy, input.ownerId, input.unitId, 'input.ownerId');
    requireOrderedDates(input.startDate, input.endDate, 'input.endDate');
    requireAmount(input.budget, 'input.budget', { min: 0 });
    requireAmount(input.capacity, 'input.capacity', { min: 0 });
    if (input.status === InitiativeStatus.ACTIVE)
      await requireApproval(m, policy, {
        kind: 'INITIATIVE_START',
        initiative: { id: null, planId: plan.id, title, budget: input.budget ?? null },
        objectiveIds: input.objectiveIds ?? [],
        field: 'input.status',
      });
    for (const [i, id] of (input.objectiveIds ?? []).entries())
      await requireVisible(m, policy, Objective, 'objective', id, `input.objectiveIds.${i}`, (o) => o.unitId);
    for (const [i, id] of (input.kpiIds ?? []).entries())
      await requireVisible(m, policy, Kpi, 'KPI', id, `input.kpiIds.${i}`, (k) => k.unitId);
    const row = await m.getRepository(Initiative).save(
      m.getRepository(Initiative).create({
        planId: plan.id,
        title,
        description: input.description ?? '',
        ownerId: input.ownerId,
        unitId: input.unitId,
        status: input.status,
        startDate: input.startDate ?? null,
        endDate: input.endDate ?? null,
        budget: input.budget ?? null,
        capacity: input.capacity ?? 0,
      }),
    );
    for (const objectiveId of new Set(input.objectiveIds ?? []))
      await m.getRepository(InitiativeObjective).insert({ initiativeId: row.id, objectiveId });
    for (const kpiId of new Set(input.kpiIds ?? []))
      await m.getRepository(InitiativeKpi).insert({ initiativeId: row.id, kpiId });
    await recordChange(m, policy, {
      subjectType: SubjectType.INITIATIVE,
      subjectId: row.id,
      action: HistoryAction.CREATE,
      before: null,
      reason: input.reason,
      unitId: row.unitId,
      topic: TOPIC,
    });
    await evaluateDrift(m, row.id, policy, now);
    return row;
  });
}

/** Updates an initiative against the version read. */
export async function updateInitiative(
  ctx: GraphQLContext,
  input: UpdateInitiativeInput,
): Promise<Initiative> {
  return writeTransaction(ctx, (m, policy, now) => updateInitiativeIn(m, policy, now, input));
}

/**
 * `updateInitiative` inside a transaction the caller holds. Starting it (status ACTIVE) may need
 * approval (a plan's rule, APPROVAL_REQUIRED); `approved`: an approver's yes applies it.
 */
export async function updateInitiativeIn(
  m: EntityManager,
  policy: Policy,
  now: Date,
  input: UpdateInitiativeInput,
  opts: { approved?: boolean } = {},
): Promise<Initiative> {
  // Partner tokens (write:initiatives) report progress: the status, nothing structural.
  const structural = Object.entries(input).find(
    ([k, v]) => v !== undefined && !['id', 'version', 'status', 'reason'].includes(k),
  );
  if (policy.viewer.via === 'partner' && structural)
    throw forbidden(
      'A partner token may change only the status of an initiative (and its milestones).',
      `input.${structural[0]}`,
    );
  const row = await lockForChange(m, policy, Initiative, 'initiative', input.id, {
    version: input.version,
    subject,
    action: opts.approved ? 'read' : structural ? 'edit' : 'reportProgress',
  });
  const prev = await before(m, SubjectType.INITIATIVE, row.id);
  if (input.title != null) row.title = requireText(input.title, 'input.title');
  if (input.description != null) row.description = input.description;
  await applyUnitAndOwner(m, policy, row, input, 'initiatives');
  if (input.status != null) row.status = input.status;
  if (input.startDate !== undefined) row.startDate = input.startDate ?? null;
  if (input.endDate !== undefined) row.endDate = input.endDate ?? null;
  requireOrderedDates(row.startDate, row.endDate, 'input.endDate');
  if (input.budget !== undefined) {
    requireAmount(input.budget, 'input.budget', { min: 0 });
    row.budget = input.budget ?? null;
  }
  if (input.capacity != null) {
    requireAmount(input.capacity, 'input.capacity', { min: 0 });
    row.capacity = input.capacity;
  }
  if (!opts.approved && row.status === InitiativeStatus.ACTIVE && prev?.status !== InitiativeStatus.ACTIVE)
    await requireApproval(m, policy, { kind: 'INITIATIVE_START', initiative: row, field: 'input.status' });
  const saved = await m.getRepository(Initiative).save(row);
  await recordChange(m, policy, {
    subjectType: SubjectType.INITIATIVE,
    subjectId: row.id,
    action: HistoryAction.UPDATE,
    before: prev,
    reason: input.reason,
    unitId: row.unitId,
    topic: TOPIC,
  });
  await evaluateDrift(m, row.id, policy, now);
  return saved;
}

/** Archives or restores an initiative. */
export function setInitiativeArchived(
  ctx: GraphQLContext,
  id: string,
  version: number,
  archived: boolean,
  reason?: string,
): Promise<Initiative> {
  return setArchived(
    ctx,
    Initiative,
    { what: 'initiative', subjectType: SubjectType.INITIATIVE, topic: TOPIC, subject, after: evaluateDrift },
    { id, version, archived, reason },
  );
}

/** Links or unlinks an objective (`kind: 'objective'`) or KPI (`'kpi'`) to an initiative. */
export async function setInitiativeLink(
  ctx: GraphQLContext,
  initiativeId: string,
  kind: 'objective' | 'kpi',
  targetId: string,
  linked: boolean,
  reason?: string,
): Promise<Initiative> {
  return writeTransaction(ctx, async (m, policy, now) => {
    const row = await lockForChange(m, policy, Initiative, 'initiative', initiativeId, { subject });
    const field = kind === 'objective' ? 'objectiveId' : 'kpiId';
    if (kind === 'objective')
      await requireVisible(m, policy, Objective, 'objective', targetId, field, (o) => o.unitId);
    else await requireVisible(m, policy, Kpi, 'KPI', targetId, field, (k) => k.unitId);
    const repo = kind === 'objective' ? m.getRepository(InitiativeObjective) : m.getRepository(InitiativeKpi);
    const key =
      kind === 'objective' ? { initiativeId, objectiveId: targetId } : { initiativeId, kpiId: targetId };
    const exists = await repo.exists({ where: key as never });
    if (exists === linked) throw badInput(field, linked ? `Already linked.` : `Not linked.`);
    const prev = await before(m, SubjectType.INITIATIVE, initiativeId);
    if (linked) await repo.insert(key as never);
    else await repo.delete(key as never);
    await m.query(`UPDATE initiative SET version = version + 1, updated_at = now() WHERE id = $1`, [
      initiativeId,
    ]);
    await recordChange(m, policy, {
      subjectType: SubjectType.INITIATIVE,
      subjectId: initiativeId,
      action: linked ? HistoryAction.LINK : HistoryAction.UNLINK,
      before: prev,
      reason,
      unitId: row.unitId,
      topic: TOPIC,
    });
    await evaluateDrift(m, initiativeId, policy, now);
    return m.getRepository(Initiative).findOneByOrFail({ id: initiativeId });
  });
}

/** Adds a milestone (history on the milestone; event on the initiative). */
export async function addMilestone(ctx: GraphQLContext, input: AddMilestoneInput): Promise<Milestone> {
  return writeTransaction(ctx, async (m, policy, now) => {
    const initiative = await lockForChange(m, policy, Initiative, 'initiative', input.initiativeId, {
      subject,
      action: 'reportProgress',
    });
    const title = requireText(input.title, 'input.title');
    const row = await m
      .getRepository(Milestone)
      .save(
        m.getRepository(Milestone).create({ initiativeId: initiative.id, title, dueDate: input.dueDate }),
      );
    await recordChange(m, policy, {
      subjectType: SubjectType.MILESTONE,
      subjectId: row.id,
      action: HistoryAction.CREATE,
      before: null,
      unitId: initiative.unitId,
      topic: TOPIC,
    });
    await evaluateDrift(m, initiative.id, policy, now);
    return row;
  });
}

/** Updates a milestone: title, due date, completion. */
export async function updateMilestone(
  ctx: GraphQLContext,
  input: UpdateMilestoneInput,
  archive = false,
): Promise<Milestone> {
  return writeTransaction(ctx, async (m, policy, now) => {
    const ms = isUuid(input.id)
      ? await m
          .getRepository(Milestone)
          .findOne({ where: { id: input.id }, lock: { mode: 'pessimistic_write' } })
      : null;
    if (!ms || ms.archivedAt) throw notFound('milestone', input.id);
    const initiative = await lockForChange(m, policy, Initiative, 'initiative', ms.initiativeId, {
      subject,
      action: 'reportProgress',
    });
    if (ms.version !== input.version) throw conflict('milestone', input.version, ms);
    const prev = await before(m, SubjectType.MILESTONE, ms.id);
    if (input.title != null) ms.title = requireText(input.title, 'input.title');
    if (input.dueDate != null) ms.dueDate = input.dueDate;
    if (input.completed != null) ms.completedAt = input.completed ? (ms.completedAt ?? now) : null;
    if (archive) ms.archivedAt = now;
    const saved = await m.getRepository(Milestone).save(ms);
    await recordChange(m, policy, {
      subjectType: SubjectType.MILESTONE,
      subjectId: ms.id,
      action: archive ? HistoryAction.ARCHIVE : HistoryAction.UPDATE,
      before: prev,
      reason: input.reason,
      unitId: initiative.unitId,
      topic: TOPIC,
    });
    await evaluateDrift(m, initiative.id, policy, now);
    return saved;
  });
}
