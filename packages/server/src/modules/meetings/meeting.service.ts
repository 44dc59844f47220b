import {
  UnitKind,
  Health,
  HistoryAction,
  MeetingKind,
  MeetingStatus,
  meetingDocumentName,
  SubjectType,
} from '@throughline/shared';
import { dateText } from '../../text.js';
import type { EntityManager } from 'typeorm';
import type { Policy, PolicySubject } from '../../auth/policy.js';
import { compactDocument } from '../../collab/document-store.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput, conflict, forbidden, notFound } from '../../graphql/errors.js';
import { isUuid } from '../../graphql/ids.js';
import { createLoaders } from '../../graphql/loaders.js';
import { storeBriefing } from '../briefings/briefing.service.js';
import { publishGraphEvent } from '../events/graph-events.js';
import { before, recordChange, requireText, requireVisible, writeTransaction } from '../graph-write.js';
import { requireOwner } from '../people/person-checks.js';
import { Unit } from '../units/unit.entity.js';
import { Meeting, MeetingParticipant, MeetingSnapshot, SnapshotRow } from './meeting.entity.js';
import { ScheduleMeetingInput, UpdateMeetingInput } from './meeting.inputs.js';
import { cadenceStart, liveScopeState, objectiveHealths } from './meeting-scope.js';
import { sendInvitations, type InvitationReport } from './invitation-mail.js';
import { scheduleNextFromRhythm } from './rhythm.service.js';

/** Topic of events about a meeting (its state, its decisions and actions): the meeting room listens to it. */
export const MEETING_TOPIC = 'meetingChanged';

const KIND_LABEL: Record<MeetingKind, string> = {
  [MeetingKind.MONTHLY_OPERATIONAL]: 'Monthly operational review',
  [MeetingKind.QUARTERLY_STRATEGIC]: 'Quarterly strategic review',
  [MeetingKind.ANNUAL_REFRESH]: 'Annual strategy refresh',
};

/** Readable name of a meeting kind. */
export const meetingKindLabel = (kind: MeetingKind) => KIND_LABEL[kind] ?? kind;

/**
 * A review's title when none is given, as the seeded reviews are titled: "Operations monthly review
 * — 28 Nov 2026", "Quarterly strategic review — 28 Nov 2026" (the company's), dated by the day it is
 * held (UTC, as every server text).
 */
export function defaultReviewTitle(
  kind: MeetingKind,
  unit: { name: string; kind: string },
  heldOn: Date,
): string {
  const company = unit.kind === UnitKind.COMPANY;
  const name =
    kind === MeetingKind.MONTHLY_OPERATIONAL
      ? `${unit.name} monthly review`
      : company
        ? meetingKindLabel(kind)
        : `${unit.name} ${meetingKindLabel(kind).toLowerCase()}`;
  return `${name} — ${dateText(heldOn)}`;
}

/** The policy's view of a meeting: its unit, its chair as owner, its participants. */
export async function meetingSubject(
  m: EntityManager | GraphQLContext['db'],
  meeting: Meeting,
): Promise<PolicySubject> {
  const rows: { person_id: string }[] = await m.query(
    `SELECT person_id FROM meeting_participant WHERE meeting_id = $1`,
    [meeting.id],
  );
  return { unitId: meeting.unitId, ownerId: meeting.chairId, participantIds: rows.map((r) => r.person_id) };
}

/**
 * Loads a meeting for a change, locked against concurrent changes (a decision cannot slip
 * in while the meeting closes). Invisible is reported like missing; `field` names the input.
 */
export async function lockMeetingToRun(
  m: EntityManager,
  policy: Policy,
  id: string,
  field: string,
  opts: { asInput: boolean },
): Promise<Meeting> {
  const row = isUuid(id)
    ? await m.getRepository(Meeting).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } })
    : null;
  if (!row || !policy.can('read', { unitId: row.unitId }))
    throw opts.asInput ? badInput(field, `No meeting with id ${id}.`) : notFound('meeting', id, field);
  if (!policy.can('runMeeting', await meetingSubject(m, row)))
    throw forbidden(
      'Only the chair, the participants, the heads of its unit and executives may run this meeting.',
    );
  return row;
}

