/**
 * Writes the reviews story (story/reviews.json) into the organisation seed's transaction, after
 * the graph and its history exist: monthly operational reviews of Operations and Sales, the last
 * quarterly strategic review, the next ones scheduled, and a Corporate Development meeting only
 * its members and executives can see.
 *
 * What it writes is what the meetings module would have written had the meetings been run
 * through it at the time: a CREATE history entry when a meeting was scheduled, an UPDATE when
 * it opened (with the snapshot of its scope as it stood then) and when it closed (with its
 * minutes); decisions and actions recorded while it was open; actions marked done or dropped
 * later by their owners.
 */
import { randomUUID } from 'node:crypto';
import { ActionStatus, MeetingKind, MeetingStatus, SubjectType } from '@throughline/shared';
import type { EntityManager } from 'typeorm';
import { OrgTree } from '../../../auth/org-tree.js';
import { buildBriefingContent, renderBriefing } from '../../../modules/briefings/briefing.service.js';
import { snapshotOf } from '../../../modules/history/history.service.js';
import { audienceCanSee } from '../../../modules/meetings/meeting-scope.js';
import { actionRow, decisionRow, insertRows, meetingRow, updateRow, type Row } from '../../builders/rows.js';
import { DAY, HOUR, MINUTE, longDate, ymd, type Calendar } from '../calendar.js';
import { DEMO_FACTS } from '../demo-facts.js';
import { historyRow, type Change } from '../history.js';
import { STORY, type ActionSpec, type SubjectRef } from '../story/story.js';
import {
  agendaAt,
  minutesOf,
  scopeStateAt,
  type SeededAction,
  type SeededDecision,
  type SeededMeeting,
} from './as-of.js';

/** What the reviews seed wrote, for the demo summary. */
export interface DemoReviewsSummary {
  /** meeting title → id */
  meetings: Record<string, string>;
  /** The meetings by role. */
  reviews: {
    /** Closed Operations reviews, oldest first. */
    operations: string[];
    nextOperations: string;
    /** Closed Sales reviews, oldest first. */
    sales: string[];
    nextSales: string;
    lastQuarterly: string;
    nextQuarterly: string;
    corporateDevelopment: string;
    /** The briefing stored for the last closed Operations review. */
    briefing: string;
  };
  /** decision text → id */
  decisions: Record<string, string>;
  /** action text → id */
  actions: Record<string, string>;
}

/** What the organisation seed hands over: the calendar and name → id of what it wrote. */
export interface DemoReviewsInput {
  cal: Calendar;
  people: Record<string, string>;
  units: Record<string, string>;
  objectives: Record<string, string>;
  kpis: Record<string, string>;
  initiatives: Record<string, string>;
}

