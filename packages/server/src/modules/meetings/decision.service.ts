import { ActionStatus, HistoryAction, MeetingStatus, SubjectType } from '@throughline/shared';
import type { EntityManager } from 'typeorm';
import { audienceCanSee, type Policy } from '../../auth/policy.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput, forbidden, notFound } from '../../graphql/errors.js';
import { isUuid } from '../../graphql/ids.js';
import { before, recordChange, requireText, writeTransaction } from '../graph-write.js';
import { requireOwner } from '../people/person-checks.js';
import { Action } from './action.entity.js';
import { Decision } from './decision.entity.js';
import { AddActionInput, RecordDecisionInput } from './meeting.inputs.js';
import { Meeting } from './meeting.entity.js';
import { lockMeetingToRun, meetingSubject, publishMeetingChanged } from './meeting.service.js';
import { judgeActionOnChange } from './overdue-actions.js';

/** Topic of decision events (subject: the decision). */
export const DECISION_TOPIC = 'decisionRecorded';
/** Topic of action events (subject: the action). */
export const ACTION_TOPIC = 'actionChanged';

/** The objective, KPI or initiative with this id (active), with its type and unit; null when none. */
export async function findStrategySubject(
  m: EntityManager | GraphQLContext['db'],
  id: string,
): Promise<{ type: SubjectType; unitId: string } | null> {
  if (!isUuid(id)) return null;
  const [row] = await m.query(
    `SELECT 'OBJECTIVE' AS type, unit_id FROM objective WHERE id = $1 AND archived_at IS NULL
     UNION ALL SELECT 'KPI', unit_id FROM kpi WHERE id = $1 AND archived_at IS NULL
     UNION ALL SELECT 'INITIATIVE', unit_id FROM initiative WHERE id = $1 AND archived_at IS NULL`,
    [id],
  );
  return row ? { type: row.type as SubjectType, unitId: row.unit_id } : null;
}

/** Loads the meeting named by an input for recording in it: visible, runnable by the viewer, and OPEN. */
async function openMeetingFor(
  m: EntityManager,
  policy: Policy,
  meetingId: string,
  what: string,
): Promise<Meeting> {
  const meeting = await lockMeetingToRun(m, policy, meetingId, 'input.meetingId', { asInput: true });
  if (meeting.status !== MeetingStatus.OPEN) {
    throw badInput(
      'input.meetingId',
      `${what} are recorded while a meeting is open; this one is ${meeting.status.toLowerCase()}.`,
    );
  }
  return meeting;
}

function optionalText(value: string | null | undefined, field: string, max: number): string {
  const v = (value ?? '').trim();
  if (v.length > max) throw badInput(field, `${field.split('.').pop()} must be at most ${max} characters.`);
  return v;
}

/** Records a decision of an open meeting, with an owner who can see its subject. */
export async function recordDecision(ctx: GraphQLContext, input: RecordDecisionInput): Promise<Decision> {
  return writeTransaction(ctx, async (m, policy, now) => {
    const meeting = await openMeetingFor(m, policy, input.meetingId, 'Decisions');
    const text = requireText(input.text, 'input.text', 2000);
    const rationale = optionalText(input.rationale, 'input.rationale', 5000);
    let subject: { type: SubjectType; unitId: string } | null = null;
    if (input.subjectId != null) {
      subject = await findStrategySubject(m, input.subjectId);
      if (!subject || !policy.canSeeUnit(subject.unitId))
        throw badInput('input.subjectId', `No objective, KPI or initiative with id ${input.subjectId}.`);
      // The decision is read by everyone who sees the meeting: its subject must not be hidden from any of them.
      if (!audienceCanSee(policy.tree, meeting.unitId, subject.unitId)) {
        throw badInput(
          'input.subjectId',
          'This subject belongs to a restricted unit that not everyone in this meeting may see; record the decision in a review of that unit.',
        );
      }
    }
    await requireOwner(m, policy, input.ownerId, meeting.unitId, 'input.ownerId');
    if (subject) await requireOwner(m, policy, input.ownerId, subject.unitId, 'input.ownerId');
    if (input.revisitOn != null) {
      const opened = (meeting.openedAt ?? now).toISOString().slice(0, 10);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(input.revisitOn) || input.revisitOn < opened)
        throw badInput('input.revisitOn', `revisitOn must be a date on or after ${opened}.`);
    }
    const repo = m.getRepository(Decision);
    const row = await repo.save(
      repo.create({
        meetingId: meeting.id,
        unitId: meeting.unitId,
        text,
        rationale,
        ownerId: input.ownerId,
        subjectId: input.subjectId ?? null,
        subjectType: subject?.type ?? null,
        revisitOn: input.revisitOn ?? null,
      }),
    );
    await recordChange(m, policy, {
      subjectType: SubjectType.DECISION,
      subjectId: row.id,
      action: HistoryAction.CREATE,
      before: null,
      unitId: meeting.unitId,
      topic: DECISION_TOPIC,
    });
    await publishMeetingChanged(m, meeting, {
      reason: DECISION_TOPIC,
      decisionId: row.id,
      actorId: policy.viewer.personId,
    });
    return row;
  });
}

