import {
  ApprovalRuleKind,
  ChangeRequestStatus,
  ErrorCode,
  formatNumber,
  HistoryAction,
  InitiativeStatus,
  SubjectType,
} from '@throughline/shared';
import { GraphQLError } from 'graphql';
import { In, type EntityManager } from 'typeorm';
import type { Policy } from '../../auth/policy.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput, forbidden, notFound } from '../../graphql/errors.js';
import { isUuid } from '../../graphql/ids.js';
import {
  before,
  lockForChange,
  recordChange,
  requireAmount,
  requireText,
  setArchivedIn,
  writeTransaction,
} from '../graph-write.js';
import { Initiative } from '../initiatives/initiative.entity.js';
import { updateInitiativeIn } from '../initiatives/initiative.service.js';
import { Kpi } from '../kpis/kpi.entity.js';
import { checkKpiTarget, setKpiTargetIn } from '../kpis/kpi.service.js';
import { Objective } from '../objectives/objective.entity.js';
import { objectiveArchiveOptions } from '../objectives/objective.service.js';
import { Plan } from '../plans/plan.entity.js';
import { approvalNeed, approverNames, approversInWords, type ApprovalNeed } from './approval-guard.js';
import { ApprovalRuleInput, RequestChangeInput } from './approval.inputs.js';
import { ApprovalRule } from './approval-rule.entity.js';
import { mailDecision, mailRequest } from './approval-mail.js';
import { ChangeRequest } from './change-request.entity.js';
import { kpiTargetSummary } from './change-summary.js';

export const CHANGE_REQUEST_TOPIC = 'changeRequestChanged';

const subjectOf = (r: { unitId: string; ownerId: string }) => ({ unitId: r.unitId, ownerId: r.ownerId });

/** The one visibility rule of a request (policy.canSeeChangeRequest). */
export const requestVisible = (policy: Policy, r: ChangeRequest) => policy.canSeeChangeRequest(r);

/** A plan's approval rules, in the order of the kinds. */
export async function rulesOf(
  m: EntityManager | GraphQLContext['db'],
  planId: string,
): Promise<ApprovalRule[]> {
  const rows = await m.getRepository(ApprovalRule).findBy({ planId });
  const order = Object.values(ApprovalRuleKind);
  return rows.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
}

/** Replaces a plan's approval rules (executives): history on the plan names the rules. */
export async function setApprovalRules(
  ctx: GraphQLContext,
  planId: string,
  rules: ApprovalRuleInput[],
): Promise<Plan> {
  return writeTransaction(ctx, async (m, policy) => {
    if (!policy.canSetApprovalRules())
      throw forbidden('Only an executive may set which changes need approval.');
    const plan = await lockForChange(m, policy, Plan, 'plan', planId, {
      subject: (p) => ({ unitId: p.unitId }),
    });
    const seen = new Set<ApprovalRuleKind>();
    rules.forEach((r, i) => {
      if (seen.has(r.kind)) throw badInput(`rules.${i}.kind`, `${r.kind} is listed twice.`);
      seen.add(r.kind);
      requireAmount(r.budgetAbove, `rules.${i}.budgetAbove`, { min: 0 });
      if (r.kind !== ApprovalRuleKind.INITIATIVE_START && r.budgetAbove != null)
        throw badInput(`rules.${i}.budgetAbove`, 'Only the initiative rule takes an amount.');
    });
    const prev = await before(m, SubjectType.PLAN, plan.id);
    await m.query(`DELETE FROM approval_rule WHERE plan_id = $1`, [plan.id]);
    for (const r of rules)
      await m.getRepository(ApprovalRule).insert({
        planId: plan.id,
        kind: r.kind,
        budgetAbove: r.kind === ApprovalRuleKind.INITIATIVE_START ? (r.budgetAbove ?? 0) : null,
      });
    await m.query(`UPDATE plan SET version = version + 1, updated_at = now() WHERE id = $1`, [plan.id]);
    await recordChange(m, policy, {
      subjectType: SubjectType.PLAN,
      subjectId: plan.id,
      action: HistoryAction.UPDATE,
      before: prev,
      reason: rules.length
        ? `Changes that need approval: ${rules.map(ruleInWords).join('; ')}.`
        : 'No change needs approval any more.',
      unitId: plan.unitId,
      topic: 'planChanged',
    });
    return m.getRepository(Plan).findOneByOrFail({ id: plan.id });
  });
}

