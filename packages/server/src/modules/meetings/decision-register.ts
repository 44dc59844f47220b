import { ActionStatus, DecisionStatus, HistoryAction, MeetingStatus, SubjectType } from '@throughline/shared';
import type { EntityManager } from 'typeorm';
import { audienceCanSee, type Policy, type PolicySubject } from '../../auth/policy.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput, conflict, forbidden, notFound } from '../../graphql/errors.js';
import { isUuid } from '../../graphql/ids.js';
import { before, recordChange, requireText, writeTransaction } from '../graph-write.js';
import { requireOwner } from '../people/person-checks.js';
import { Decision } from './decision.entity.js';
import { EditDecisionInput, SupersedeDecisionInput } from './decision.inputs.js';
import { DECISION_TOPIC, findStrategySubject } from './decision.service.js';
import { decisionStatus } from './decision-status.js';
import { Meeting } from './meeting.entity.js';
import { lockMeetingToRun, meetingSubject, publishMeetingChanged } from './meeting.service.js';

/** Topic of a decision's later changes: edited, or superseded (subject: the decision). */
export const DECISION_CHANGED_TOPIC = 'decisionChanged';

/**
 * Who may change a decision (edit it, supersede it): the rule of a meeting's actions — its owner,
 * the meeting's chair and participants, heads of its unit and executives — via `runMeeting`.
 */
export async function decisionSubject(
  m: EntityManager | GraphQLContext['db'],
  d: Decision,
  meeting: Meeting,
): Promise<PolicySubject> {
  const ms = await meetingSubject(m, meeting);
  return {
    unitId: d.unitId,
    ownerId: d.ownerId,
    participantIds: [meeting.chairId, ...(ms.participantIds ?? [])],
  };
}

/** Locks a decision for a change: NOT_FOUND when invisible, FORBIDDEN, CONFLICT on a stale version. */
async function lockDecision(
  m: EntityManager,
  policy: Policy,
  id: string,
  version: number,
  field: string,
): Promise<{ row: Decision; meeting: Meeting }> {
  const row = isUuid(id)
    ? await m.getRepository(Decision).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } })
    : null;
  if (!row || !policy.can('read', { unitId: row.unitId })) throw notFound('decision', id, field);
  const meeting = await m.getRepository(Meeting).findOneByOrFail({ id: row.meetingId });
  if (!policy.can('runMeeting', await decisionSubject(m, row, meeting)))
    throw forbidden(
      'Only the decision’s owner, its meeting’s chair and participants, heads of its unit and executives may change it.',
    );
  if (row.version !== version) throw conflict('decision', version, row);
  if (row.supersededById)
    throw badInput(
      field,
      'This decision was superseded; it is kept as it was. Change the decision that replaced it instead.',
    );
  return { row, meeting };
}

/** A subject a decision of `scopeUnitId` may name: visible to the viewer and to the scope's whole audience. */
async function checkSubject(
  m: EntityManager,
  policy: Policy,
  scopeUnitId: string,
  subjectId: string,
  field: string,
): Promise<{ type: SubjectType; unitId: string }> {
  const subject = await findStrategySubject(m, subjectId);
  if (!subject || !policy.canSeeUnit(subject.unitId))
    throw badInput(field, `No objective, KPI or initiative with id ${subjectId}.`);
  if (!audienceCanSee(policy.tree, scopeUnitId, subject.unitId))
    throw badInput(
      field,
      'This subject belongs to a restricted unit that not everyone who sees this decision may see; choose another or record it in a review of that unit.',
    );
  return subject;
}

function checkRevisit(value: string, earliest: string, field: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || value < earliest)
    throw badInput(field, `revisitOn must be a date on or after ${earliest}.`);
  return value;
}

