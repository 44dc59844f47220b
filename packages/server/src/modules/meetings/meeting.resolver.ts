import { MeetingKind, MeetingStatus, SubjectType } from '@throughline/shared';
import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
} from 'type-graphql';
import { Needs } from '../../graphql/auth-checker.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput } from '../../graphql/errors.js';
import { visibleOnly } from '../../graphql/visibility.js';
import { RenderedBriefing } from '../briefings/briefing.service.js';
import { BriefingView, briefingView } from '../briefings/briefing.types.js';
import type { DeliveredEvent } from '../events/event-bus.js';
import { visibleEvents } from '../events/visible-events.js';
import { Person } from '../people/person.entity.js';
import { Unit } from '../units/unit.entity.js';
import { Action } from './action.entity.js';
import { Decision } from './decision.entity.js';
import { agendaToMarkdown, draftAgenda } from './meeting-agenda.js';
import { Meeting, SnapshotRow } from './meeting.entity.js';
import { ScheduleMeetingInput, UpdateMeetingInput } from './meeting.inputs.js';
import {
  cancelMeeting,
  closeMeeting,
  liveComparison,
  listMeetings,
  MEETING_TOPIC,
  nextMeeting,
  openMeeting,
  scheduleMeeting,
  updateMeeting,
  visibleMeeting,
} from './meeting.service.js';
import {
  AgendaDraft,
  HealthChange,
  MeetingSnapshotView,
  ReviewDiff,
  ReviewDiffEntry,
  SnapshotItem,
} from './meeting.types.js';
import { reviewDiff } from './review-diff.service.js';
import { ObjectPermissions, viewerCan } from '../../graphql/viewer-can.js';

const snapshotItem = (subjectType: SubjectType, r: SnapshotRow): SnapshotItem =>
  Object.assign(new SnapshotItem(), {
    subjectType,
    subjectId: r.id,
    name: r.name,
    health: r.health,
    value: r.value ?? null,
    target: r.target ?? null,
    stale: subjectType === SubjectType.KPI ? !!r.stale : null,
    unitId: r.unitId,
    ownerId: r.ownerId,
  });

/** Meetings: scheduling, opening (snapshot), closing (minutes, briefing), the agenda draft and the meeting room's subscription. */
@Resolver(() => Meeting)
export class MeetingResolver {
  @FieldResolver(() => ObjectPermissions, {
    description: 'What you may do with this meeting: the app shows only these controls.',
  })
  async viewerCan(@Root() m: Meeting, @Ctx() ctx: GraphQLContext): Promise<ObjectPermissions> {
    return viewerCan(ctx, {
      kind: 'meeting',
      unitId: m.unitId,
      ownerId: m.chairId,
      participantIds: await ctx.loaders.participantIds.load(m.id),
      writable: m.status !== MeetingStatus.CLOSED,
    });
  }
  @Authorized()
  @Query(() => Meeting, { nullable: true, description: 'A meeting you may see.' })
  meeting(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<Meeting | null> {
    return visibleMeeting(ctx, id);
  }

  @Authorized()
  @Query(() => [Meeting], {
    description: 'Meetings you may see, of a unit and the units below it (or all), latest first.',
  })
  meetings(
    @Ctx() ctx: GraphQLContext,
    @Arg('unitId', () => ID, { nullable: true }) unitId?: string,
    @Arg('status', () => MeetingStatus, { nullable: true }) status?: MeetingStatus,
    @Arg('kind', () => MeetingKind, { nullable: true }) kind?: MeetingKind,
  ): Promise<Meeting[]> {
    return listMeetings(ctx, { unitId, status, kind });
  }

  @Authorized()
  @Query(() => Meeting, {
    nullable: true,
    description: 'The meeting of this unit to attend next: the open one, else the earliest scheduled.',
  })
  nextMeeting(
    @Ctx() ctx: GraphQLContext,
    @Arg('unitId', () => ID) unitId: string,
    @Arg('kind', () => MeetingKind, { nullable: true }) kind?: MeetingKind,
  ): Promise<Meeting | null> {
    return nextMeeting(ctx, unitId, kind);
  }

  @Authorized()
  @Query(() => AgendaDraft, {
    description:
      'An agenda drafted from live data: decisions of the last review of the scope with the state of their actions, open actions carried over, decisions due for revisit, off-track, at-risk and stale KPIs, overdue milestones.',
  })
  async draftAgendaFromLiveData(
    @Ctx() ctx: GraphQLContext,
    @Arg('meetingId', () => ID) meetingId: string,
  ): Promise<AgendaDraft> {
    const meeting = await visibleMeeting(ctx, meetingId);
    if (!meeting) throw badInput('meetingId', `No meeting with id ${meetingId}.`);
    const items = await draftAgenda(
      ctx.db,
      { tree: (await ctx.policy()).tree, loaders: ctx.loaders },
      meeting.id,
      ctx.clock.now(),
    );
    return { meeting, items, markdown: agendaToMarkdown(items, meeting.title, ctx.clock.now()) };
  }

  @Authorized()
  @Query(() => ReviewDiff, {
    description:
      'What changed between two reviews of the same unit (from the history and the two snapshots).',
  })
  reviewDiff(
    @Ctx() ctx: GraphQLContext,
    @Arg('fromMeetingId', () => ID) fromMeetingId: string,
    @Arg('toMeetingId', () => ID) toMeetingId: string,
  ): Promise<ReviewDiff> {
    return reviewDiff(ctx, fromMeetingId, toMeetingId);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Meeting, { description: "Schedules a review of a unit's scope." })
  scheduleMeeting(@Ctx() ctx: GraphQLContext, @Arg('input') input: ScheduleMeetingInput): Promise<Meeting> {
    return scheduleMeeting(ctx, input);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Meeting, {
    description: 'Changes the title, time, chair or participants of a meeting not yet closed.',
  })
  updateMeeting(@Ctx() ctx: GraphQLContext, @Arg('input') input: UpdateMeetingInput): Promise<Meeting> {
    return updateMeeting(ctx, input);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Meeting, {
    description:
      'Cancels a scheduled review with a reason; the chair and participants are told by email with a calendar cancellation.',
  })
  cancelMeeting(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID) id: string,
    @Arg('reason') reason: string,
    @Arg('version', () => Int, { nullable: true }) version?: number,
  ): Promise<Meeting> {
    return cancelMeeting(ctx, { id, reason, version });
  }