/** Seeds the reviews story into the organisation seed's transaction. */
export async function seedDemoReviews(
  m: EntityManager,
  input: DemoReviewsInput,
): Promise<DemoReviewsSummary> {
  const { cal, people, units } = input;
  const { now } = cal;
  const specs = STORY.meetings
    .map((s) => ({ ...s, day: cal.day(s.day) }))
    .sort((a, b) => a.day - b.day || a.hour - b.hour);
  const tree = await OrgTree.load(m);
  const names = new Map<string, string>(
    (await m.query(`SELECT id, name FROM person`)).map((p: { id: string; name: string }) => [p.id, p.name]),
  );
  const person = (email: string) => {
    const id = people[email];
    if (!id) throw new Error(`demo seed: unknown person ${email}`);
    return id;
  };
  const subjectId = (ref: SubjectRef) => {
    const map =
      ref.type === SubjectType.OBJECTIVE
        ? input.objectives
        : ref.type === SubjectType.KPI
          ? input.kpis
          : input.initiatives;
    const id = map[ref.name];
    if (!id) throw new Error(`demo seed: decision about unknown ${ref.type} ${ref.name}`);
    return id;
  };
  const when = (day: number | string, hour: number) => cal.at(cal.day(day), hour);

  const history: Row[] = [];
  const record = async (type: SubjectType, id: string, actorId: string, at: Date, change?: Change) =>
    history.push(await historyRow(m, type, id, actorId, at, change));
  /** A later change of a meeting or an action, with its history entry. */
  const change = async (
    type: SubjectType.MEETING | SubjectType.ACTION,
    id: string,
    actorId: string,
    at: Date,
    cols: Row,
    reason?: string,
  ) => {
    const before = await snapshotOf(m, type, id);
    await updateRow(m, type.toLowerCase(), id, at, cols);
    await record(type, id, actorId, at, { before, reason });
  };

  const meetings: SeededMeeting[] = [];
  const decisions: SeededDecision[] = [];
  const actions: SeededAction[] = [];
  const later: { at: Date; run: () => Promise<void> }[] = []; // action status changes, applied after all meetings
  const summary: DemoReviewsSummary = {
    meetings: {},
    reviews: {
      operations: [],
      nextOperations: '',
      sales: [],
      nextSales: '',
      lastQuarterly: '',
      nextQuarterly: '',
      corporateDevelopment: '',
      briefing: '',
    },
    decisions: {},
    actions: {},
  };

  for (const spec of specs) {
    const unitId = units[spec.unit];
    const chairId = person(spec.chair);
    const scheduledAt = when(spec.day, spec.hour);
    const title = spec.datedTitle ? `${spec.title} — ${longDate(scheduledAt)}` : spec.title;
    // Scheduled at the close of the previous review of the scope, else three weeks ahead.
    const previous = [...meetings].reverse().find((x) => x.unitId === unitId && x.spec.kind === spec.kind);
    const createdAt = previous?.closedAt
      ? new Date(previous.closedAt.getTime() + 5 * MINUTE)
      : new Date(scheduledAt.getTime() - 21 * DAY);
    const id = randomUUID();
    await insertRows(m, 'meeting', [
      meetingRow({ id, kind: spec.kind, title, unitId, chairId, scheduledAt, createdAt }),
    ]);
    const participantIds = [...new Set(spec.participants.map(person))].filter((p) => p !== chairId);
    await insertRows(
      m,
      'meeting_participant',
      participantIds.map((p) => ({ meeting_id: id, person_id: p })),
    );
    await record(SubjectType.MEETING, id, chairId, createdAt);
    const seeded: SeededMeeting = { id, spec, unitId, title, scheduledAt, openedAt: null, closedAt: null };
    summary.meetings[title] = id;

    if (spec.closed) {
      const openedAt = new Date(scheduledAt.getTime() + 3 * MINUTE);
      const closedAt = new Date(openedAt.getTime() + spec.minutes * MINUTE);
      seeded.openedAt = openedAt;
      seeded.closedAt = closedAt;
      if (closedAt > now) throw new Error(`demo seed: meeting ${title} closes after now`);

      // Opening: the snapshot of the whole subtree (reads filter it per viewer), and the agenda.
      const state = await scopeStateAt(m, tree.subtree(unitId), openedAt);
      await insertRows(m, 'meeting_snapshot', [
        {
          meeting_id: id,
          taken_at: openedAt,
          kpis: JSON.stringify(state.kpis),
          objectives: JSON.stringify(state.objectives),
          initiatives: JSON.stringify(state.initiatives),
        },
      ]);
      const agenda = await agendaAt(m, tree, {
        unitId,
        kind: spec.kind,
        title,
        scheduledAt,
        openedAt,
        previous: previous ?? null,
        decisions,
        actions,
        state,
        names,
      });
      await change(SubjectType.MEETING, id, chairId, openedAt, {
        status: MeetingStatus.OPEN,
        opened_at: openedAt,
        agenda_text: agenda,
      });

      // Decisions and actions, recorded during the meeting.
      let minute = 15;
      const addAction = async (a: ActionSpec, decisionId: string | null) => {
        const createdAtA = new Date(openedAt.getTime() + minute * MINUTE);
        minute += 4;
        const due = when(a.due, 17);
        const doneAt = a.done !== undefined ? when(a.done, 15) : null;
        const droppedAt =
          a.dropped !== undefined
            ? new Date(when(a.dropped, 0).getTime() + 40 * MINUTE + spec.hour * HOUR)
            : null;
        if (doneAt && doneAt > now) throw new Error(`demo seed: action "${a.text}" done in the future`);
        if (droppedAt && droppedAt > now)
          throw new Error(`demo seed: action "${a.text}" dropped in the future`);
        const row = actionRow({
          meetingId: id,
          unitId,
          decisionId,
          text: a.text,
          ownerId: person(a.owner),
          dueDate: due,
          createdAt: createdAtA,
        });
        const actionId = row.id as string;
        await insertRows(m, 'action', [row]);
        await record(SubjectType.ACTION, actionId, chairId, createdAtA);
        actions.push({
          id: actionId,
          meetingKey: spec.key,
          kind: spec.kind,
          unitId,
          decisionId,
          text: a.text,
          ownerId: person(a.owner),
          due,
          doneAt,
          droppedAt,
          createdAt: createdAtA,
        });
        summary.actions[a.text] = actionId;
        if (doneAt) {
          later.push({
            at: doneAt,
            run: () =>
              change(SubjectType.ACTION, actionId, person(a.owner), doneAt, {
                status: ActionStatus.DONE,
                completed_at: doneAt,
              }),
          });
        }
        if (droppedAt) {
          const reason = 'Dropped at the next review: the works council needs the full plan first.';
          later.push({
            at: droppedAt,
            run: () =>
              change(
                SubjectType.ACTION,
                actionId,
                chairId,
                droppedAt,
                { status: ActionStatus.DROPPED },
                reason,
              ),
          });
        }
      };
      for (const d of spec.decisions ?? []) {
        const createdAtD = new Date(openedAt.getTime() + minute * MINUTE);
        minute += 6;
        const revisitOn = d.revisit !== undefined ? ymd(when(d.revisit, 0)) : null;
        const about = d.subject ? subjectId(d.subject) : null;
        const row = decisionRow({
          meetingId: id,
          unitId,
          text: d.text,
          rationale: d.rationale,
          ownerId: person(d.owner),
          subjectId: about,
          subjectType: d.subject?.type ?? null,
          revisitOn,
          createdAt: createdAtD,
        });
        const decisionId = row.id as string;
        await insertRows(m, 'decision', [row]);
        if (
          d.subject &&
          !audienceCanSee(
            tree,
            unitId,
            (await m.query(`SELECT unit_id FROM ${d.subject.type.toLowerCase()} WHERE id = $1`, [about]))[0]
              .unit_id,
          )
        ) {
          throw new Error(
            `demo seed: decision "${d.text}" is about a subject its meeting's audience may not see`,
          );
        }
        await record(SubjectType.DECISION, decisionId, chairId, createdAtD);
        decisions.push({
          id: decisionId,
          meetingKey: spec.key,
          unitId,
          text: d.text,
          ownerId: person(d.owner),
          revisitOn,
          createdAt: createdAtD,
        });
        summary.decisions[d.text] = decisionId;
        for (const a of d.actions ?? []) await addAction(a, decisionId);
      }
      for (const a of spec.actions ?? []) await addAction(a, null);
      if (openedAt.getTime() + minute * MINUTE > closedAt.getTime())
        throw new Error(`demo seed: meeting ${title} ran out of time`);

      const minutes = minutesOf(
        spec,
        title,
        seeded,
        names,
        chairId,
        participantIds,
        decisions.filter((d) => d.meetingKey === spec.key),
        actions.filter((a) => a.meetingKey === spec.key),
      );
      await change(SubjectType.MEETING, id, chairId, closedAt, {
        status: MeetingStatus.CLOSED,
        closed_at: closedAt,
        minutes_text: minutes,
      });
    }
    meetings.push(seeded);
  }

  for (const l of later.sort((a, b) => a.at.getTime() - b.at.getTime())) await l.run();

  const ofUnit = (unit: string, kind: MeetingKind) =>
    meetings.filter((x) => x.unitId === units[unit] && x.spec.kind === kind);
  const ops = ofUnit('Operations', MeetingKind.MONTHLY_OPERATIONAL);
  const sales = ofUnit('Sales', MeetingKind.MONTHLY_OPERATIONAL);
  const quarterly = ofUnit(DEMO_FACTS.company, MeetingKind.QUARTERLY_STRATEGIC);
  summary.reviews = {
    operations: ops.filter((x) => x.closedAt).map((x) => x.id),
    nextOperations: ops.find((x) => !x.closedAt)!.id,
    sales: sales.filter((x) => x.closedAt).map((x) => x.id),
    nextSales: sales.find((x) => !x.closedAt)!.id,
    lastQuarterly: quarterly.find((x) => x.closedAt)!.id,
    nextQuarterly: quarterly.find((x) => !x.closedAt)!.id,
    corporateDevelopment: ofUnit(DEMO_FACTS.restrictedUnit, MeetingKind.MONTHLY_OPERATIONAL)[0].id,
    briefing: randomUUID(),
  };

  // The briefing of the last closed Operations review, as `closeMeeting` stores it (content built
  // by the briefings module in this transaction, for the period since the previous review opened).
  const last = ops.filter((x) => x.closedAt).at(-1)!;
  const before = ops.filter((x) => x.closedAt).at(-2)!;
  const content = await buildBriefingContent(m, tree, {
    unitId: last.unitId,
    from: before.openedAt!,
    to: last.closedAt!,
    include: (u) => audienceCanSee(tree, last.unitId, u),
    now: last.closedAt!,
  });
  const rendered = renderBriefing(content, { id: null, meetingId: last.id });
  await insertRows(m, 'briefing', [
    {
      id: summary.reviews.briefing,
      unit_id: last.unitId,
      meeting_id: last.id,
      period_from: before.openedAt,
      period_to: last.closedAt,
      generated_at: last.closedAt,
      generated_by_id: person(last.spec.chair),
      content: JSON.stringify(content),
      markdown: rendered.markdown,
      html: rendered.html,
      created_at: last.closedAt,
    },
  ]);

  await insertRows(m, 'history_entry', history);
  return summary;
}