function day(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Edits a decision's text, rationale, owner, subject or revisit date; history keeps every version. */
export async function editDecision(ctx: GraphQLContext, input: EditDecisionInput): Promise<Decision> {
  return writeTransaction(ctx, async (m, policy) => {
    const { row, meeting } = await lockDecision(m, policy, input.id, input.version, 'input.id');
    const prev = await before(m, SubjectType.DECISION, row.id);
    if (input.text !== undefined) row.text = requireText(input.text, 'input.text', 2000);
    if (input.rationale !== undefined) {
      const r = (input.rationale ?? '').trim();
      if (r.length > 5000) throw badInput('input.rationale', 'rationale must be at most 5000 characters.');
      row.rationale = r;
    }
    if (input.subjectId !== undefined) {
      if (input.subjectId === null) {
        row.subjectId = null;
        row.subjectType = null;
      } else if (input.subjectId !== row.subjectId) {
        const s = await checkSubject(m, policy, row.unitId, input.subjectId, 'input.subjectId');
        row.subjectId = input.subjectId;
        row.subjectType = s.type;
      }
    }
    if (input.ownerId !== undefined) {
      if (input.ownerId === null) throw badInput('input.ownerId', 'Every decision has a named owner.');
      row.ownerId = input.ownerId;
    }
    if (input.ownerId != null || input.subjectId != null) {
      await requireOwner(m, policy, row.ownerId, row.unitId, 'input.ownerId');
      const subject = row.subjectId ? await findStrategySubject(m, row.subjectId) : null;
      if (subject) await requireOwner(m, policy, row.ownerId, subject.unitId, 'input.ownerId');
    }
    if (input.revisitOn !== undefined)
      row.revisitOn =
        input.revisitOn === null
          ? null
          : checkRevisit(input.revisitOn, day(meeting.openedAt ?? meeting.scheduledAt), 'input.revisitOn');
    const changed = ['text', 'rationale', 'ownerId', 'subjectId', 'revisitOn'].some(
      (k) => (prev as Record<string, unknown>)[k] !== (row as unknown as Record<string, unknown>)[k],
    );
    if (!changed) return row;
    const saved = await m.getRepository(Decision).save(row);
    await recordChange(m, policy, {
      subjectType: SubjectType.DECISION,
      subjectId: row.id,
      action: HistoryAction.UPDATE,
      before: prev,
      unitId: row.unitId,
      topic: DECISION_CHANGED_TOPIC,
    });
    await publishMeetingChanged(m, meeting, {
      reason: DECISION_CHANGED_TOPIC,
      decisionId: row.id,
      actorId: policy.viewer.personId,
    });
    return saved;
  });
}

/**
 * Records a later decision that replaces an earlier one, in an open meeting of the earlier one's
 * unit or a unit above it. The earlier decision is kept as it was, SUPERSEDED, and names its successor.
 */
export async function supersedeDecision(
  ctx: GraphQLContext,
  input: SupersedeDecisionInput,
): Promise<Decision> {
  return writeTransaction(ctx, async (m, policy, now) => {
    const { row: old, meeting: oldMeeting } = await lockDecision(
      m,
      policy,
      input.decisionId,
      input.version,
      'input.decisionId',
    );
    const meeting = await lockMeetingToRun(m, policy, input.meetingId, 'input.meetingId', { asInput: true });
    if (meeting.status !== MeetingStatus.OPEN)
      throw badInput(
        'input.meetingId',
        `Decisions are recorded while a meeting is open; this one is ${meeting.status.toLowerCase()}.`,
      );
    const unitName = policy.tree.byId.get(old.unitId)?.name ?? 'its unit';
    if (
      !policy.tree.isWithin(old.unitId, meeting.unitId) ||
      !audienceCanSee(policy.tree, meeting.unitId, old.unitId)
    )
      throw badInput(
        'input.meetingId',
        `A decision of ${unitName} is superseded in a review of ${unitName} or of a unit above it that everyone there may see.`,
      );
    const text = requireText(input.text, 'input.text', 2000);
    const rationale = (input.rationale ?? '').trim();
    if (rationale.length > 5000)
      throw badInput('input.rationale', 'rationale must be at most 5000 characters.');
    let subject: { id: string; type: SubjectType; unitId: string } | null = null;
    if (input.subjectId != null) {
      subject = {
        id: input.subjectId,
        ...(await checkSubject(m, policy, meeting.unitId, input.subjectId, 'input.subjectId')),
      };
    } else if (input.subjectId === undefined && old.subjectId) {
      // Carry the earlier subject over while it still exists and the new audience may see it.
      const s = await findStrategySubject(m, old.subjectId);
      if (s && audienceCanSee(policy.tree, meeting.unitId, s.unitId)) subject = { id: old.subjectId, ...s };
    }
    await requireOwner(m, policy, input.ownerId, meeting.unitId, 'input.ownerId');
    if (subject) await requireOwner(m, policy, input.ownerId, subject.unitId, 'input.ownerId');
    const revisitOn =
      input.revisitOn == null
        ? null
        : checkRevisit(input.revisitOn, day(meeting.openedAt ?? now), 'input.revisitOn');
    const repo = m.getRepository(Decision);
    const created = await repo.save(
      repo.create({
        meetingId: meeting.id,
        unitId: meeting.unitId,
        text,
        rationale,
        ownerId: input.ownerId,
        subjectId: subject?.id ?? null,
        subjectType: subject?.type ?? null,
        revisitOn,
        supersedesId: old.id,
      }),
    );
    await recordChange(m, policy, {
      subjectType: SubjectType.DECISION,
      subjectId: created.id,
      action: HistoryAction.CREATE,
      before: null,
      unitId: meeting.unitId,
      topic: DECISION_TOPIC,
    });
    const prev = await before(m, SubjectType.DECISION, old.id);
    old.supersededById = created.id;
    old.supersededAt = now;
    await repo.save(old);
    await recordChange(m, policy, {
      subjectType: SubjectType.DECISION,
      subjectId: old.id,
      action: HistoryAction.UPDATE,
      before: prev,
      reason: `Superseded by a decision of ${meeting.title}`,
      unitId: old.unitId,
      topic: DECISION_CHANGED_TOPIC,
    });
    await publishMeetingChanged(m, meeting, {
      reason: DECISION_TOPIC,
      decisionId: created.id,
      actorId: policy.viewer.personId,
    });
    if (oldMeeting.id !== meeting.id)
      await publishMeetingChanged(m, oldMeeting, {
        reason: DECISION_CHANGED_TOPIC,
        decisionId: old.id,
        actorId: policy.viewer.personId,
      });
    return created;
  });
}

/** Open meetings the viewer runs in which this decision may be superseded (its unit or above, whole audience sees it). */
export async function meetingsToSupersedeIn(ctx: GraphQLContext, d: Decision): Promise<Meeting[]> {
  if (d.supersededById) return [];
  const policy = await ctx.policy();
  const units = policy.tree
    .ancestorsAndSelf(d.unitId)
    .map((u) => u.id)
    .filter((u) => policy.canSeeUnit(u) && audienceCanSee(policy.tree, u, d.unitId));
  if (units.length === 0) return [];
  const meetings = await ctx.db
    .getRepository(Meeting)
    .createQueryBuilder('m')
    .where('m.unit_id = ANY(:units)', { units })
    .andWhere('m.status = :open', { open: MeetingStatus.OPEN })
    .orderBy('m.scheduled_at', 'DESC')
    .limit(20)
    .getMany();
  const out: Meeting[] = [];
  for (const meeting of meetings)
    if (policy.can('runMeeting', await meetingSubject(ctx.db, meeting))) out.push(meeting);
  return out;
}

/** Filters of the decision register; every one optional. */
export interface DecisionFilter {
  unitId?: string | null;
  ownerId?: string | null;
  subjectId?: string | null;
  subjectType?: SubjectType | null;
  status?: DecisionStatus | null;
  revisitDueBy?: string | null;
  search?: string | null;
  /** The id of the last decision of the previous page (newest first). */
  after?: string | null;
  first: number;
}

/** Status in SQL, the same rule as `decisionStatus` (decision-status.ts). */
const STATUS_SQL = `CASE
  WHEN d.superseded_by_id IS NOT NULL THEN '${DecisionStatus.SUPERSEDED}'
  WHEN EXISTS (SELECT 1 FROM action a WHERE a.decision_id = d.id AND a.status = '${ActionStatus.DONE}')
   AND NOT EXISTS (SELECT 1 FROM action a WHERE a.decision_id = d.id AND a.status = '${ActionStatus.OPEN}')
  THEN '${DecisionStatus.CARRIED_OUT}'
  ELSE '${DecisionStatus.OPEN}' END`;

/** `%text%` for ILIKE, with the pattern's own characters escaped. */
export function likePattern(q: string): string {
  return `%${q.replace(/[%_\\]/g, '\\$&')}%`;
}

/**
 * The decision register: decisions the viewer may see, of a unit and below (or all), newest
 * first, filtered; one page at a time (`after`: the last decision of the previous page).
 */
export async function listDecisions(ctx: GraphQLContext, f: DecisionFilter): Promise<Decision[]> {
  if (f.first < 1 || f.first > 500) throw badInput('first', 'first must be between 1 and 500.');
  const policy = await ctx.policy();
  let units: string[];
  if (f.unitId == null) units = policy.visibleUnitIds();
  else if (!isUuid(f.unitId) || !policy.canSeeUnit(f.unitId)) return [];
  else units = policy.visibleSubtree(f.unitId);
  if (units.length === 0) return [];
  const qb = ctx.db
    .getRepository(Decision)
    .createQueryBuilder('d')
    .where('d.unit_id = ANY(:units)', { units });
  if (f.ownerId) {
    if (!isUuid(f.ownerId)) return [];
    qb.andWhere('d.owner_id = :ownerId', { ownerId: f.ownerId });
  }
  if (f.subjectId) {
    if (!isUuid(f.subjectId)) return [];
    qb.andWhere('d.subject_id = :subjectId', { subjectId: f.subjectId });
  }
  if (f.subjectType) qb.andWhere('d.subject_type = :subjectType', { subjectType: f.subjectType });
  if (f.revisitDueBy) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(f.revisitDueBy))
      throw badInput('revisitDueBy', 'revisitDueBy must be a date (YYYY-MM-DD).');
    qb.andWhere('d.revisit_on <= :by', { by: f.revisitDueBy });
  }
  if (f.status) qb.andWhere(`(${STATUS_SQL}) = :status`, { status: f.status });
  const q = f.search?.trim();
  if (q) {
    if (q.length > 200) throw badInput('search', 'Search for at most 200 characters.');
    qb.andWhere('(d.text ILIKE :q OR d.rationale ILIKE :q)', { q: likePattern(q) });
  }
  if (f.after) {
    if (!isUuid(f.after)) throw badInput('after', `No decision with id ${f.after}.`);
    const [cursor] = await ctx.db.query(`SELECT created_at FROM decision WHERE id = $1`, [f.after]);
    if (!cursor) throw badInput('after', `No decision with id ${f.after}.`);
    qb.andWhere('(d.created_at, d.id) < (:at, :afterId)', { at: cursor.created_at, afterId: f.after });
  }
  return qb.orderBy('d.created_at', 'DESC').addOrderBy('d.id', 'DESC').limit(f.first).getMany();
}