/** Throws unless the meeting has this status; says what the meeting's state is instead. */
function requireStatus(row: Meeting, status: MeetingStatus, field: string, what: string): void {
  if (row.status !== status) throw badInput(field, `${what}: this meeting is ${row.status.toLowerCase()}.`);
}

function requireInstant(value: Date | null | undefined, field: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime()))
    throw badInput(field, `${field.split('.').pop()} must be a valid date and time.`);
  const year = value.getUTCFullYear();
  if (year < 2000 || year > 2100)
    throw badInput(field, `${field.split('.').pop()} must lie between the years 2000 and 2100.`);
  return value;
}

async function checkPeople(
  m: EntityManager,
  policy: Policy,
  unitId: string,
  chairId: string,
  participantIds: string[] | undefined,
) {
  await requireOwner(m, policy, chairId, unitId, 'input.chairId');
  const ids = [...new Set(participantIds ?? [])].filter((id) => id !== chairId);
  for (const [i, id] of ids.entries()) await requireOwner(m, policy, id, unitId, `input.participantIds.${i}`);
  return ids;
}

/** Schedules a review of a unit's scope with a chair and participants. */
export async function scheduleMeeting(ctx: GraphQLContext, input: ScheduleMeetingInput): Promise<Meeting> {
  const row = await writeTransaction(ctx, async (m, policy) => {
    const unit = await requireVisible(m, policy, Unit, 'unit', input.unitId, 'input.unitId', (u) => u.id);
    const scheduledAt = requireInstant(input.scheduledAt, 'input.scheduledAt');
    const participantIds = await checkPeople(m, policy, unit.id, input.chairId, input.participantIds);
    if (!policy.can('runMeeting', { unitId: unit.id, ownerId: input.chairId, participantIds })) {
      throw badInput(
        'input.unitId',
        'You may schedule reviews only for units you head, or with yourself as chair or participant.',
      );
    }
    const title = requireText(
      input.title ?? defaultReviewTitle(input.kind, unit, scheduledAt),
      'input.title',
      200,
    );
    const repo = m.getRepository(Meeting);
    const row = await repo.save(
      repo.create({
        unitId: unit.id,
        kind: input.kind,
        title,
        chairId: input.chairId,
        scheduledAt,
        status: MeetingStatus.SCHEDULED,
      }),
    );
    for (const personId of participantIds)
      await m.getRepository(MeetingParticipant).insert({ meetingId: row.id, personId });
    await recordChange(m, policy, {
      subjectType: SubjectType.MEETING,
      subjectId: row.id,
      action: HistoryAction.CREATE,
      before: null,
      unitId: row.unitId,
      topic: MEETING_TOPIC,
    });
    return row;
  });
  await tell(ctx, row.id, 'scheduled');
  return row;
}

/** The deps invitations are sent with, from a request's context. */
const mailDeps = (ctx: GraphQLContext) => ({
  db: ctx.db,
  mailer: ctx.mailer,
  config: ctx.config,
  clock: ctx.clock,
});

/** Sends a round of invitations after the change committed; the report is kept for the response. */
async function tell(
  ctx: GraphQLContext,
  meetingId: string,
  reason: Parameters<typeof sendInvitations>[2],
  only?: string[],
): Promise<InvitationReport> {
  return sendInvitations(mailDeps(ctx), meetingId, reason, only);
}

