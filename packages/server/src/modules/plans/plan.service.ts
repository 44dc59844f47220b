import { Framework, HistoryAction, SubjectType } from '@throughline/shared';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput } from '../../graphql/errors.js';
import { visibleOnly } from '../../graphql/visibility.js';
import {
  before,
  lockForChange,
  recordChange,
  requireOrderedDates,
  requireText,
  requireVisible,
  setArchived,
  writeTransaction,
} from '../graph-write.js';
import { Unit } from '../units/unit.entity.js';
import { Plan } from './plan.entity.js';
import { requireEscalationDays } from '../alerts/escalation.js';
import { requireCheckInDays } from '../checkins/checkin-cadence.js';

/** A new plan for a unit and period. */
export interface NewPlan {
  name: string;
  framework: Framework;
  periodStart: string;
  periodEnd: string;
  unitId: string;
  reason?: string;
}

/** Changes to a plan; only the fields given change. */
export interface PlanChanges {
  id: string;
  version: number;
  name?: string;
  framework?: Framework;
  periodStart?: string;
  periodEnd?: string;
  alertEscalationDays?: number;
  checkInEveryDays?: number;
  reason?: string;
}

const subject = (p: Plan) => ({ unitId: p.unitId });
const TOPIC = 'planChanged';

/** Plans the viewer may see, latest period first: active ones, or archived ones too when asked. */
export async function listPlans(
  ctx: GraphQLContext,
  opts: { includeArchived?: boolean } = {},
): Promise<Plan[]> {
  const policy = await ctx.policy();
  const q = ctx.db.getRepository(Plan).createQueryBuilder('p');
  if (!opts.includeArchived) q.where('p.archived_at IS NULL');
  const rows = await q.orderBy('p.period_start', 'DESC').addOrderBy('p.name', 'ASC').getMany();
  return visibleOnly(policy, rows, (p) => p.unitId);
}

/** Creates a plan (history: CREATE) for a unit the viewer may edit. */
export async function createPlan(ctx: GraphQLContext, input: NewPlan): Promise<Plan> {
  return writeTransaction(ctx, async (m, policy) => {
    const name = requireText(input.name, 'input.name');
    requireOrderedDates(input.periodStart, input.periodEnd, 'input.periodEnd');
    await requireVisible(m, policy, Unit, 'unit', input.unitId, 'input.unitId', (u) => u.id);
    if (!policy.can('edit', { unitId: input.unitId }))
      throw badInput('input.unitId', 'You may not create plans for this unit.');
    const row = await m.getRepository(Plan).save(
      m.getRepository(Plan).create({
        name,
        framework: input.framework,
        periodStart: input.periodStart,
        periodEnd: input.periodEnd,
        unitId: input.unitId,
      }),
    );
    await recordChange(m, policy, {
      subjectType: SubjectType.PLAN,
      subjectId: row.id,
      action: HistoryAction.CREATE,
      before: null,
      reason: input.reason,
      unitId: row.unitId,
      topic: TOPIC,
    });
    return row;
  });
}

/** Changes a plan (history: UPDATE); CONFLICT when `version` is stale. */
export async function updatePlan(ctx: GraphQLContext, input: PlanChanges): Promise<Plan> {
  return writeTransaction(ctx, async (m, policy) => {
    const row = await lockForChange(m, policy, Plan, 'plan', input.id, { version: input.version, subject });
    const prev = await before(m, SubjectType.PLAN, row.id);
    if (input.name != null) row.name = requireText(input.name, 'input.name');
    if (input.framework != null) row.framework = input.framework;
    if (input.periodStart != null) row.periodStart = input.periodStart;
    if (input.periodEnd != null) row.periodEnd = input.periodEnd;
    requireOrderedDates(row.periodStart, row.periodEnd, 'input.periodEnd');
    if (input.alertEscalationDays != null)
      row.alertEscalationDays = requireEscalationDays(input.alertEscalationDays, 'input.alertEscalationDays');
    if (input.checkInEveryDays != null)
      row.checkInEveryDays = requireCheckInDays(input.checkInEveryDays, 'input.checkInEveryDays');
    const saved = await m.getRepository(Plan).save(row);
    await recordChange(m, policy, {
      subjectType: SubjectType.PLAN,
      subjectId: row.id,
      action: HistoryAction.UPDATE,
      before: prev,
      reason: input.reason,
      unitId: row.unitId,
      topic: TOPIC,
    });
    return saved;
  });
}

/**
 * Archives or restores a plan (history: ARCHIVE / RESTORE). An archived plan leaves every plan
 * list and picker; its objectives, KPIs, initiatives and narrative stay as they are, in history,
 * and come back with it when it is restored.
 */
export async function setPlanArchived(
  ctx: GraphQLContext,
  change: { id: string; version: number; archived: boolean; reason?: string },
): Promise<Plan> {
  return setArchived(
    ctx,
    Plan,
    { what: 'plan', subjectType: SubjectType.PLAN, topic: TOPIC, subject },
    change,
  );
}
