import { SubjectType } from '@throughline/shared';
import type { DeliveredEvent } from '../events/event-bus.js';
import type { WorkItem, WorkSource, WorkSourceContext } from './work-item.js';
import { WORK_SOURCES } from './work-sources.js';

/** Most entries one read of the list returns, and how many when the caller does not say. */
export const MY_WORK_MAX = 200;
export const MY_WORK_DEFAULT = 50;

/**
 * The list's order: overdue first, then by due date (undated last), then by the source's place in
 * `WORK_SOURCES`, then by title and id — the same input always gives the same list.
 */
export function orderWork(items: { item: WorkItem; source: number }[]): WorkItem[] {
  const due = (i: WorkItem) => i.dueAt?.getTime() ?? Number.POSITIVE_INFINITY;
  return [...items]
    .sort(
      (a, b) =>
        Number(b.item.overdue) - Number(a.item.overdue) ||
        due(a.item) - due(b.item) ||
        a.source - b.source ||
        a.item.title.localeCompare(b.item.title) ||
        a.item.id.localeCompare(b.item.id),
    )
    .map((x) => x.item);
}

/**
 * Everything that waits for the viewer, from every source (each lists only what the viewer may
 * see), ordered by `orderWork`, at most `first` entries.
 */
export async function gatherWork(
  ctx: WorkSourceContext,
  first: number = MY_WORK_DEFAULT,
  sources: readonly WorkSource[] = WORK_SOURCES,
): Promise<WorkItem[]> {
  const lists = await Promise.all(sources.map((s) => s(ctx)));
  return orderWork(lists.flatMap((items, source) => items.map((item) => ({ item, source })))).slice(0, first);
}

/** Two lists are the same when every entry reads the same, in the same order. */
export function sameWork(a: readonly WorkItem[] | null, b: readonly WorkItem[]): boolean {
  if (!a || a.length !== b.length) return false;
  const key = (i: WorkItem) =>
    JSON.stringify([i.id, i.kind, i.title, i.detail, i.dueAt?.getTime() ?? null, i.overdue, i.path]);
  return a.every((x, n) => key(x) === key(b[n]));
}

/** Subject types whose changes may change someone's list (the sources' subjects and what they read). */
export const WORK_SUBJECT_TYPES: ReadonlySet<string> = new Set([
  SubjectType.ACTION,
  SubjectType.DECISION,
  SubjectType.KPI,
  SubjectType.MEASUREMENT,
  SubjectType.INITIATIVE,
  SubjectType.MILESTONE,
  SubjectType.CHECK_IN,
  SubjectType.NEGOTIATION,
  SubjectType.CHANGE_REQUEST,
]);

/**
 * Topics that carry those subjects: the meetings' action and decision topics, KPI changes (targets,
 * measurements) and initiative changes (milestones), and the topics of the planning conversation.
 */
export const WORK_TOPICS = [
  'actionChanged',
  'decisionRecorded',
  'decisionChanged',
  'kpiChanged',
  'initiativeChanged',
  'checkInChanged',
  'negotiationChanged',
  'changeRequestChanged',
];

/** An event that may change someone's list: one of those topics, or an event about one of those subjects. */
export function mayChangeWork(e: Pick<DeliveredEvent, 'topic' | 'payload'>): boolean {
  const type = e.payload?.subjectType;
  return WORK_TOPICS.includes(e.topic) || (typeof type === 'string' && WORK_SUBJECT_TYPES.has(type));
}