/** Adds an action to an open meeting, with an owner and a due date, optionally following a decision of the same unit. */
export async function addAction(ctx: GraphQLContext, input: AddActionInput): Promise<Action> {
  return writeTransaction(ctx, async (m, policy, now) => {
    const meeting = await openMeetingFor(m, policy, input.meetingId, 'Actions');
    const text = requireText(input.text, 'input.text', 2000);
    const due = input.dueDate;
    if (!(due instanceof Date) || Number.isNaN(due.getTime()))
      throw badInput('input.dueDate', 'dueDate must be a valid date and time.');
    const earliest = new Date(meeting.scheduledAt.toISOString().slice(0, 10) + 'T00:00:00Z');
    if (due < earliest)
      throw badInput(
        'input.dueDate',
        `dueDate must not be before the meeting (${earliest.toISOString().slice(0, 10)}).`,
      );
    if (due.getUTCFullYear() > 2100)
      throw badInput('input.dueDate', 'dueDate must lie before the year 2100.');
    let decision: Decision | null = null;
    if (input.decisionId != null) {
      decision = isUuid(input.decisionId)
        ? await m.getRepository(Decision).findOne({ where: { id: input.decisionId } })
        : null;
      if (!decision || decision.unitId !== meeting.unitId)
        throw badInput('input.decisionId', `No decision of this meeting's unit with id ${input.decisionId}.`);
    }
    await requireOwner(m, policy, input.ownerId, meeting.unitId, 'input.ownerId');
    if (decision?.subjectId) {
      const subject = await findStrategySubject(m, decision.subjectId);
      if (subject) await requireOwner(m, policy, input.ownerId, subject.unitId, 'input.ownerId');
    }
    const repo = m.getRepository(Action);
    const row = await repo.save(
      repo.create({
        meetingId: meeting.id,
        unitId: meeting.unitId,
        decisionId: decision?.id ?? null,
        text,
        ownerId: input.ownerId,
        dueDate: due,
        status: ActionStatus.OPEN,
      }),
    );
    await recordChange(m, policy, {
      subjectType: SubjectType.ACTION,
      subjectId: row.id,
      action: HistoryAction.CREATE,
      before: null,
      unitId: meeting.unitId,
      topic: ACTION_TOPIC,
    });
    await publishMeetingChanged(m, meeting, {
      reason: ACTION_TOPIC,
      actionId: row.id,
      actorId: policy.viewer.personId,
    });
    await judgeActionOnChange(m, row, now);
    return row;
  });
}

/**
 * Marks an action done, dropped or open again. Its owner, the meeting's chair and
 * participants, heads of its unit and executives may; the meeting may be closed by then.
 */
