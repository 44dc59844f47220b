import { ApprovalRuleKind, ErrorCode, SubjectType } from '@throughline/shared';
import { GraphQLError } from 'graphql';
import type { EntityManager } from 'typeorm';
import type { Policy } from '../../auth/policy.js';

/**
 * What a guarded mutation asks about (the hooks in the KPI, objective and initiative services):
 * a dashboard KPI's target, archiving an objective, starting an initiative (`id` null while it is
 * being created ACTIVE; `objectiveIds` then are the ones it will be linked to).
 */
export type GuardedChange =
  | { kind: 'KPI_TARGET'; kpi: { id: string; name: string; onExecutiveDashboard: boolean }; field: string }
  | {
      kind: 'OBJECTIVE_ARCHIVE';
      objective: { id: string; title: string; planId: string; parentId: string | null };
      field: string;
    }
  | {
      kind: 'INITIATIVE_START';
      initiative: { id: string | null; title: string; planId: string; budget: number | null };
      objectiveIds?: string[];
      field: string;
    };

/** A change that a plan's rule puts under approval: which rule, whose yes it needs. */
export interface ApprovalNeed {
  kind: ApprovalRuleKind;
  planId: string;
  subjectType: SubjectType;
  subjectId: string | null;
  subjectName: string;
  /** Named approvers besides the executives: owners of the objectives above the subject. */
  approverIds: string[];
}

/**
 * Whether a plan's approval rule covers this change (null: it applies without approval).
 * - KPI targets and thresholds: the KPI is on the executive dashboard and measures a live
 *   objective of a plan with the DASHBOARD_KPI_TARGET rule; approvers: the owners of the highest
 *   of those objectives (company objectives when it measures one; else all of them).
 * - Archiving an objective of a plan with OBJECTIVE_ARCHIVE; approver: the parent objective's owner.
 * - Starting an initiative of a plan with INITIATIVE_START whose budget is above the rule's
 *   amount; approvers: the owners of the objectives it serves.
 */
export async function approvalNeed(m: EntityManager, change: GuardedChange): Promise<ApprovalNeed | null> {
  if (change.kind === 'KPI_TARGET') {
    if (!change.kpi.onExecutiveDashboard) return null;
    const rows: { plan_id: string; owner_id: string; top: boolean }[] = await m.query(
      `SELECT o.plan_id, o.owner_id, o.parent_id IS NULL AS top FROM objective_kpi ok
         JOIN objective o ON o.id = ok.objective_id AND o.archived_at IS NULL
         JOIN approval_rule r ON r.plan_id = o.plan_id AND r.kind = $2
        WHERE ok.kpi_id = $1 ORDER BY o.plan_id, o.position, o.id`,
      [change.kpi.id, ApprovalRuleKind.DASHBOARD_KPI_TARGET],
    );
    if (rows.length === 0) return null;
    // The highest objectives it measures decide (a department objective below a company one does not).
    const top = rows.filter((r) => r.top);
    return {
      kind: ApprovalRuleKind.DASHBOARD_KPI_TARGET,
      planId: rows[0].plan_id,
      subjectType: SubjectType.KPI,
      subjectId: change.kpi.id,
      subjectName: change.kpi.name,
      approverIds: [...new Set((top.length ? top : rows).map((r) => r.owner_id))],
    };
  }
  if (change.kind === 'OBJECTIVE_ARCHIVE') {
    const o = change.objective;
    const [rule] = await m.query(`SELECT 1 FROM approval_rule WHERE plan_id = $1 AND kind = $2`, [
      o.planId,
      ApprovalRuleKind.OBJECTIVE_ARCHIVE,
    ]);
    if (!rule) return null;
    const parent: { owner_id: string }[] = o.parentId
      ? await m.query(`SELECT owner_id FROM objective WHERE id = $1 AND archived_at IS NULL`, [o.parentId])
      : [];
    return {
      kind: ApprovalRuleKind.OBJECTIVE_ARCHIVE,
      planId: o.planId,
      subjectType: SubjectType.OBJECTIVE,
      subjectId: o.id,
      subjectName: o.title,
      approverIds: parent.map((p) => p.owner_id),
    };
  }
  const i = change.initiative;
  const [rule]: { budget_above: number | null }[] = await m.query(
    `SELECT budget_above FROM approval_rule WHERE plan_id = $1 AND kind = $2`,
    [i.planId, ApprovalRuleKind.INITIATIVE_START],
  );
  if (!rule || (i.budget ?? 0) <= (rule.budget_above ?? 0)) return null;
  const owners: { owner_id: string }[] = i.id
    ? await m.query(
        `SELECT DISTINCT o.owner_id FROM initiative_objective io JOIN objective o ON o.id = io.objective_id AND o.archived_at IS NULL WHERE io.initiative_id = $1`,
        [i.id],
      )
    : await m.query(
        `SELECT DISTINCT owner_id FROM objective WHERE id = ANY($1::uuid[]) AND archived_at IS NULL`,
        [(change.objectiveIds ?? []).filter((id) => /^[0-9a-f-]{36}$/i.test(id))],
      );
  return {
    kind: ApprovalRuleKind.INITIATIVE_START,
    planId: i.planId,
    subjectType: SubjectType.INITIATIVE,
    subjectId: i.id,
    subjectName: i.title,
    approverIds: owners.map((r) => r.owner_id),
  };
}

/** "Dana Whitfield or an executive", "Dana Whitfield, Ola Berg or an executive", "an executive". */
export async function approverNames(m: EntityManager, approverIds: string[]): Promise<string[]> {
  if (approverIds.length === 0) return [];
  const rows: { name: string }[] = await m.query(
    `SELECT name FROM person WHERE id = ANY($1::uuid[]) AND archived_at IS NULL ORDER BY name`,
    [approverIds],
  );
  return rows.map((r) => r.name);
}

export const approversInWords = (names: string[]) =>
  names.length === 0 ? 'an executive' : `${names.join(', ')} or an executive`;

const WHAT: Record<ApprovalRuleKind, string> = {
  [ApprovalRuleKind.DASHBOARD_KPI_TARGET]:
    'This KPI is on the executive dashboard: a change of its targets or thresholds',
  [ApprovalRuleKind.OBJECTIVE_ARCHIVE]: 'Archiving this objective',
  [ApprovalRuleKind.INITIATIVE_START]: 'Starting this initiative (its budget is above the plan’s limit)',
};

/**
 * The hook of a guarded mutation: returns when no rule covers the change or the viewer approves
 * such changes (their own edit applies directly); else refuses with APPROVAL_REQUIRED, naming the
 * approvers, so the app can offer "Ask for approval" (`requestChange` with the same change).
 */
export async function requireApproval(
  m: EntityManager,
  policy: Policy,
  change: GuardedChange,
): Promise<void> {
  const need = await approvalNeed(m, change);
  if (!need || policy.isChangeApprover(need.approverIds)) return;
  const names = await approverNames(m, need.approverIds);
  const how =
    need.subjectId === null
      ? ' Create it as proposed, then ask for approval to start it.'
      : ' Ask for approval with a reason; it applies when approved.';
  throw new GraphQLError(`${WHAT[need.kind]} needs the approval of ${approversInWords(names)}.${how}`, {
    extensions: {
      code: ErrorCode.APPROVAL_REQUIRED,
      field: change.field,
      kind: need.kind,
      approvers: names,
    },
  });
}