/** Changes a meeting's title, chair, participants or time while it is not closed. */
export async function updateMeeting(ctx: GraphQLContext, input: UpdateMeetingInput): Promise<Meeting> {
  const { saved, removed, told } = await writeTransaction(ctx, async (m, policy) => {
    const row = await lockMeetingToRun(m, policy, input.id, 'id', { asInput: false });
    if (row.version !== input.version) throw conflict('meeting', input.version, row);
    if (row.status === MeetingStatus.CLOSED) throw badInput('id', 'A closed meeting cannot be changed.');
    if (row.status === MeetingStatus.CANCELLED)
      throw badInput('id', 'A cancelled meeting cannot be changed.');
    const prev = await before(m, SubjectType.MEETING, row.id);
    const was = {
      ...(await meetingSubject(m, row)),
      title: row.title,
      at: row.scheduledAt.getTime(),
      sequence: row.invitationSequence,
    };
    let removed: string[] = [];
    if (input.title != null) row.title = requireText(input.title, 'input.title', 200);
    if (input.scheduledAt != null) row.scheduledAt = requireInstant(input.scheduledAt, 'input.scheduledAt');
    if (input.chairId != null || input.participantIds != null) {
      const current = (await meetingSubject(m, row)).participantIds ?? [];
      const chairId = input.chairId ?? row.chairId;
      const participantIds = await checkPeople(
        m,
        policy,
        row.unitId,
        chairId,
        input.participantIds ?? [...current],
      );
      row.chairId = chairId;
      await m.getRepository(MeetingParticipant).delete({ meetingId: row.id });
      for (const personId of participantIds)
        await m.getRepository(MeetingParticipant).insert({ meetingId: row.id, personId });
      const now = new Set([chairId, ...participantIds]);
      removed = [was.ownerId!, ...(was.participantIds ?? [])].filter((id) => !now.has(id));
    }
    const after = await meetingSubject(m, row);
    const sameAttendees =
      was.ownerId === after.ownerId &&
      [...(was.participantIds ?? [])].sort().join() === [...(after.participantIds ?? [])].sort().join();
    // Calendars replace an entry only when its SEQUENCE grows: one more for each change they hear of.
    if (!sameAttendees || was.title !== row.title || was.at !== row.scheduledAt.getTime())
      row.invitationSequence += 1;
    const saved = await m.getRepository(Meeting).save(row);
    await recordChange(m, policy, {
      subjectType: SubjectType.MEETING,
      subjectId: row.id,
      action: HistoryAction.UPDATE,
      before: prev,
      unitId: row.unitId,
      topic: MEETING_TOPIC,
    });
    return { saved, removed, told: saved.invitationSequence !== was.sequence };
  });
  if (told && saved.status === MeetingStatus.SCHEDULED) {
    await tell(ctx, saved.id, 'updated');
    if (removed.length) await tell(ctx, saved.id, 'removed', removed);
  }
  return saved;
}

/**
 * Cancels a review that has not been held, with a reason participants are told (by email, with
 * a calendar cancellation). The meeting is kept, CANCELLED, with its history.
 */
export async function cancelMeeting(
  ctx: GraphQLContext,
  input: { id: string; reason: string; version?: number | null },
): Promise<Meeting> {
  const saved = await writeTransaction(ctx, async (m, policy, now) => {
    const row = await lockMeetingToRun(m, policy, input.id, 'id', { asInput: false });
    if (input.version != null && row.version !== input.version) throw conflict('meeting', input.version, row);
    requireStatus(row, MeetingStatus.SCHEDULED, 'id', 'Only a scheduled meeting can be cancelled');
    const reason = requireText(input.reason, 'reason', 500);
    const prev = await before(m, SubjectType.MEETING, row.id);
    row.status = MeetingStatus.CANCELLED;
    row.cancelledAt = now;
    row.cancelReason = reason;
    row.invitationSequence += 1;
    const saved = await m.getRepository(Meeting).save(row);
    await recordChange(m, policy, {
      subjectType: SubjectType.MEETING,
      subjectId: row.id,
      action: HistoryAction.UPDATE,
      before: prev,
      reason,
      unitId: row.unitId,
      topic: MEETING_TOPIC,
    });
    return saved;
  });
  await tell(ctx, saved.id, 'cancelled');
  return saved;
}

/**
 * Opens a meeting: stores the live state of its scope (every KPI's value, target and health,
 * every objective's and initiative's health) so the meeting can later be compared with now.
 */
export async function openMeeting(ctx: GraphQLContext, id: string): Promise<Meeting> {
  return writeTransaction(ctx, async (m, policy, now) => {
    const row = await lockMeetingToRun(m, policy, id, 'id', { asInput: false });
    requireStatus(row, MeetingStatus.SCHEDULED, 'id', 'Only a scheduled meeting can be opened');
    const prev = await before(m, SubjectType.MEETING, row.id);
    // The whole subtree is kept; reads filter it per viewer.
    const state = await liveScopeState(
      ctx.db,
      createLoaders(ctx.db, { now: () => now }),
      policy.tree.subtree(row.unitId),
    );
    const takenAt = now;
    await m.getRepository(MeetingSnapshot).insert({ meetingId: row.id, takenAt, ...state });
    row.status = MeetingStatus.OPEN;
    row.openedAt = takenAt;
    const saved = await m.getRepository(Meeting).save(row);
    await recordChange(m, policy, {
      subjectType: SubjectType.MEETING,
      subjectId: row.id,
      action: HistoryAction.UPDATE,
      before: prev,
      unitId: row.unitId,
      topic: MEETING_TOPIC,
    });
    return saved;
  });
}

