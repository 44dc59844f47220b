import { ActionStatus, SubjectType } from '@throughline/shared';
import { dateText } from '../../text.js';
import type { EntityManager } from 'typeorm';
import { AlertRule } from '../alerts/alert-rules.js';
import { AlertCondition, raiseOrResolve, reconcileRule } from '../alerts/alert.service.js';
import type { Action } from './action.entity.js';

/** An open action past its due date, as the drift rule needs it. */
export interface OverdueAction {
  id: string;
  text: string;
  unitId: string;
  ownerId: string;
  dueDate: Date;
}

const condition = (
  a: Pick<Action, 'id' | 'text' | 'unitId' | 'ownerId' | 'dueDate'>,
  active: boolean,
): AlertCondition => ({
  rule: AlertRule.ACTION_OVERDUE,
  subjectId: a.id,
  subjectType: SubjectType.ACTION,
  unitId: a.unitId,
  ownerId: a.ownerId,
  active,
  message: `Action overdue since ${dateText(a.dueDate)}: ${a.text}`,
});

/** Open actions whose due date has passed, soonest first. */
export async function findOverdueActions(m: EntityManager, now: Date): Promise<OverdueAction[]> {
  return m.query(
    `SELECT id, text, unit_id AS "unitId", owner_id AS "ownerId", due_date AS "dueDate" FROM action
      WHERE status = $1 AND due_date < $2 ORDER BY due_date`,
    [ActionStatus.OPEN, now],
  );
}

/**
 * The time-based part of the ACTION_OVERDUE drift rule, for the scheduled drift scan: raises
 * one alert per overdue open action (to its owner and its unit's head) and resolves the rest.
 */
export async function overdueActionAlerts(
  m: EntityManager,
  now: Date,
): Promise<{ raised: number; resolved: number }> {
  const overdue = await findOverdueActions(m, now);
  return reconcileRule(
    m,
    now,
    AlertRule.ACTION_OVERDUE,
    overdue.map((a) => condition(a, true)),
  );
}

/**
 * The change-driven part, called in the transaction of every change to an action (added, status
 * changed): an "action overdue" alert resolves as soon as the action is done or dropped.
 */
export async function judgeActionOnChange(m: EntityManager, a: Action, now: Date): Promise<void> {
  await raiseOrResolve(
    m,
    now,
    condition(a, a.status === ActionStatus.OPEN && a.dueDate.getTime() < now.getTime()),
  );
}
