import {
  ActionStatus,
  Health,
  HistoryAction,
  InitiativeStatus,
  MeetingStatus,
  SubjectType,
} from '@throughline/shared';
import type { Policy } from '../../auth/policy.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput } from '../../graphql/errors.js';
import type { Meeting, SnapshotRow } from './meeting.entity.js';
import { liveScopeState } from './meeting-scope.js';
import { visibleMeeting } from './meeting.service.js';

/** What kind of change a review-to-review diff entry is. */
export enum ReviewDiffKind {
  OBJECTIVE_ADDED = 'OBJECTIVE_ADDED',
  OBJECTIVE_ARCHIVED = 'OBJECTIVE_ARCHIVED',
  TARGET_MOVED = 'TARGET_MOVED',
  KPI_HEALTH_CHANGED = 'KPI_HEALTH_CHANGED',
  INITIATIVE_STARTED = 'INITIATIVE_STARTED',
  INITIATIVE_STOPPED = 'INITIATIVE_STOPPED',
  INITIATIVE_PAUSED = 'INITIATIVE_PAUSED',
  INITIATIVE_COMPLETED = 'INITIATIVE_COMPLETED',
  DECISION_TAKEN = 'DECISION_TAKEN',
  ACTION_DONE = 'ACTION_DONE',
  ACTION_DROPPED = 'ACTION_DROPPED',
}

/** One change between two reviews. */
export interface ReviewDiffRow {
  kind: ReviewDiffKind;
  subjectType: SubjectType;
  subjectId: string;
  title: string;
  before: string | null;
  after: string | null;
  /** When it changed (null for health changes, which follow from measurements). */
  at: Date | null;
  actorId: string | null;
  reason: string | null;
  /** Decisions and actions: the meeting they belong to. */
  meetingId?: string | null;
}

/** The result of comparing two reviews of one scope. */
export interface ReviewDiffResult {
  from: Meeting;
  to: Meeting;
  fromAt: Date;
  toAt: Date;
  entries: ReviewDiffRow[];
}

type Target = {
  periodStart: string;
  periodEnd: string;
  target: number;
  amber: number | null;
  red: number | null;
};
const describeTargets = (ts: unknown): string =>
  Array.isArray(ts) && ts.length
    ? (ts as Target[])
        .map(
          (t) =>
            `${t.target} for ${String(t.periodStart).slice(0, 10)} to ${String(t.periodEnd).slice(0, 10)}`,
        )
        .join('; ')
    : 'no target';

const STATUS_KIND: Partial<Record<InitiativeStatus, ReviewDiffKind>> = {
  [InitiativeStatus.ACTIVE]: ReviewDiffKind.INITIATIVE_STARTED,
  [InitiativeStatus.STOPPED]: ReviewDiffKind.INITIATIVE_STOPPED,
  [InitiativeStatus.PAUSED]: ReviewDiffKind.INITIATIVE_PAUSED,
  [InitiativeStatus.COMPLETED]: ReviewDiffKind.INITIATIVE_COMPLETED,
};

/** When a meeting "saw" its scope: at opening (its snapshot), else when it was scheduled. */
const seenAt = (m: Meeting) => m.openedAt ?? m.scheduledAt;

/**
 * What changed between two reviews of the same unit, from the history: objectives added or
 * archived, targets moved, initiatives started, paused, completed or stopped (with who changed
 * them and why), decisions taken and actions closed (done or dropped, as they stand at the end of
 * the period), and KPIs whose health differs between the two snapshots. The later side is now while
 * the later meeting is not closed (its live state); a closed one is seen as it stood at opening.
 * Only subjects the viewer may see.
 */
export async function reviewDiff(
  ctx: GraphQLContext,
  fromMeetingId: string,
  toMeetingId: string,
): Promise<ReviewDiffResult> {
  const policy = await ctx.policy();
  const [from, to] = await Promise.all([
    visibleMeeting(ctx, fromMeetingId),
    visibleMeeting(ctx, toMeetingId),
  ]);
  if (!from) throw badInput('fromMeetingId', `No meeting with id ${fromMeetingId}.`);
  if (!to) throw badInput('toMeetingId', `No meeting with id ${toMeetingId}.`);
  if (from.id === to.id) throw badInput('toMeetingId', 'Compare two different meetings.');
  if (from.unitId !== to.unitId)
    throw badInput('toMeetingId', 'Both meetings must review the same scope (the same unit).');
  const { fromAt, toAt } = period(ctx, from, to);
  if (fromAt >= toAt) throw badInput('toMeetingId', 'toMeetingId must be the later meeting.');
  return diffBetween(ctx, policy, from, to);
}

/** The instants compared: when the earlier meeting saw its scope, and now or when the later one did. */
function period(ctx: GraphQLContext, from: Meeting, to: Meeting) {
  return { fromAt: seenAt(from), toAt: to.status !== MeetingStatus.CLOSED ? ctx.clock.now() : seenAt(to) };
}

/**
 * "Since the last review" of a meeting: the diff from the previous review of its scope to it;
 * null when there is none (or it saw its scope no earlier than the previous one did).
 */
export async function sinceLastReview(ctx: GraphQLContext, m: Meeting): Promise<ReviewDiffResult | null> {
  const prevId = await ctx.loaders.previousMeetingId.load(m.id);
  const prev = prevId ? await visibleMeeting(ctx, prevId) : null;
  if (!prev) return null;
  const { fromAt, toAt } = period(ctx, prev, m);
  if (fromAt >= toAt) return null;
  return diffBetween(ctx, await ctx.policy(), prev, m);
}