export function ruleInWords(r: { kind: ApprovalRuleKind; budgetAbove?: number | null }): string {
  switch (r.kind) {
    case ApprovalRuleKind.DASHBOARD_KPI_TARGET:
      return 'targets and thresholds of KPIs on the executive dashboard';
    case ApprovalRuleKind.OBJECTIVE_ARCHIVE:
      return 'archiving an objective';
    default:
      return `starting an initiative with a budget above ${formatNumber(r.budgetAbove ?? 0)}`;
  }
}

/** The guarded change, checked as its mutation would check it, with what it asks in words. */
async function prepare(
  m: EntityManager,
  policy: Policy,
  input: RequestChangeInput,
): Promise<{ need: ApprovalNeed | null; unitId: string; payload: Record<string, unknown>; summary: string }> {
  const version = input.version;
  switch (input.kind) {
    case ApprovalRuleKind.DASHBOARD_KPI_TARGET: {
      const kpi = await lockForChange(m, policy, Kpi, 'KPI', input.subjectId, {
        version,
        subject: subjectOf,
        allowArchived: false,
      });
      const t = input.kpiTarget;
      if (!t) throw badInput('input.kpiTarget', 'Say which target you ask for.');
      await checkKpiTarget(m, kpi, t);
      const [old]: { target: number; amber: number | null; red: number | null }[] = await m.query(
        `SELECT target, amber, red FROM kpi_target WHERE kpi_id = $1 AND period_start = $2`,
        [kpi.id, t.periodStart],
      );
      const summary = kpiTargetSummary(old, t, kpi.unitOfMeasure);
      return {
        need: await approvalNeed(m, { kind: 'KPI_TARGET', kpi, field: 'input.kpiTarget' }),
        unitId: kpi.unitId,
        payload: {
          periodStart: t.periodStart,
          periodEnd: t.periodEnd,
          target: t.target,
          amber: t.amber ?? null,
          red: t.red ?? null,
        },
        summary,
      };
    }
    case ApprovalRuleKind.OBJECTIVE_ARCHIVE: {
      const o = await lockForChange(m, policy, Objective, 'objective', input.subjectId, {
        version,
        subject: subjectOf,
      });
      return {
        need: await approvalNeed(m, { kind: 'OBJECTIVE_ARCHIVE', objective: o, field: 'input.subjectId' }),
        unitId: o.unitId,
        payload: {},
        summary: `Archive the objective “${o.title}”`,
      };
    }
    default: {
      const i = await lockForChange(m, policy, Initiative, 'initiative', input.subjectId, {
        version,
        subject: subjectOf,
      });
      if (i.status === InitiativeStatus.ACTIVE)
        throw badInput('input.subjectId', 'This initiative is already active.');
      return {
        need: await approvalNeed(m, { kind: 'INITIATIVE_START', initiative: i, field: 'input.subjectId' }),
        unitId: i.unitId,
        payload: { status: InitiativeStatus.ACTIVE },
        summary: `Start the initiative “${i.title}” (budget ${formatNumber(i.budget)})`,
      };
    }
  }
}

/**
 * Asks for a guarded change (after its mutation answered APPROVAL_REQUIRED): checked as the
 * mutation checks it, stored with the subject's version, history on the request, the approvers
 * told live and by email (after the commit).
 */
export async function requestChange(ctx: GraphQLContext, input: RequestChangeInput): Promise<ChangeRequest> {
  const saved = await writeTransaction(ctx, async (m, policy, now) => {
    if (policy.viewer.via !== 'session') throw forbidden('Partner tokens cannot ask for approval.');
    const reason = requireText(input.reason, 'input.reason', 1000);
    if (!isUuid(input.subjectId)) throw notFound('subject', input.subjectId, 'input.subjectId');
    const { need, unitId, payload, summary } = await prepare(m, policy, input);
    if (!need || need.kind !== input.kind)
      throw badInput('input.kind', 'This change needs no approval: make it directly.');
    if (policy.isChangeApprover(need.approverIds))
      throw badInput('input.kind', 'You approve such changes yourself: make the change directly.');
    const [waiting] = await m.query(
      `SELECT 1 FROM change_request WHERE subject_id = $1 AND kind = $2 AND status = $3 AND requester_id = $4`,
      [input.subjectId, input.kind, ChangeRequestStatus.PENDING, policy.viewer.personId],
    );
    if (waiting)
      throw badInput(
        'input.subjectId',
        'Your earlier request for this change still waits: withdraw it first.',
      );
    const row = await m.getRepository(ChangeRequest).save(
      m.getRepository(ChangeRequest).create({
        kind: input.kind,
        status: ChangeRequestStatus.PENDING,
        planId: need.planId,
        subjectType: need.subjectType,
        subjectId: input.subjectId,
        subjectName: need.subjectName,
        subjectVersion: input.version,
        unitId,
        payload,
        summary,
        reason,
        requesterId: policy.viewer.personId,
        approverIds: need.approverIds,
        requestedAt: now,
      }),
    );
    await recordChange(m, policy, {
      subjectType: SubjectType.CHANGE_REQUEST,
      subjectId: row.id,
      action: HistoryAction.CREATE,
      before: null,
      reason,
      unitId,
      topic: CHANGE_REQUEST_TOPIC,
    });
    return row;
  });
  await mailRequest(ctx, saved);
  return saved;
}