  @FieldResolver(() => Boolean, {
    description:
      'Whether participants are told by email (with calendar invitations) when this meeting is scheduled, moved or cancelled: false when the server sends no email.',
  })
  invitationsByEmail(@Ctx() ctx: GraphQLContext): boolean {
    return ctx.mailer !== null;
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Meeting, {
    description: 'Opens a scheduled meeting and stores a snapshot of the live data of its scope.',
  })
  openMeeting(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<Meeting> {
    return openMeeting(ctx, id);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Meeting, {
    description:
      'Closes an open meeting: fixes its minutes (the co-edited text, or `minutes` when given) and produces its briefing.',
  })
  closeMeeting(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID) id: string,
    @Arg('minutes', () => String, { nullable: true }) minutes?: string,
  ): Promise<Meeting> {
    return closeMeeting(ctx, id, minutes);
  }

  @Authorized()
  @Subscription(() => Meeting, {
    description: 'The meeting room: fires when the meeting, its decisions or its actions change.',
    subscribe: ({ args, context }) =>
      visibleEvents(context as GraphQLContext, [MEETING_TOPIC], {
        check: async (e, policy) => {
          if (e.subjectId !== args.meetingId) return false;
          const meeting = await (context as GraphQLContext).loaders.meeting.load(e.subjectId);
          return !!meeting && policy.can('read', { unitId: meeting.unitId });
        },
      }),
  })
  async meetingChanged(
    @Root() e: DeliveredEvent,
    @Ctx() ctx: GraphQLContext,
    @Arg('meetingId', () => ID) _meetingId: string,
  ): Promise<Meeting> {
    return (await ctx.loaders.meeting.load(e.subjectId))!;
  }

  @FieldResolver(() => Person)
  async chair(@Root() m: Meeting, @Ctx() ctx: GraphQLContext): Promise<Person> {
    return (await ctx.loaders.person.load(m.chairId))!;
  }

  @FieldResolver(() => Unit)
  async unit(@Root() m: Meeting, @Ctx() ctx: GraphQLContext): Promise<Unit> {
    return (await ctx.loaders.unit.load(m.unitId))!;
  }

  @FieldResolver(() => [Person], { description: 'Participants besides the chair.' })
  async participants(@Root() m: Meeting, @Ctx() ctx: GraphQLContext): Promise<Person[]> {
    const ids = await ctx.loaders.participantIds.load(m.id);
    return (await ctx.loaders.person.loadMany(ids)).filter((p): p is Person => !!p && !(p instanceof Error));
  }

  @FieldResolver(() => [Decision], { description: 'Decisions recorded in this meeting.' })
  decisions(@Root() m: Meeting, @Ctx() ctx: GraphQLContext): Promise<Decision[]> {
    return ctx.loaders.decisionsOfMeeting.load(m.id);
  }