export async function setActionStatus(
  ctx: GraphQLContext,
  id: string,
  status: ActionStatus,
): Promise<Action> {
  return writeTransaction(ctx, async (m, policy, now) => {
    const row = isUuid(id)
      ? await m.getRepository(Action).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } })
      : null;
    if (!row || !policy.can('read', { unitId: row.unitId })) throw notFound('action', id);
    const meeting = await m.getRepository(Meeting).findOneByOrFail({ id: row.meetingId });
    const ms = await meetingSubject(m, meeting);
    if (
      !policy.can('runMeeting', {
        unitId: row.unitId,
        ownerId: row.ownerId,
        participantIds: [meeting.chairId, ...(ms.participantIds ?? [])],
      })
    ) {
      throw forbidden(
        'Only the action’s owner, the meeting’s chair and participants, heads of its unit and executives may change it.',
      );
    }
    if (row.status === status) return row;
    const prev = await before(m, SubjectType.ACTION, row.id);
    row.status = status;
    row.completedAt = status === ActionStatus.DONE ? now : null;
    const saved = await m.getRepository(Action).save(row);
    await recordChange(m, policy, {
      subjectType: SubjectType.ACTION,
      subjectId: row.id,
      action: HistoryAction.UPDATE,
      before: prev,
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
  });
}

/** Units the viewer may see: of a unit and below, or all; empty for an unknown or invisible unit. */
function visibleScope(policy: Policy, unitId?: string | null): string[] {
  if (unitId == null) return policy.visibleUnitIds();
  if (!isUuid(unitId) || !policy.canSeeUnit(unitId)) return [];
  return policy.visibleSubtree(unitId);
}

/** Actions the viewer may see, of a unit and below (or all), by owner and status; soonest due first. */
export async function listActions(
  ctx: GraphQLContext,
  opts: { unitId?: string | null; ownerId?: string | null; status?: ActionStatus | null; first: number },
): Promise<Action[]> {
  if (opts.first < 1 || opts.first > 500) throw badInput('first', 'first must be between 1 and 500.');
  const units = visibleScope(await ctx.policy(), opts.unitId);
  if (units.length === 0) return [];
  const qb = ctx.db.getRepository(Action).createQueryBuilder('a').where('a.unit_id = ANY(:units)', { units });
  if (opts.ownerId) {
    if (!isUuid(opts.ownerId)) return [];
    qb.andWhere('a.owner_id = :ownerId', { ownerId: opts.ownerId });
  }
  if (opts.status) qb.andWhere('a.status = :status', { status: opts.status });
  return qb.orderBy('a.due_date', 'ASC').addOrderBy('a.created_at', 'ASC').limit(opts.first).getMany();
}

/** Follow-through counts of one owner, or of everyone. */
export interface FollowThroughCounts {
  ownerId: string | null;
  /** Actions whose due date has passed (dropped ones left out: dropping is a decision, not a miss). */
  due: number;
  /** Of those, done no later than their due date. */
  doneOnTime: number;
  /** doneOnTime / due; null when nothing was due. */
  rate: number | null;
}

/**
 * Follow-through of a unit (and below): actions done by their due date / actions due, in
 * total and per owner (sorted by owner name). Dropped actions count in neither.
 */
export async function followThrough(
  ctx: GraphQLContext,
  unitId: string,
  asOf: Date,
): Promise<{ total: FollowThroughCounts; byOwner: FollowThroughCounts[] }> {
  const policy = await ctx.policy();
  if (!isUuid(unitId) || !policy.canSeeUnit(unitId)) throw badInput('unitId', `No unit with id ${unitId}.`);
  const units = visibleScope(policy, unitId);
  const rows: { owner_id: string; due: number; done_on_time: number }[] = await ctx.db.query(
    `SELECT a.owner_id, count(*)::int AS due,
            count(*) FILTER (WHERE a.status = $3 AND a.completed_at <= a.due_date)::int AS done_on_time
       FROM action a JOIN person p ON p.id = a.owner_id
      WHERE a.unit_id = ANY($1) AND a.due_date <= $2 AND a.status <> $4
      GROUP BY a.owner_id, p.name ORDER BY p.name`,
    [units, asOf, ActionStatus.DONE, ActionStatus.DROPPED],
  );
  const counts = (ownerId: string | null, due: number, doneOnTime: number): FollowThroughCounts => ({
    ownerId,
    due,
    doneOnTime,
    rate: due ? doneOnTime / due : null,
  });
  const byOwner = rows.map((r) => counts(r.owner_id, r.due, r.done_on_time));
  const total = counts(
    null,
    byOwner.reduce((n, r) => n + r.due, 0),
    byOwner.reduce((n, r) => n + r.doneOnTime, 0),
  );
  return { total, byOwner };
}
