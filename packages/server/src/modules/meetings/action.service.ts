import { ActionStatus, HistoryAction, SubjectType } from '@throughline/shared';
import type { EntityManager } from 'typeorm';
import type { Policy } from '../../auth/policy.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput, conflict, forbidden, notFound } from '../../graphql/errors.js';
import { isUuid } from '../../graphql/ids.js';
import { before, recordChange, requireText, writeTransaction } from '../graph-write.js';
import { Person } from '../people/person.entity.js';
import { requireOwner } from '../people/person-checks.js';
import { Action } from './action.entity.js';
import { ACTION_TOPIC } from './decision.service.js';
import { UpdateActionInput } from './action.inputs.js';
import { Meeting } from './meeting.entity.js';
import { meetingSubject, publishMeetingChanged } from './meeting.service.js';
import { judgeActionOnChange } from './overdue-actions.js';

/** Whether the viewer may change this action: its owner, its meeting's chair and participants, heads of its unit, executives. */
async function mayChange(m: EntityManager, policy: Policy, row: Action, meeting: Meeting): Promise<boolean> {
  const ms = await meetingSubject(m, meeting);
  return policy.can('runMeeting', {
    unitId: row.unitId,
    ownerId: row.ownerId,
    participantIds: [meeting.chairId, ...(ms.participantIds ?? [])],
  });
}

function requireDue(value: Date, field: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime()))
    throw badInput(field, 'dueDate must be a valid date.');
  const y = value.getUTCFullYear();
  if (y < 2000 || y > 2100) throw badInput(field, 'dueDate must lie between the years 2000 and 2100.');
  return value;
}

/** Writes one changed action: history, its event (the new owner's lists update live), the meeting room, the overdue alert. */
async function saveChanged(
  m: EntityManager,
  policy: Policy,
  row: Action,
  meeting: Meeting,
  prev: Record<string, unknown> | null,
  now: Date,
  reason: string | null,
): Promise<Action> {
  const saved = await m.getRepository(Action).save(row);
  await recordChange(m, policy, {
    subjectType: SubjectType.ACTION,
    subjectId: row.id,
    action: HistoryAction.UPDATE,
    before: prev,
    reason,
    unitId: row.unitId,
    topic: ACTION_TOPIC,
  });
  await publishMeetingChanged(m, meeting, {
    reason: ACTION_TOPIC,
    actionId: row.id,
    actorId: policy.viewer.personId,
  });
  await judgeActionOnChange(m, saved, now);
  return saved;
}

/** Changes an action's text, owner or due date (also after its meeting closed); history keeps each version. */
export async function updateAction(ctx: GraphQLContext, input: UpdateActionInput): Promise<Action> {
  return writeTransaction(ctx, async (m, policy, now) => {
    const row = isUuid(input.id)
      ? await m
          .getRepository(Action)
          .findOne({ where: { id: input.id }, lock: { mode: 'pessimistic_write' } })
      : null;
    if (!row || !policy.can('read', { unitId: row.unitId })) throw notFound('action', input.id);
    const meeting = await m.getRepository(Meeting).findOneByOrFail({ id: row.meetingId });
    if (!(await mayChange(m, policy, row, meeting)))
      throw forbidden(
        'Only the action’s owner, the meeting’s chair and participants, heads of its unit and executives may change it.',
      );
    if (row.version !== input.version) throw conflict('action', input.version, row);
    if (input.text == null && input.ownerId == null && input.dueDate == null)
      throw badInput('input', 'Say what to change: text, ownerId or dueDate.');
    const prev = await before(m, SubjectType.ACTION, row.id);
    if (input.text != null) row.text = requireText(input.text, 'input.text', 500);
    if (input.ownerId != null && input.ownerId !== row.ownerId)
      row.ownerId = (await requireOwner(m, policy, input.ownerId, row.unitId, 'input.ownerId')).id;
    if (input.dueDate != null) row.dueDate = requireDue(input.dueDate, 'input.dueDate');
    return saveChanged(m, policy, row, meeting, prev, now, null);
  });
}

/** What reassigning a person's open actions did. */
export interface ReassignResult {
  actions: Action[];
  /** Open actions of the person the viewer may not change (or see): they stay with the person. */
  remaining: number;
}

/**
 * Hands every open action of a person (typically one who leaves) to someone else in one step:
 * each through the write pattern (history with the reason, its event, the meeting room). The
 * actions the viewer may not change stay and are counted; the new owner must see each action's
 * unit, else nothing is moved and the error names the unit.
 */
export async function reassignActions(
  ctx: GraphQLContext,
  fromPersonId: string,
  toPersonId: string,
): Promise<ReassignResult> {
  return writeTransaction(ctx, async (m, policy, now) => {
    const from = isUuid(fromPersonId) ? await m.getRepository(Person).findOneBy({ id: fromPersonId }) : null;
    if (!from || !policy.canSeePerson(from))
      throw badInput('fromPersonId', `No person with id ${fromPersonId}.`);
    if (!policy.canReassignActionsOf(from))
      throw forbidden("Only the heads of the person's unit and executives may reassign their actions.");
    if (toPersonId === fromPersonId)
      throw badInput('toPersonId', 'Choose someone else to take the actions over.');
    const rows = await m
      .getRepository(Action)
      .createQueryBuilder('a')
      .setLock('pessimistic_write')
      .where('a.owner_id = :id AND a.status = :open', { id: from.id, open: ActionStatus.OPEN })
      .orderBy('a.due_date')
      .getMany();
    const moved: Action[] = [];
    let remaining = 0;
    for (const row of rows) {
      const meeting = await m.getRepository(Meeting).findOneByOrFail({ id: row.meetingId });
      if (!policy.can('read', { unitId: row.unitId }) || !(await mayChange(m, policy, row, meeting))) {
        remaining++;
        continue;
      }
      const to = await requireOwner(m, policy, toPersonId, row.unitId, 'toPersonId');
      const prev = await before(m, SubjectType.ACTION, row.id);
      row.ownerId = to.id;
      moved.push(await saveChanged(m, policy, row, meeting, prev, now, `Reassigned from ${from.name}`));
    }
    return { actions: moved, remaining };
  });
}