/** One hit of `searchSubjects`. */
export interface SubjectHit {
  type: SubjectType;
  id: string;
}

/**
 * Objectives, KPIs and initiatives (active) whose name contains `query`, among those the viewer
 * may see — and, with `audienceUnitId`, that everyone who sees that unit may see. Names that
 * start with the query first, then by name.
 */
export async function searchSubjects(
  ctx: GraphQLContext,
  query: string,
  first: number,
  audienceUnitId?: string | null,
): Promise<SubjectHit[]> {
  const q = query.trim();
  if (q.length > 200) throw badInput('query', 'Search for at most 200 characters.');
  if (first < 1 || first > 50) throw badInput('first', 'first must be between 1 and 50.');
  const policy = await ctx.policy();
  let units = policy.visibleUnitIds();
  if (audienceUnitId != null) {
    if (!isUuid(audienceUnitId) || !policy.canSeeUnit(audienceUnitId))
      throw badInput('unitId', `No unit with id ${audienceUnitId}.`);
    units = units.filter((u) => audienceCanSee(policy.tree, audienceUnitId, u));
  }
  if (units.length === 0) return [];
  const rows: { type: SubjectType; id: string; unit_id: string }[] = await ctx.db.query(
    `SELECT type, id, unit_id FROM (
        SELECT '${SubjectType.OBJECTIVE}' AS type, id, unit_id, title AS name FROM objective
         WHERE archived_at IS NULL AND unit_id = ANY($1) AND title ILIKE $2
        UNION ALL
        SELECT '${SubjectType.KPI}', id, unit_id, name FROM kpi
         WHERE archived_at IS NULL AND unit_id = ANY($1) AND name ILIKE $2
        UNION ALL
        SELECT '${SubjectType.INITIATIVE}', id, unit_id, title FROM initiative
         WHERE archived_at IS NULL AND unit_id = ANY($1) AND title ILIKE $2
      ) s
      ORDER BY (lower(name) LIKE lower($3)) DESC, lower(name), id
      LIMIT $4`,
    [units, likePattern(q), `${q.replace(/[%_\\]/g, '\\$&')}%`, first],
  );
  return rows
    .filter((r) => policy.can('read', { unitId: r.unit_id }))
    .map((r) => ({ type: r.type, id: r.id }));
}

export { decisionStatus };