/**
 * Closes a meeting: fixes its minutes (the co-edited text, or `minutes` when given) and
 * produces and stores its briefing, for the period since the previous review of the scope.
 */
export async function closeMeeting(
  ctx: GraphQLContext,
  id: string,
  minutes?: string | null,
): Promise<Meeting> {
  // The co-edited minutes reach `minutes_text` when the collaboration server folds its stored
  // updates, up to a second after the last keystroke; fold them now so the minutes are complete.
  // Before the transaction: the fold writes the meeting row, which the close then locks.
  if (isUuid(id) && minutes == null) await compactDocument(ctx.db, meetingDocumentName(id), 'meeting', id);
  const { saved, nextId } = await writeTransaction(ctx, async (m, policy, now) => {
    const row = await lockMeetingToRun(m, policy, id, 'id', { asInput: false });
    requireStatus(row, MeetingStatus.OPEN, 'id', 'Only an open meeting can be closed');
    if (minutes != null) {
      if (minutes.length > 200_000) throw badInput('minutes', 'minutes must be at most 200000 characters.');
      row.minutesText = minutes;
    }
    const prev = await before(m, SubjectType.MEETING, row.id);
    const closedAt = now;
    const [previous] = await m.query(
      `SELECT opened_at, scheduled_at FROM meeting WHERE unit_id = $1 AND kind = $2 AND status = $3 AND id <> $4 AND scheduled_at <= $5
        ORDER BY scheduled_at DESC LIMIT 1`,
      [row.unitId, row.kind, MeetingStatus.CLOSED, row.id, row.scheduledAt],
    );
    const from: Date = previous
      ? (previous.opened_at ?? previous.scheduled_at)
      : cadenceStart(row.kind, row.openedAt ?? closedAt);
    row.status = MeetingStatus.CLOSED;
    row.closedAt = closedAt;
    // A review held on another day than planned (closed early, or late) keeps the title it was
    // given unless that was the default one: then it is titled by the day it was really held.
    const unit = await m.getRepository(Unit).findOneBy({ id: row.unitId });
    const heldOn = row.openedAt ?? closedAt;
    if (unit && row.title === defaultReviewTitle(row.kind, unit, row.scheduledAt))
      row.title = defaultReviewTitle(row.kind, unit, heldOn);
    const saved = await m.getRepository(Meeting).save(row);
    await storeBriefing(m, ctx.db, policy.tree, {
      unitId: row.unitId,
      from,
      to: closedAt,
      meetingId: row.id,
      generatedById: policy.viewer.personId,
      now: closedAt,
      meeting: { id: row.id, title: row.title, closedAt: closedAt.toISOString(), minutes: row.minutesText },
    });
    await recordChange(m, policy, {
      subjectType: SubjectType.MEETING,
      subjectId: row.id,
      action: HistoryAction.UPDATE,
      before: prev,
      unitId: row.unitId,
      topic: MEETING_TOPIC,
    });
    // The next review of the unit's rhythm, if it has one for this kind; invited after the commit.
    const nextId = await scheduleNextFromRhythm(m, policy, saved, closedAt, ctx.config.timeZone);
    return { saved, nextId };
  });
  if (nextId) await tell(ctx, nextId, 'scheduled');
  return saved;
}

/** Tells the meeting room that something in the meeting changed (a decision, an action). */
export function publishMeetingChanged(
  m: EntityManager,
  meeting: Meeting,
  payload: Record<string, unknown>,
): Promise<void> {
  return publishGraphEvent(m, {
    topic: MEETING_TOPIC,
    subjectId: meeting.id,
    unitId: meeting.unitId,
    payload,
  });
}

