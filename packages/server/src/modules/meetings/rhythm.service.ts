import { HistoryAction, MeetingKind, MeetingStatus, SubjectType } from '@throughline/shared';
import type { EntityManager } from 'typeorm';
import { Policy, viewerOf } from '../../auth/policy.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput, conflict, forbidden } from '../../graphql/errors.js';
import { isUuid } from '../../graphql/ids.js';
import { before, recordChange, requireVisible, writeTransaction } from '../graph-write.js';
import { Person } from '../people/person.entity.js';
import { requireOwner } from '../people/person-checks.js';
import { Unit } from '../units/unit.entity.js';
import { Meeting } from './meeting.entity.js';
import { defaultReviewTitle, MEETING_TOPIC } from './meeting.service.js';
import { describeRule, nextOccurrence, ruleProblems } from './rhythm-rule.js';
import { ReviewRhythm } from './rhythm.entity.js';

/** Topic of events about review rhythms (subject: the rhythm). */
export const RHYTHM_TOPIC = 'reviewRhythmChanged';

/** A rhythm to set for a unit and kind (replaces the one there). */
export interface RhythmChange {
  unitId: string;
  kind: MeetingKind;
  ordinal: number;
  weekday: number;
  time: string;
  chairId?: string | null;
  participantIds?: string[] | null;
  /** The version last read, when replacing one (CONFLICT when someone changed it since). */
  version?: number | null;
}

/** Sets (creates or replaces) a unit's rhythm for one kind of review. */
export async function setReviewRhythm(ctx: GraphQLContext, input: RhythmChange): Promise<ReviewRhythm> {
  return writeTransaction(ctx, async (m, policy) => {
    const unit = await requireVisible(m, policy, Unit, 'unit', input.unitId, 'input.unitId', (u) => u.id);
    if (!policy.canSetReviewRhythm(unit.id))
      throw forbidden("Only the unit's heads and executives may set its review rhythm.");
    const problems = ruleProblems(input);
    const [field] = Object.keys(problems);
    if (field) throw badInput(`input.${field}`, problems[field]!);
    if (input.chairId) await requireOwner(m, policy, input.chairId, unit.id, 'input.chairId');
    const participantIds = [...new Set(input.participantIds ?? [])].filter((id) => id !== input.chairId);
    for (const [i, id] of participantIds.entries())
      await requireOwner(m, policy, id, unit.id, `input.participantIds.${i}`);
    const repo = m.getRepository(ReviewRhythm);
    const existing = await repo.findOne({
      where: { unitId: unit.id, kind: input.kind },
      lock: { mode: 'pessimistic_write' },
    });
    if (existing && input.version != null && existing.version !== input.version)
      throw conflict('reviewRhythm', input.version, existing);
    const prev = existing ? await before(m, SubjectType.REVIEW_RHYTHM, existing.id) : null;
    const row = existing ?? repo.create({ unitId: unit.id, kind: input.kind });
    Object.assign(row, {
      ordinal: input.ordinal,
      weekday: input.weekday,
      time: input.time,
      chairId: input.chairId ?? null,
      participantIds,
    });
    const saved = await repo.save(row);
    await recordChange(m, policy, {
      subjectType: SubjectType.REVIEW_RHYTHM,
      subjectId: saved.id,
      action: existing ? HistoryAction.UPDATE : HistoryAction.CREATE,
      before: prev,
      reason: describeRule(saved),
      unitId: unit.id,
      topic: RHYTHM_TOPIC,
    });
    return saved;
  });
}

/** Removes a unit's rhythm for one kind: no review is scheduled by it any more. True when there was one. */
export async function removeReviewRhythm(
  ctx: GraphQLContext,
  unitId: string,
  kind: MeetingKind,
): Promise<boolean> {
  return writeTransaction(ctx, async (m, policy) => {
    const unit = await requireVisible(m, policy, Unit, 'unit', unitId, 'unitId', (u) => u.id);
    if (!policy.canSetReviewRhythm(unit.id))
      throw forbidden("Only the unit's heads and executives may change its review rhythm.");
    const row = await m
      .getRepository(ReviewRhythm)
      .findOne({ where: { unitId: unit.id, kind }, lock: { mode: 'pessimistic_write' } });
    if (!row) return false;
    const prev = await before(m, SubjectType.REVIEW_RHYTHM, row.id);
    // The history entry first (it keeps the rhythm's last state: the row is gone after), then the delete.
    await recordChange(m, policy, {
      subjectType: SubjectType.REVIEW_RHYTHM,
      subjectId: row.id,
      action: HistoryAction.ARCHIVE,
      before: prev,
      reason: `Rhythm removed (was: ${describeRule(row)})`,
      unitId: unit.id,
      topic: RHYTHM_TOPIC,
    });
    // Meetings it scheduled keep their place; they only lose the link.
    await m.query(`UPDATE meeting SET rhythm_id = NULL WHERE rhythm_id = $1`, [row.id]);
    await m.getRepository(ReviewRhythm).delete({ id: row.id });
    return true;
  });
}

