/**
 * The demo's approval story (story/approvals.json): the plan's approval rules, and change
 * requests waiting for approval (the head of Operations asks to lower a dashboard KPI's target
 * for the current period, with a reason; the CEO is to approve). Dates relative to `now`.
 */
import { ApprovalRuleKind, ChangeRequestStatus, SubjectType } from '@throughline/shared';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { kpiTargetSummary } from '../../modules/approvals/change-summary.js';
import { insertRows } from '../builders/rows.js';
import type { Calendar } from './calendar.js';
import { historyRow } from './history.js';
import story from './story/approvals.json' with { type: 'json' };

interface ApprovalStory {
  rules: { kind: keyof typeof ApprovalRuleKind; budgetAbove?: number }[];
  requests: { kpi: string; requester: string; day: number; hour: number; target: number; reason: string }[];
}

export async function seedDemoApprovals(
  m: EntityManager,
  o: { cal: Calendar; planId: string; people: Record<string, string>; kpis: Record<string, string> },
): Promise<void> {
  const s = story as ApprovalStory;
  await insertRows(
    m,
    'approval_rule',
    s.rules.map((r) => ({
      plan_id: o.planId,
      kind: ApprovalRuleKind[r.kind],
      budget_above: r.kind === 'INITIATIVE_START' ? (r.budgetAbove ?? 0) : null,
      created_at: o.cal.now,
    })),
  );
  for (const r of s.requests) {
    const kpiId = o.kpis[r.kpi];
    const requesterId = o.people[r.requester];
    if (!kpiId || !requesterId)
      throw new Error(`demo seed: unknown KPI or person in approvals.json (${r.kpi})`);
    const today = o.cal.date(0);
    const [kpi] = await m.query(`SELECT name, unit_id, unit_of_measure, version FROM kpi WHERE id = $1`, [
      kpiId,
    ]);
    const [t] = await m.query(
      `SELECT period_start::text AS start, period_end::text AS end, target, amber, red FROM kpi_target
        WHERE kpi_id = $1 AND period_start <= $2 AND period_end >= $2`,
      [kpiId, today],
    );
    if (!t) throw new Error(`demo seed: ${r.kpi} has no target for today`);
    // The thresholds keep their distance from the target.
    const shift = r.target - t.target;
    const next = {
      periodStart: t.start,
      periodEnd: t.end,
      target: r.target,
      amber: t.amber == null ? null : t.amber + shift,
      red: t.red == null ? null : t.red + shift,
    };
    const approvers: { owner_id: string }[] = await m.query(
      `SELECT DISTINCT o.owner_id FROM objective_kpi ok JOIN objective o ON o.id = ok.objective_id
        WHERE ok.kpi_id = $1 AND o.parent_id IS NULL AND o.archived_at IS NULL`,
      [kpiId],
    );
    const id = randomUUID();
    const at = o.cal.at(r.day, r.hour);
    await insertRows(m, 'change_request', [
      {
        id,
        version: 1,
        created_at: at,
        updated_at: at,
        kind: ApprovalRuleKind.DASHBOARD_KPI_TARGET,
        status: ChangeRequestStatus.PENDING,
        plan_id: o.planId,
        subject_type: SubjectType.KPI,
        subject_id: kpiId,
        subject_name: kpi.name,
        subject_version: kpi.version,
        unit_id: kpi.unit_id,
        payload: JSON.stringify(next),
        summary: kpiTargetSummary(t, next, kpi.unit_of_measure),
        reason: r.reason,
        requester_id: requesterId,
        approver_ids: `{${approvers.map((a) => a.owner_id).join(',')}}`,
        requested_at: at,
      },
    ]);
    const h = await historyRow(m, SubjectType.CHANGE_REQUEST, id, requesterId, at, undefined);
    await insertRows(m, 'history_entry', [{ ...h, reason: r.reason }]);
  }
}
