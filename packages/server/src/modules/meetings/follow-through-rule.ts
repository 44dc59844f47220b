import { ActionStatus } from '@throughline/shared';

/**
 * The follow-through rule, as pure functions over plain facts (no database, no clock).
 *
 * A decision is followed through when every action that carries it out was DONE by its due
 * date (completedAt ≤ dueDate). Judged at an instant `asOf` (now, or when a review closed):
 * - an action that did not exist yet at `asOf` does not count; one marked DONE after `asOf`
 *   was still open then;
 * - a DROPPED action counts in nothing: dropping is a decision of a review, not a miss. (When it
 *   was dropped is not kept on the row, so the trend leaves it out at every point too.)
 * - an open action whose due date has not come is PENDING: the decision is not judged yet,
 *   unless another of its actions already missed (then the outcome is known);
 * - a decision without actions (or whose actions were all dropped) is not counted: there was
 *   nothing to carry out.
 * So a decision is ON_TIME (all done on time), LATE (all done, some after their due date),
 * MISSED (an action still open past its due date), PENDING, or NOT_COUNTED. Follow-through is
 * ON_TIME / (ON_TIME + LATE + MISSED); null when no decision was due.
 *
 * The action-level figures (kept from the first version of follow-through): actions whose due
 * date has passed (dropped ones left out), and of those the ones done by their due date.
 */

export interface ActionFacts {
  ownerId: string;
  status: ActionStatus;
  dueDate: Date;
  completedAt: Date | null;
  createdAt: Date;
}

export interface DecisionFacts {
  id: string;
  ownerId: string;
  createdAt: Date;
  actions: readonly ActionFacts[];
}

export type ActionOutcome = 'ON_TIME' | 'LATE' | 'MISSED' | 'PENDING' | 'NOT_COUNTED';
export type DecisionOutcome = ActionOutcome;

/** How one action stood at `asOf`. */
export function judgeAction(a: ActionFacts, asOf: Date): ActionOutcome {
  if (a.createdAt > asOf || a.status === ActionStatus.DROPPED) return 'NOT_COUNTED';
  const doneBy = a.status === ActionStatus.DONE && a.completedAt && a.completedAt <= asOf;
  if (doneBy) return a.completedAt! <= a.dueDate ? 'ON_TIME' : 'LATE';
  return a.dueDate <= asOf ? 'MISSED' : 'PENDING';
}

/** How one decision stood at `asOf` (see the rule above). */
export function judgeDecision(d: DecisionFacts, asOf: Date): DecisionOutcome {
  if (d.createdAt > asOf) return 'NOT_COUNTED';
  const outcomes = d.actions.map((a) => judgeAction(a, asOf)).filter((o) => o !== 'NOT_COUNTED');
  if (outcomes.length === 0) return 'NOT_COUNTED';
  if (outcomes.includes('MISSED')) return 'MISSED';
  if (outcomes.includes('LATE')) return 'LATE';
  if (outcomes.includes('PENDING')) return 'PENDING';
  return 'ON_TIME';
}

/** Decision-level counts. */
export interface DecisionCounts {
  /** Decisions judged: ON_TIME + LATE + MISSED. */
  due: number;
  onTime: number;
  late: number;
  missed: number;
  /** Decisions with actions still to come due (not judged yet). */
  pending: number;
  /** onTime / due; null when none was due. */
  rate: number | null;
}

/** Action-level counts: due = not dropped and due by `asOf`; doneOnTime = of those, done by their due date. */
export interface ActionCounts {
  due: number;
  doneOnTime: number;
  rate: number | null;
}

export function countDecisions(decisions: readonly DecisionFacts[], asOf: Date): DecisionCounts {
  const c = { due: 0, onTime: 0, late: 0, missed: 0, pending: 0 };
  for (const d of decisions) {
    const o = judgeDecision(d, asOf);
    if (o === 'ON_TIME') c.onTime++;
    else if (o === 'LATE') c.late++;
    else if (o === 'MISSED') c.missed++;
    else if (o === 'PENDING') c.pending++;
  }
  c.due = c.onTime + c.late + c.missed;
  return { ...c, rate: c.due ? c.onTime / c.due : null };
}

export function countActions(actions: readonly ActionFacts[], asOf: Date): ActionCounts {
  let due = 0;
  let doneOnTime = 0;
  for (const a of actions) {
    if (a.createdAt > asOf || a.status === ActionStatus.DROPPED || a.dueDate > asOf) continue;
    due++;
    if (judgeAction(a, asOf) === 'ON_TIME') doneOnTime++;
  }
  return { due, doneOnTime, rate: due ? doneOnTime / due : null };
}

/** Decision counts per decision owner, for the owners present in `decisions`. */
export function decisionsByOwner(
  decisions: readonly DecisionFacts[],
  asOf: Date,
): Map<string, DecisionCounts> {
  const groups = new Map<string, DecisionFacts[]>();
  for (const d of decisions) groups.set(d.ownerId, [...(groups.get(d.ownerId) ?? []), d]);
  return new Map([...groups].map(([owner, ds]) => [owner, countDecisions(ds, asOf)]));
}