/** Rhythms of units the viewer may see (of a unit and below, or all). */
export async function listReviewRhythms(
  ctx: GraphQLContext,
  unitId?: string | null,
): Promise<ReviewRhythm[]> {
  const policy = await ctx.policy();
  if (unitId != null && (!isUuid(unitId) || !policy.canSeeUnit(unitId))) return [];
  const units = unitId ? policy.visibleSubtree(unitId) : policy.visibleUnitIds();
  if (units.length === 0) return [];
  return ctx.db
    .getRepository(ReviewRhythm)
    .createQueryBuilder('r')
    .where('r.unit_id = ANY(:units)', { units })
    .orderBy('r.unit_id')
    .addOrderBy('r.kind')
    .getMany();
}

/**
 * When a review closes: schedules the next review of its unit's rhythm for its kind, in the same
 * transaction. Nothing when the unit has no rhythm for the kind or a later review of the scope is
 * already scheduled. Two reviews of the scope closing at once schedule it once: a meeting's
 * (rhythm, time) is unique and the second insert does nothing. Answers the new meeting's id.
 */
export async function scheduleNextFromRhythm(
  m: EntityManager,
  policy: Policy,
  closed: Meeting,
  now: Date,
  timeZone: string,
): Promise<string | null> {
  const rhythm = await m.getRepository(ReviewRhythm).findOneBy({ unitId: closed.unitId, kind: closed.kind });
  if (!rhythm) return null;
  const [later] = await m.query(
    `SELECT 1 FROM meeting WHERE unit_id = $1 AND kind = $2 AND status = $3 AND scheduled_at > $4 LIMIT 1`,
    [closed.unitId, closed.kind, MeetingStatus.SCHEDULED, now],
  );
  if (later) return null;
  const unit = await m.getRepository(Unit).findOneByOrFail({ id: closed.unitId });
  const at = nextOccurrence(
    rhythm,
    new Date(Math.max(now.getTime(), closed.scheduledAt.getTime())),
    timeZone,
  );
  // The rhythm's chair, else the chair of the review that closed, else the unit's head: someone active.
  const people = m.getRepository(Person);
  const canSee = (p: Person | null) =>
    !!p && !p.archivedAt && new Policy(viewerOf(p), policy.tree).canSeeUnit(unit.id);
  let chair: Person | null = null;
  for (const id of [rhythm.chairId, closed.chairId, unit.headId]) {
    const p = id ? await people.findOneBy({ id }) : null;
    if (canSee(p)) {
      chair = p;
      break;
    }
  }
  if (!chair) return null;
  const participants: string[] = [];
  for (const id of rhythm.participantIds) {
    if (id === chair.id) continue;
    if (canSee(await people.findOneBy({ id }))) participants.push(id);
  }
  const [inserted]: { id: string }[] = await m.query(
    `INSERT INTO meeting (unit_id, kind, title, chair_id, status, scheduled_at, rhythm_id, version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 1)
     ON CONFLICT (rhythm_id, scheduled_at) WHERE rhythm_id IS NOT NULL DO NOTHING RETURNING id`,
    [
      unit.id,
      closed.kind,
      defaultReviewTitle(closed.kind, unit, at),
      chair.id,
      MeetingStatus.SCHEDULED,
      at,
      rhythm.id,
    ],
  );
  if (!inserted) return null;
  for (const personId of participants)
    await m.query(`INSERT INTO meeting_participant (meeting_id, person_id) VALUES ($1, $2)`, [
      inserted.id,
      personId,
    ]);
  await recordChange(m, policy, {
    subjectType: SubjectType.MEETING,
    subjectId: inserted.id,
    action: HistoryAction.CREATE,
    before: null,
    reason: `Scheduled by the unit's rhythm: ${describeRule(rhythm)}`,
    unitId: unit.id,
    topic: MEETING_TOPIC,
  });
  return inserted.id;
}
