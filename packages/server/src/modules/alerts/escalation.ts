import type { EntityManager } from 'typeorm';
import { badInput } from '../../graphql/errors.js';
import { OrgTree } from '../../auth/org-tree.js';
import { Policy, viewerOf } from '../../auth/policy.js';
import { publishGraphEvent } from '../events/graph-events.js';
import { ALERT_TOPICS } from './alert-topics.js';

/** Days an alert may stay OPEN (not acknowledged) before it escalates, when its subject has no plan. */
export const DEFAULT_ESCALATION_DAYS = 3;

/** A plan's escalation window: whole days, 1 to 90. */
export function requireEscalationDays(days: number, field: string): number {
  if (!Number.isInteger(days) || days < 1 || days > 90)
    throw badInput(field, 'The escalation window is a whole number of days from 1 to 90.');
  return days;
}

interface OpenAlertRow {
  id: string;
  unit_id: string;
  owner_id: string | null;
  rule: string;
  subject_id: string;
  raised_at: Date;
  escalated_at: Date | null;
  escalated_unit_id: string | null;
  escalated_to_id: string | null;
  days: number;
}

interface PersonRow {
  id: string;
  name: string;
  email: string;
  role: string;
  unit_id: string;
}

/**
 * The next head up the unit tree for an alert: starting above `fromUnitId`, the first unit whose
 * head is someone other than those who already have the alert (its owner, the head it was last
 * given to or the head of its own unit) and may see the alert's unit (a restricted unit's alert
 * never goes to a head who may not see it). Null at the top of the tree.
 */
export function nextHeadUp(
  tree: OrgTree,
  alert: { unitId: string; ownerId: string | null; escalatedToId: string | null },
  fromUnitId: string,
  canSee: (personId: string) => boolean,
): { unitId: string; headId: string } | null {
  const own = tree.byId.get(alert.unitId)?.headId ?? null;
  const already = new Set([alert.ownerId, alert.escalatedToId, own].filter((x): x is string => !!x));
  for (const u of tree.ancestorsAndSelf(fromUnitId).slice(1)) {
    if (!u.headId || already.has(u.headId)) continue;
    if (canSee(u.headId)) return { unitId: u.id, headId: u.headId };
  }
  return null;
}

/**
 * Escalation (run by the drift scan, under its advisory lock: one instance at a time): every alert
 * still OPEN — nobody acknowledged it — whose window has passed since it was raised (or since its
 * last escalation) goes to the next head up the unit tree. The window is the subject's plan's
 * `alertEscalationDays` (a KPI: the shortest of the plans it measures objectives of; no plan, e.g.
 * an action or a unit: DEFAULT_ESCALATION_DAYS). The alert records to whom, which unit's head,
 * when, the level and the window, and `alertEscalated` is published. At the company's head it stays.
 */
export async function escalateAlerts(m: EntityManager, now: Date): Promise<number> {
  const due: OpenAlertRow[] = await m.query(
    `SELECT * FROM (
       SELECT a.id, a.unit_id, a.owner_id, a.rule, a.subject_id, a.raised_at, a.escalated_at,
              a.escalated_unit_id, a.escalated_to_id,
              coalesce((SELECT min(p.alert_escalation_days) FROM plan p WHERE p.id IN (
                          SELECT o.plan_id FROM objective o WHERE o.id = a.subject_id
                          UNION SELECT i.plan_id FROM initiative i WHERE i.id = a.subject_id
                          UNION SELECT i.plan_id FROM milestone ms JOIN initiative i ON i.id = ms.initiative_id
                                 WHERE ms.id = a.subject_id
                          UNION SELECT o.plan_id FROM objective_kpi ok JOIN objective o ON o.id = ok.objective_id
                                 WHERE ok.kpi_id = a.subject_id AND o.archived_at IS NULL)), $1)::int AS days
         FROM alert a WHERE a.status = 'OPEN') x
      WHERE coalesce(x.escalated_at, x.raised_at) + x.days * interval '1 day' <= $2
      ORDER BY x.raised_at, x.id`,
    [DEFAULT_ESCALATION_DAYS, now],
  );
  if (due.length === 0) return 0;
  const tree = await OrgTree.load(m);
  const people = new Map<string, PersonRow | null>();
  const policies = new Map<string, Policy | null>();
  const policyOf = async (personId: string): Promise<Policy | null> => {
    if (!policies.has(personId)) {
      if (!people.has(personId)) {
        const [p]: PersonRow[] = await m.query(
          `SELECT id, name, email, role, unit_id FROM person WHERE id = $1 AND archived_at IS NULL`,
          [personId],
        );
        people.set(personId, p ?? null);
      }
      const p = people.get(personId);
      policies.set(personId, p ? new Policy(viewerOf({ ...p, unitId: p.unit_id }), tree) : null);
    }
    return policies.get(personId)!;
  };
  let escalated = 0;
  for (const a of due) {
    const from = a.escalated_unit_id && tree.byId.has(a.escalated_unit_id) ? a.escalated_unit_id : a.unit_id;
    if (!tree.byId.has(from)) continue;
    // Who may see the alert's unit is known before the walk (people are few; the walk is short).
    const visible = new Map<string, boolean>();
    for (const u of tree.ancestorsAndSelf(from))
      if (u.headId && !visible.has(u.headId))
        visible.set(u.headId, !!(await policyOf(u.headId))?.canSeeUnit(a.unit_id));
    const next = nextHeadUp(
      tree,
      { unitId: a.unit_id, ownerId: a.owner_id, escalatedToId: a.escalated_to_id },
      from,
      (id) => visible.get(id) ?? false,
    );
    if (!next) continue;
    await m.query(
      `UPDATE alert SET escalated_to_id = $2, escalated_unit_id = $3, escalated_at = $4,
              escalation_level = escalation_level + 1, escalation_window_days = $5
        WHERE id = $1 AND status = 'OPEN'`,
      [a.id, next.headId, next.unitId, now, a.days],
    );
    await publishGraphEvent(m, {
      topic: ALERT_TOPICS.escalated,
      subjectId: a.id,
      unitId: a.unit_id,
      payload: { rule: a.rule, subjectId: a.subject_id, escalatedToId: next.headId },
    });
    escalated++;
  }
  return escalated;
}

/** "Escalated to Ana Berg (head of Operations) on 3 Mar 2027 because nobody acknowledged it within 3 days." */
export function escalationText(e: {
  headName: string;
  unitName: string | null;
  at: string;
  days: number | null;
}): string {
  const days = e.days ?? DEFAULT_ESCALATION_DAYS;
  return `Escalated to ${e.headName}${e.unitName ? ` (head of ${e.unitName})` : ''} on ${e.at} because nobody acknowledged it within ${days} ${days === 1 ? 'day' : 'days'}.`;
}