const CLOSING: Partial<Record<ActionStatus, ReviewDiffKind>> = {
  [ActionStatus.DONE]: ReviewDiffKind.ACTION_DONE,
  [ActionStatus.DROPPED]: ReviewDiffKind.ACTION_DROPPED,
};

async function diffBetween(
  ctx: GraphQLContext,
  policy: Policy,
  from: Meeting,
  to: Meeting,
): Promise<ReviewDiffResult> {
  const { fromAt, toAt } = period(ctx, from, to);
  const units = policy.visibleSubtree(from.unitId);

  const rows: {
    subject_type: SubjectType;
    subject_id: string;
    action: HistoryAction;
    changes: Record<string, { before: unknown; after: unknown }>;
    snapshot: Record<string, any>;
    actor_id: string | null;
    at: Date;
    reason: string | null;
  }[] = await ctx.db.query(
    `SELECT subject_type, subject_id, action, changes, snapshot, actor_id, at, reason FROM history_entry
        WHERE at > $1 AND at <= $2 AND subject_type = ANY($3) AND snapshot->>'unitId' = ANY($4)
        ORDER BY at, id`,
    [
      fromAt,
      toAt,
      [
        SubjectType.OBJECTIVE,
        SubjectType.KPI,
        SubjectType.INITIATIVE,
        SubjectType.DECISION,
        SubjectType.ACTION,
      ],
      units,
    ],
  );
  const entries: ReviewDiffRow[] = [];
  /** Actions closed: the last status change of each in the period, kept only if it closed it. */
  const closedActions = new Map<string, ReviewDiffRow | null>();
  for (const r of rows) {
    const base = {
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      title: String(r.snapshot.title ?? r.snapshot.name ?? r.snapshot.text ?? ''),
      at: r.at,
      actorId: r.actor_id,
      reason: r.reason,
    };
    if (r.subject_type === SubjectType.OBJECTIVE && r.action === HistoryAction.CREATE)
      entries.push({ ...base, kind: ReviewDiffKind.OBJECTIVE_ADDED, before: null, after: null });
    else if (r.subject_type === SubjectType.OBJECTIVE && r.action === HistoryAction.ARCHIVE)
      entries.push({ ...base, kind: ReviewDiffKind.OBJECTIVE_ARCHIVED, before: null, after: null });
    else if (r.subject_type === SubjectType.KPI && r.action === HistoryAction.UPDATE && r.changes.targets) {
      entries.push({
        ...base,
        kind: ReviewDiffKind.TARGET_MOVED,
        before: describeTargets(r.changes.targets.before),
        after: describeTargets(r.changes.targets.after),
      });
    } else if (r.subject_type === SubjectType.INITIATIVE) {
      const status =
        r.action === HistoryAction.CREATE ? { before: null, after: r.snapshot.status } : r.changes.status;
      const kind = status ? STATUS_KIND[status.after as InitiativeStatus] : undefined;
      if (kind)
        entries.push({
          ...base,
          kind,
          before: (status!.before as string | null) ?? null,
          after: status!.after as string,
        });
    } else if (r.subject_type === SubjectType.DECISION && r.action === HistoryAction.CREATE) {
      entries.push({
        ...base,
        kind: ReviewDiffKind.DECISION_TAKEN,
        before: null,
        after: null,
        reason: (r.snapshot.rationale as string) || null,
        meetingId: (r.snapshot.meetingId as string) ?? null,
      });
    } else if (r.subject_type === SubjectType.ACTION && r.changes?.status) {
      const kind = CLOSING[r.changes.status.after as ActionStatus];
      closedActions.delete(r.subject_id); // keep the map in order of the last change
      closedActions.set(
        r.subject_id,
        kind
          ? {
              ...base,
              kind,
              before: (r.changes.status.before as string | null) ?? null,
              after: r.changes.status.after as string,
              meetingId: (r.snapshot.meetingId as string) ?? null,
            }
          : null,
      );
    }
  }
  for (const e of closedActions.values()) if (e) entries.push(e);

  // Health: the earlier meeting's snapshot; the later one's, or the live state while it is not closed.
  const kpisOf = async (m: Meeting, live: boolean): Promise<SnapshotRow[]> => {
    const snap = live ? null : await ctx.loaders.meetingSnapshot.load(m.id);
    return snap ? snap.kpis : (await liveScopeState(ctx.db, ctx.loaders, policy.tree.subtree(m.unitId))).kpis;
  };
  const [beforeKpis, afterKpis] = await Promise.all([
    kpisOf(from, false),
    kpisOf(to, to.status !== MeetingStatus.CLOSED),
  ]);
  const beforeById = new Map(beforeKpis.map((k) => [k.id, k]));
  for (const k of afterKpis) {
    const b = beforeById.get(k.id);
    if (!b || b.health === k.health || !policy.canSeeUnit(k.unitId)) continue;
    entries.push({
      kind: ReviewDiffKind.KPI_HEALTH_CHANGED,
      subjectType: SubjectType.KPI,
      subjectId: k.id,
      title: k.name,
      before: b.health as Health,
      after: k.health as Health,
      at: null,
      actorId: null,
      reason: null,
    });
  }
  return { from, to, fromAt, toAt, entries };
}