/** A meeting the viewer may see, or null (missing and invisible look the same). */
export async function visibleMeeting(ctx: GraphQLContext, id: string): Promise<Meeting | null> {
  const [policy, row] = await Promise.all([ctx.policy(), ctx.loaders.meeting.load(id)]);
  return row && policy.can('read', { unitId: row.unitId }) ? row : null;
}

/** Meetings the viewer may see, of a unit and below (or all), newest first. */
export async function listMeetings(
  ctx: GraphQLContext,
  opts: { unitId?: string | null; status?: MeetingStatus | null; kind?: MeetingKind | null },
): Promise<Meeting[]> {
  const policy = await ctx.policy();
  if (opts.unitId != null && !isUuid(opts.unitId)) return [];
  const units = opts.unitId ? policy.visibleSubtree(opts.unitId) : policy.visibleUnitIds();
  if (units.length === 0) return [];
  const qb = ctx.db
    .getRepository(Meeting)
    .createQueryBuilder('m')
    .where('m.unit_id = ANY(:units)', { units });
  if (opts.status) qb.andWhere('m.status = :status', { status: opts.status });
  if (opts.kind) qb.andWhere('m.kind = :kind', { kind: opts.kind });
  return qb.orderBy('m.scheduled_at', 'DESC').addOrderBy('m.created_at', 'DESC').getMany();
}

/** The meeting of this unit to attend next: the open one, else the earliest scheduled one. */
export async function nextMeeting(
  ctx: GraphQLContext,
  unitId: string,
  kind?: MeetingKind | null,
): Promise<Meeting | null> {
  const policy = await ctx.policy();
  if (!isUuid(unitId) || !policy.canSeeUnit(unitId)) return null;
  const qb = ctx.db
    .getRepository(Meeting)
    .createQueryBuilder('m')
    .where('m.unit_id = :unitId', { unitId })
    .andWhere('m.status IN (:...statuses)', { statuses: [MeetingStatus.OPEN, MeetingStatus.SCHEDULED] });
  if (kind) qb.andWhere('m.kind = :kind', { kind });
  return qb
    .orderBy(`CASE WHEN m.status = 'OPEN' THEN 0 ELSE 1 END`)
    .addOrderBy('m.scheduled_at', 'ASC')
    .getOne();
}

/** A subject whose health changed between a meeting's snapshot and now. */
export interface HealthChangeRow {
  subjectType: SubjectType;
  row: SnapshotRow;
  before: Health;
  after: Health;
  valueAfter: number | null;
}

/** Subjects of the snapshot (visible to the viewer) whose health is different now. */
export async function liveComparison(ctx: GraphQLContext, meeting: Meeting): Promise<HealthChangeRow[]> {
  const [policy, snap] = await Promise.all([ctx.policy(), ctx.loaders.meetingSnapshot.load(meeting.id)]);
  if (!snap) return [];
  const visible = (rows: SnapshotRow[]) => rows.filter((r) => policy.canSeeUnit(r.unitId));
  const [kpis, objectives, initiatives] = [
    visible(snap.kpis),
    visible(snap.objectives),
    visible(snap.initiatives),
  ];
  const [kpiNow, objectiveNow, initiativeNow] = await Promise.all([
    Promise.all(kpis.map((r) => ctx.loaders.kpiStatus.load(r.id))),
    objectiveHealths(
      ctx.loaders,
      objectives.map((r) => r.id),
    ),
    Promise.all(initiatives.map((r) => ctx.loaders.initiativeHealth.load(r.id))),
  ]);
  const out: HealthChangeRow[] = [];
  const push = (
    subjectType: SubjectType,
    row: SnapshotRow,
    after: Health,
    valueAfter: number | null = null,
  ) => {
    if (after !== row.health) out.push({ subjectType, row, before: row.health as Health, after, valueAfter });
  };
  kpis.forEach((r, i) =>
    push(SubjectType.KPI, r, kpiNow[i]?.health ?? Health.NO_DATA, kpiNow[i]?.value ?? null),
  );
  objectives.forEach((r, i) => push(SubjectType.OBJECTIVE, r, objectiveNow[i]));
  initiatives.forEach((r, i) => push(SubjectType.INITIATIVE, r, initiativeNow[i]?.health ?? Health.NO_DATA));
  return out;
}