/** Locks a request for a decision: visible (else NOT_FOUND), still waiting (else BAD_USER_INPUT). */
async function lockRequest(m: EntityManager, policy: Policy, id: string): Promise<ChangeRequest> {
  const row = isUuid(id)
    ? await m.getRepository(ChangeRequest).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } })
    : null;
  if (!row || !policy.canSeeChangeRequest(row)) throw notFound('change request', id);
  if (row.status !== ChangeRequestStatus.PENDING)
    throw badInput('id', `This request was already ${row.status.toLowerCase()}.`);
  return row;
}

async function decide(
  m: EntityManager,
  policy: Policy,
  now: Date,
  row: ChangeRequest,
  status: ChangeRequestStatus,
  comment: string | null,
): Promise<ChangeRequest> {
  const prev = await before(m, SubjectType.CHANGE_REQUEST, row.id);
  row.status = status;
  row.decidedById = policy.viewer.personId;
  row.decidedAt = now;
  row.decisionComment = comment;
  const saved = await m.getRepository(ChangeRequest).save(row);
  await recordChange(m, policy, {
    subjectType: SubjectType.CHANGE_REQUEST,
    subjectId: row.id,
    action: HistoryAction.UPDATE,
    before: prev,
    reason: comment,
    unitId: row.unitId,
    topic: CHANGE_REQUEST_TOPIC,
  });
  return saved;
}

const TABLE: Record<ApprovalRuleKind, { table: string; what: string }> = {
  [ApprovalRuleKind.DASHBOARD_KPI_TARGET]: { table: 'kpi', what: 'KPI' },
  [ApprovalRuleKind.OBJECTIVE_ARCHIVE]: { table: 'objective', what: 'objective' },
  [ApprovalRuleKind.INITIATIVE_START]: { table: 'initiative', what: 'initiative' },
};

/**
 * Approves a request: the stored change applies through its mutation's own service code in the
 * same transaction, with history naming requester and approver. When the subject changed since
 * the request (another version, or archived), nothing applies: the request becomes OUTDATED
 * (saying why) and the answer is CONFLICT.
 */
export async function approveChange(
  ctx: GraphQLContext,
  id: string,
  comment?: string | null,
): Promise<ChangeRequest> {
  const note = comment?.trim() ? requireText(comment, 'comment', 1000) : null;
  const outcome = await writeTransaction(ctx, async (m, policy, now) => {
    const row = await lockRequest(m, policy, id);
    if (!policy.canDecideChangeRequest(row))
      throw forbidden(
        row.requesterId === policy.viewer.personId
          ? 'You asked for this change: someone else approves it.'
          : 'Only its approvers or an executive may approve this change.',
      );
    const { table, what } = TABLE[row.kind];
    const [current]: { version: number; archived_at: Date | null }[] = await m.query(
      `SELECT version, archived_at FROM ${table} WHERE id = $1 FOR UPDATE`,
      [row.subjectId],
    );
    if (!current || current.archived_at || current.version !== row.subjectVersion) {
      const why =
        !current || current.archived_at
          ? `Nothing applied: the ${what} was archived after the request.`
          : `Nothing applied: the ${what} changed after the request (version ${row.subjectVersion}, now ${current.version}). Ask again on the current version.`;
      return {
        conflict: true as const,
        request: await decide(m, policy, now, row, ChangeRequestStatus.OUTDATED, why),
      };
    }
    const [requester] = await m.query(`SELECT name FROM person WHERE id = $1`, [row.requesterId]);
    const reason = `Approved by ${policy.viewer.name} on the request of ${requester?.name ?? 'someone'}: ${row.reason}${note ? ` — ${note}` : ''}`;
    const p = row.payload;
    if (row.kind === ApprovalRuleKind.DASHBOARD_KPI_TARGET)
      await setKpiTargetIn(
        m,
        policy,
        now,
        {
          kpiId: row.subjectId,
          version: row.subjectVersion,
          periodStart: p.periodStart as string,
          periodEnd: p.periodEnd as string,
          target: p.target as number,
          amber: (p.amber as number | null) ?? null,
          red: (p.red as number | null) ?? null,
          reason,
        },
        { approved: true },
      );
    else if (row.kind === ApprovalRuleKind.OBJECTIVE_ARCHIVE)
      await setArchivedIn(m, policy, now, Objective, objectiveArchiveOptions(row.subjectId, true), {
        id: row.subjectId,
        version: row.subjectVersion,
        archived: true,
        reason,
      });
    else
      await updateInitiativeIn(
        m,
        policy,
        now,
        { id: row.subjectId, version: row.subjectVersion, status: InitiativeStatus.ACTIVE, reason },
        { approved: true },
      );
    return {
      conflict: false as const,
      request: await decide(m, policy, now, row, ChangeRequestStatus.APPROVED, note),
    };
  });
  await mailDecision(ctx, outcome.request);
  if (outcome.conflict)
    throw new GraphQLError(outcome.request.decisionComment ?? 'The subject changed after the request.', {
      extensions: {
        code: ErrorCode.CONFLICT,
        field: 'id',
        current: { id: outcome.request.id, status: outcome.request.status },
      },
    });
  return outcome.request;
}