  @FieldResolver(() => [Action], { description: 'Actions agreed in this meeting.' })
  actions(@Root() m: Meeting, @Ctx() ctx: GraphQLContext): Promise<Action[]> {
    return ctx.loaders.actionsOfMeeting.load(m.id);
  }

  @FieldResolver(() => Meeting, {
    nullable: true,
    description: 'The latest closed meeting of the same unit and kind before this one.',
  })
  async previousMeeting(@Root() m: Meeting, @Ctx() ctx: GraphQLContext): Promise<Meeting | null> {
    const id = await ctx.loaders.previousMeetingId.load(m.id);
    return id ? ctx.loaders.meeting.load(id) : null;
  }

  @FieldResolver(() => [Decision], {
    description:
      'Decisions of the previous meeting of the scope; ask each for `actions { status }`: were they carried out?',
  })
  async previousDecisions(@Root() m: Meeting, @Ctx() ctx: GraphQLContext): Promise<Decision[]> {
    const id = await ctx.loaders.previousMeetingId.load(m.id);
    return id ? ctx.loaders.decisionsOfMeeting.load(id) : [];
  }

  @FieldResolver(() => [Action], {
    description: 'Actions of earlier meetings of the scope that are still open.',
  })
  carriedOverActions(@Root() m: Meeting, @Ctx() ctx: GraphQLContext): Promise<Action[]> {
    return ctx.loaders.carriedOverActions.load(m.id);
  }

  @FieldResolver(() => MeetingSnapshotView, {
    nullable: true,
    description:
      'The live data of the scope as it stood at opening (what you may see of it); null before opening.',
  })
  async snapshot(@Root() m: Meeting, @Ctx() ctx: GraphQLContext): Promise<MeetingSnapshotView | null> {
    const [policy, snap] = await Promise.all([ctx.policy(), ctx.loaders.meetingSnapshot.load(m.id)]);
    if (!snap) return null;
    const items = (t: SubjectType, rows: SnapshotRow[]) =>
      visibleOnly(policy, rows, (r) => r.unitId).map((r) => snapshotItem(t, r));
    return {
      takenAt: snap.takenAt,
      kpis: items(SubjectType.KPI, snap.kpis),
      objectives: items(SubjectType.OBJECTIVE, snap.objectives),
      initiatives: items(SubjectType.INITIATIVE, snap.initiatives),
    };
  }

  @FieldResolver(() => [HealthChange], {
    description: 'Subjects of the snapshot whose health is different now.',
  })
  async liveComparison(@Root() m: Meeting, @Ctx() ctx: GraphQLContext): Promise<HealthChange[]> {
    return (await liveComparison(ctx, m)).map((c) =>
      Object.assign(new HealthChange(), {
        subjectType: c.subjectType,
        subjectId: c.row.id,
        name: c.row.name,
        before: c.before,
        after: c.after,
        valueBefore: c.row.value ?? null,
        valueAfter: c.subjectType === SubjectType.KPI ? c.valueAfter : null,
        ownerId: c.row.ownerId,
      }),
    );
  }

  @FieldResolver(() => BriefingView, {
    nullable: true,
    description: 'The briefing produced when the meeting closed.',
  })
  async briefing(@Root() m: Meeting, @Ctx() ctx: GraphQLContext): Promise<BriefingView | null> {
    const b = await ctx.loaders.briefingOfMeeting.load(m.id);
    return b
      ? briefingView({
          id: b.id,
          unitId: b.unitId,
          meetingId: b.meetingId,
          content: b.content,
          markdown: b.markdown,
          html: b.html,
        } satisfies RenderedBriefing)
      : null;
  }
}

/** Owners of snapshot items. */
@Resolver(() => SnapshotItem)
export class SnapshotItemResolver {
  @FieldResolver(() => Person, { nullable: true })
  owner(@Root() i: SnapshotItem, @Ctx() ctx: GraphQLContext): Promise<Person | null> {
    return ctx.loaders.person.load(i.ownerId);
  }
}

/** Owners of health changes. */
@Resolver(() => HealthChange)
export class HealthChangeResolver {
  @FieldResolver(() => Person, { nullable: true })
  owner(@Root() c: HealthChange, @Ctx() ctx: GraphQLContext): Promise<Person | null> {
    return ctx.loaders.person.load(c.ownerId);
  }
}

/** Who made a change between two reviews. */
@Resolver(() => ReviewDiffEntry)
export class ReviewDiffEntryResolver {
  @FieldResolver(() => Person, {
    nullable: true,
    description: 'Who made the change (null for health changes).',
  })
  changedBy(@Root() e: ReviewDiffEntry, @Ctx() ctx: GraphQLContext): Promise<Person | null> | null {
    return e.actorId ? ctx.loaders.person.load(e.actorId) : null;
  }
}
