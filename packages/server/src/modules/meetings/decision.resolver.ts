import { ActionStatus, DecisionStatus, SubjectType } from '@throughline/shared';
import {
  Arg,
  Authorized,
  createUnionType,
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
import { DateOnlyScalar } from '../../graphql/scalars.js';
import type { DeliveredEvent } from '../events/event-bus.js';
import type { Policy } from '../../auth/policy.js';
import { visibleEvents } from '../events/visible-events.js';
import { Initiative } from '../initiatives/initiative.entity.js';
import { Kpi } from '../kpis/kpi.entity.js';
import { Objective } from '../objectives/objective.entity.js';
import { Person } from '../people/person.entity.js';
import { Unit } from '../units/unit.entity.js';
import { Action } from './action.entity.js';
import { Decision } from './decision.entity.js';
import { listDecisions } from './decision-register.js';
import {
  ACTION_TOPIC,
  addAction,
  DECISION_TOPIC,
  followThrough,
  listActions,
  recordDecision,
  setActionStatus,
} from './decision.service.js';
import { AddActionInput, RecordDecisionInput } from './meeting.inputs.js';
import { Meeting } from './meeting.entity.js';
import { FollowThrough, OwnerFollowThrough } from './meeting.types.js';
import { ObjectPermissions, viewerCan } from '../../graphql/viewer-can.js';

/** What a decision can be about. */
export const StrategySubject = createUnionType({
  name: 'StrategySubject',
  description: 'An objective, KPI or initiative.',
  types: () => [Objective, Kpi, Initiative] as const,
  resolveType: (v) => (v instanceof Kpi ? Kpi : v instanceof Initiative ? Initiative : Objective),
});

/** Decisions: the contract's recordDecision and decisionRecorded, the decision register. */
@Resolver(() => Decision)
export class DecisionResolver {
  @Authorized(Needs.SESSION)
  @Mutation(() => Decision, {
    description: 'Records a decision of an open meeting, with a named owner who can see its subject.',
  })
  recordDecision(@Ctx() ctx: GraphQLContext, @Arg('input') input: RecordDecisionInput): Promise<Decision> {
    return recordDecision(ctx, input);
  }

  @Authorized()
  @Query(() => [Decision], {
    description:
      'The decision register: decisions of a unit and below (or all you may see), newest first, filtered; a page at a time (`after`).',
  })
  decisions(
    @Ctx() ctx: GraphQLContext,
    @Arg('unitId', () => ID, { nullable: true }) unitId?: string,
    @Arg('ownerId', () => ID, { nullable: true }) ownerId?: string,
    @Arg('subjectId', () => ID, { nullable: true }) subjectId?: string,
    @Arg('revisitDueBy', () => DateOnlyScalar, {
      nullable: true,
      description: 'Only decisions whose revisit date is on or before this date.',
    })
    revisitDueBy?: string,
    @Arg('first', () => Int, { defaultValue: 100 }) first: number = 100,
    @Arg('status', () => DecisionStatus, { nullable: true }) status?: DecisionStatus,
    @Arg('subjectType', () => SubjectType, {
      nullable: true,
      description: 'Only decisions about an objective, a KPI or an initiative.',
    })
    subjectType?: SubjectType,
    @Arg('search', () => String, { nullable: true, description: 'Text or rationale contains this.' })
    search?: string,
    @Arg('after', () => ID, {
      nullable: true,
      description: 'The last decision of the previous page: the page after it.',
    })
    after?: string,
  ): Promise<Decision[]> {
    return listDecisions(ctx, {
      unitId,
      ownerId,
      subjectId,
      revisitDueBy,
      first,
      status,
      subjectType,
      search,
      after,
    });
  }

  @Authorized()
  @Subscription(() => Decision, {
    description: 'A decision was recorded in a meeting you may see. With unitId: that unit and below.',
    subscribe: ({ args, context }) =>
      visibleEvents(context as GraphQLContext, [DECISION_TOPIC], {
        unitId: args.unitId,
        check: decisionEventVisible(context as GraphQLContext),
      }),
  })
  async decisionRecorded(
    @Root() e: DeliveredEvent,
    @Ctx() ctx: GraphQLContext,
    @Arg('unitId', () => ID, { nullable: true }) _unitId?: string,
  ): Promise<Decision> {
    return (await ctx.loaders.decision.load(e.subjectId))!;
  }

  @FieldResolver(() => Person)
  async owner(@Root() d: Decision, @Ctx() ctx: GraphQLContext): Promise<Person> {
    return (await ctx.loaders.person.load(d.ownerId))!;
  }

  @FieldResolver(() => Meeting)
  async meeting(@Root() d: Decision, @Ctx() ctx: GraphQLContext): Promise<Meeting> {
    return (await ctx.loaders.meeting.load(d.meetingId))!;
  }

  @FieldResolver(() => Unit)
  async unit(@Root() d: Decision, @Ctx() ctx: GraphQLContext): Promise<Unit> {
    return (await ctx.loaders.unit.load(d.unitId))!;
  }

  @FieldResolver(() => StrategySubject, {
    nullable: true,
    description:
      'The objective, KPI or initiative it is about (null if none, archived, or not visible to you).',
  })
  async subject(
    @Root() d: Decision,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Objective | Kpi | Initiative | null> {
    if (!d.subjectId) return null;
    const policy = await ctx.policy();
    const loader =
      d.subjectType === SubjectType.KPI
        ? ctx.loaders.kpi
        : d.subjectType === SubjectType.INITIATIVE
          ? ctx.loaders.initiative
          : ctx.loaders.objective;
    const s = await loader.load(d.subjectId);
    return s && policy.can('read', { unitId: s.unitId }) ? s : null;
  }

  @FieldResolver(() => [Action], {
    description: 'Actions that carry out this decision, with their status: was it carried out?',
  })
  actions(@Root() d: Decision, @Ctx() ctx: GraphQLContext): Promise<Action[]> {
    return ctx.loaders.actionsOfDecision.load(d.id);
  }
}

/** Actions: the contract's addAction, setActionStatus and actionChanged; lists and follow-through. */
@Resolver(() => Action)
export class ActionResolver {
  @FieldResolver(() => ObjectPermissions, {
    description: 'What you may do with this action: the app shows only these controls.',
  })
  async viewerCan(@Root() a: Action, @Ctx() ctx: GraphQLContext): Promise<ObjectPermissions> {
    // The rule of setActionStatus: its owner, the meeting's chair and participants, heads of its unit, executives.
    const meeting = await ctx.loaders.meeting.load(a.meetingId);
    const participantIds = meeting ? await ctx.loaders.participantIds.load(meeting.id) : [];
    return viewerCan(ctx, {
      kind: 'action',
      unitId: a.unitId,
      ownerId: a.ownerId,
      participantIds: meeting ? [meeting.chairId, ...participantIds] : [],
      writable: true,
    });
  }
  @Authorized(Needs.SESSION)
  @Mutation(() => Action, {
    description: 'Adds an action to an open meeting, with a named owner and a due date.',
  })
  addAction(@Ctx() ctx: GraphQLContext, @Arg('input') input: AddActionInput): Promise<Action> {
    return addAction(ctx, input);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Action, {
    description: 'Marks an action done, dropped, or open again (also after the meeting closed).',
  })
  setActionStatus(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID) id: string,
    @Arg('status', () => ActionStatus) status: ActionStatus,
  ): Promise<Action> {
    return setActionStatus(ctx, id, status);
  }

  @Authorized()
  @Query(() => [Action], {
    description: 'Actions of a unit and below (or all you may see), by owner and status, soonest due first.',
  })
  actions(
    @Ctx() ctx: GraphQLContext,
    @Arg('unitId', () => ID, { nullable: true }) unitId?: string,
    @Arg('ownerId', () => ID, { nullable: true }) ownerId?: string,
    @Arg('status', () => ActionStatus, { nullable: true }) status?: ActionStatus,
    @Arg('first', () => Int, { defaultValue: 100 }) first: number = 100,
  ): Promise<Action[]> {
    return listActions(ctx, { unitId, ownerId, status, first });
  }

  @Authorized()
  @Query(() => FollowThrough, {
    description:
      'Follow-through of a unit (and below): actions done by their due date / actions due, in total and per owner.',
  })
  async followThrough(
    @Ctx() ctx: GraphQLContext,
    @Arg('unitId', () => ID) unitId: string,
  ): Promise<FollowThrough> {
    const r = await followThrough(ctx, unitId, ctx.clock.now());
    return Object.assign(new FollowThrough(), {
      ...r.total,
      unitId,
      byOwner: r.byOwner.map((o) => Object.assign(new OwnerFollowThrough(), o)),
    });
  }

  @Authorized()
  @Subscription(() => Action, {
    description:
      'An action was added or its status changed, in a meeting you may see. With unitId: that unit and below.',
    subscribe: ({ args, context }) =>
      visibleEvents(context as GraphQLContext, [ACTION_TOPIC], {
        unitId: args.unitId,
        check: async (e, policy) => {
          const a = await (context as GraphQLContext).loaders.action.load(e.subjectId);
          return !!a && policy.can('read', { unitId: a.unitId });
        },
      }),
  })
  async actionChanged(
    @Root() e: DeliveredEvent,
    @Ctx() ctx: GraphQLContext,
    @Arg('unitId', () => ID, { nullable: true }) _unitId?: string,
  ): Promise<Action> {
    return (await ctx.loaders.action.load(e.subjectId))!;
  }

  @FieldResolver(() => Person)
  async owner(@Root() a: Action, @Ctx() ctx: GraphQLContext): Promise<Person> {
    return (await ctx.loaders.person.load(a.ownerId))!;
  }

  @FieldResolver(() => Meeting)
  async meeting(@Root() a: Action, @Ctx() ctx: GraphQLContext): Promise<Meeting> {
    return (await ctx.loaders.meeting.load(a.meetingId))!;
  }

  @FieldResolver(() => Decision, { nullable: true })
  decision(@Root() a: Action, @Ctx() ctx: GraphQLContext): Promise<Decision | null> | null {
    return a.decisionId ? ctx.loaders.decision.load(a.decisionId) : null;
  }

  @FieldResolver(() => Boolean, { description: 'Open and past its due date.' })
  overdue(@Root() a: Action, @Ctx() ctx: GraphQLContext): boolean {
    return a.status === ActionStatus.OPEN && a.dueDate < ctx.clock.now();
  }
}

/** Owners in follow-through figures. */
@Resolver(() => OwnerFollowThrough)
export class OwnerFollowThroughResolver {
  @FieldResolver(() => Person)
  async owner(@Root() o: OwnerFollowThrough, @Ctx() ctx: GraphQLContext): Promise<Person> {
    return (await ctx.loaders.person.load(o.ownerId))!;
  }
}

/** A decision event reaches a subscriber who may read the decision's unit (both decision subscriptions). */
export function decisionEventVisible(ctx: GraphQLContext) {
  return async (e: DeliveredEvent, policy: Policy): Promise<boolean> => {
    const d = await ctx.loaders.decision.load(e.subjectId);
    return !!d && policy.can('read', { unitId: d.unitId });
  };
}