/** Rejects a request with a comment (required: the requester reads why); nothing applies. */
export async function rejectChange(ctx: GraphQLContext, id: string, comment: string): Promise<ChangeRequest> {
  const saved = await writeTransaction(ctx, async (m, policy, now) => {
    const row = await lockRequest(m, policy, id);
    if (!policy.canDecideChangeRequest(row))
      throw forbidden('Only its approvers or an executive may reject this change.');
    const note = requireText(comment, 'comment', 1000);
    return decide(m, policy, now, row, ChangeRequestStatus.REJECTED, note);
  });
  await mailDecision(ctx, saved);
  return saved;
}

/** Takes a request back (its requester only); nothing applies. */
export async function withdrawChange(ctx: GraphQLContext, id: string): Promise<ChangeRequest> {
  return writeTransaction(ctx, async (m, policy, now) => {
    const row = await lockRequest(m, policy, id);
    if (row.requesterId !== policy.viewer.personId)
      throw forbidden('Only the person who asked may withdraw it.');
    return decide(m, policy, now, row, ChangeRequestStatus.WITHDRAWN, null);
  });
}

/** Requests the viewer may see, newest first; `mine`: those they asked for or may decide. */
export async function listChangeRequests(
  ctx: GraphQLContext,
  opts: {
    status?: ChangeRequestStatus | null;
    mine?: boolean | null;
    subjectId?: string | null;
    first: number;
  },
): Promise<ChangeRequest[]> {
  if (opts.first < 1 || opts.first > 200) throw badInput('first', 'first must be between 1 and 200.');
  if (opts.subjectId != null && !isUuid(opts.subjectId)) return [];
  const policy = await ctx.policy();
  if (policy.viewer.via !== 'session') return [];
  const params: unknown[] = [policy.visibleUnitIds()];
  const conds = ['unit_id = ANY($1::uuid[])'];
  if (opts.status) {
    params.push(opts.status);
    conds.push(`status = $${params.length}`);
  }
  if (opts.subjectId) {
    params.push(opts.subjectId);
    conds.push(`subject_id = $${params.length}`);
  }
  if (!policy.isExecutive || opts.mine) {
    params.push(policy.viewer.personId);
    const me = `$${params.length}::uuid`;
    // An executive approves every waiting request: "mine" includes all of them.
    const waiting = policy.isExecutive ? ` OR (status = 'PENDING' AND requester_id <> ${me})` : '';
    conds.push(`(requester_id = ${me} OR ${me} = ANY(approver_ids)${waiting})`);
  }
  params.push(opts.first);
  const raw: { id: string }[] = await ctx.db.query(
    `SELECT id FROM change_request WHERE ${conds.join(' AND ')}
      ORDER BY (status = 'PENDING') DESC, requested_at DESC, id LIMIT $${params.length}`,
    params,
  );
  const loaded = raw.length
    ? await ctx.db.getRepository(ChangeRequest).findBy({ id: In(raw.map((r) => r.id)) })
    : [];
  const byId = new Map(loaded.map((r) => [r.id, r]));
  return raw
    .map((r) => byId.get(r.id))
    .filter((r): r is ChangeRequest => !!r && policy.canSeeChangeRequest(r));
}

/** One request, if the viewer may see it. */
export async function visibleChangeRequest(ctx: GraphQLContext, id: string): Promise<ChangeRequest | null> {
  if (!isUuid(id)) return null;
  const policy = await ctx.policy();
  const row = await ctx.db.getRepository(ChangeRequest).findOneBy({ id });
  return row && policy.canSeeChangeRequest(row) ? row : null;
}

export { approverNames, approversInWords };
