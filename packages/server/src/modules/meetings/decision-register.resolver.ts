import { decisionEventVisible } from './decision.resolver.js';
import { DecisionStatus, SubjectType } from '@throughline/shared';
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
import { isUuid } from '../../graphql/ids.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { ObjectPermissions, viewerCan } from '../../graphql/viewer-can.js';
import type { DeliveredEvent } from '../events/event-bus.js';
import { visibleEvents } from '../events/visible-events.js';
import { Initiative } from '../initiatives/initiative.entity.js';
import { Kpi } from '../kpis/kpi.entity.js';
import { Objective } from '../objectives/objective.entity.js';
import { Decision } from './decision.entity.js';
import { EditDecisionInput, SupersedeDecisionInput } from './decision.inputs.js';
import { StrategySubject } from './decision.resolver.js';
import { DECISION_TOPIC } from './decision.service.js';
import {
  DECISION_CHANGED_TOPIC,
  decisionStatus,
  decisionSubject,
  editDecision,
  meetingsToSupersedeIn,
  searchSubjects,
  supersedeDecision,
} from './decision-register.js';
import { Meeting } from './meeting.entity.js';

/** The decision register: editing and superseding decisions, their status and chain, subject search. */
@Resolver(() => Decision)
export class DecisionRegisterResolver {
  @Authorized(Needs.SESSION)
  @Mutation(() => Decision, {
    description:
      'Edits a decision (text, rationale, owner, subject, revisit date); history keeps every version. A superseded decision is not edited.',
  })
  editDecision(@Ctx() ctx: GraphQLContext, @Arg('input') input: EditDecisionInput): Promise<Decision> {
    return editDecision(ctx, input);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Decision, {
    description:
      'Records a later decision that replaces an earlier one (in an open meeting of its unit or above); the earlier one is kept, SUPERSEDED.',
  })
  supersedeDecision(
    @Ctx() ctx: GraphQLContext,
    @Arg('input') input: SupersedeDecisionInput,
  ): Promise<Decision> {
    return supersedeDecision(ctx, input);
  }

  @Authorized()
  @Query(() => Decision, { nullable: true, description: 'One decision, if you may see it.' })
  decision(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<Decision | null> {
    return this.visible(ctx, id);
  }

  @Authorized()
  @Query(() => [StrategySubject], {
    description:
      'Objectives, KPIs and initiatives whose name contains `query`, among those you may see (with unitId: that everyone who sees that unit may see); names starting with it first.',
  })
  async searchSubjects(
    @Ctx() ctx: GraphQLContext,
    @Arg('query') query: string,
    @Arg('first', () => Int, { defaultValue: 10 }) first: number = 10,
    @Arg('unitId', () => ID, {
      nullable: true,
      description:
        "A meeting's unit: only subjects its whole audience may see (what its decisions may name).",
    })
    unitId?: string,
  ): Promise<(Objective | Kpi | Initiative)[]> {
    const hits = await searchSubjects(ctx, query, first, unitId);
    const loaded = await Promise.all(
      hits.map((h) =>
        h.type === SubjectType.KPI
          ? ctx.loaders.kpi.load(h.id)
          : h.type === SubjectType.INITIATIVE
            ? ctx.loaders.initiative.load(h.id)
            : ctx.loaders.objective.load(h.id),
      ),
    );
    return loaded.filter((s): s is Objective | Kpi | Initiative => !!s && !(s instanceof Error));
  }

  @Authorized()
  @Subscription(() => Decision, {
    description:
      'A decision you may see was recorded, edited or superseded. With unitId: that unit and below.',
    subscribe: ({ args, context }) =>
      visibleEvents(context as GraphQLContext, [DECISION_TOPIC, DECISION_CHANGED_TOPIC], {
        unitId: args.unitId,
        check: decisionEventVisible(context as GraphQLContext),
      }),
  })
  async decisionChanged(
    @Root() e: DeliveredEvent,
    @Ctx() ctx: GraphQLContext,
    @Arg('unitId', () => ID, { nullable: true }) _unitId?: string,
  ): Promise<Decision> {
    return (await ctx.loaders.decision.load(e.subjectId))!;
  }

  @FieldResolver(() => DecisionStatus, {
    description:
      'SUPERSEDED once a later decision replaced it; CARRIED_OUT when one of its actions is done and none is open; else OPEN.',
  })
  async status(@Root() d: Decision, @Ctx() ctx: GraphQLContext): Promise<DecisionStatus> {
    if (d.supersededById) return DecisionStatus.SUPERSEDED;
    const actions = await ctx.loaders.actionsOfDecision.load(d.id);
    return decisionStatus(
      d.supersededById,
      actions.map((a) => a.status),
    );
  }

  @FieldResolver(() => Decision, {
    nullable: true,
    description: 'The earlier decision this one replaces (null if none or not visible to you).',
  })
  async supersedes(@Root() d: Decision, @Ctx() ctx: GraphQLContext): Promise<Decision | null> {
    return d.supersedesId ? this.visible(ctx, d.supersedesId) : null;
  }

  @FieldResolver(() => Decision, {
    nullable: true,
    description: 'The later decision that replaced this one (null if none or not visible to you).',
  })
  async supersededBy(@Root() d: Decision, @Ctx() ctx: GraphQLContext): Promise<Decision | null> {
    return d.supersededById ? this.visible(ctx, d.supersededById) : null;
  }

  @FieldResolver(() => ObjectPermissions, {
    description: 'What you may do with this decision (edit: edit or supersede it).',
  })
  async viewerCan(@Root() d: Decision, @Ctx() ctx: GraphQLContext): Promise<ObjectPermissions> {
    const meeting = (await ctx.loaders.meeting.load(d.meetingId))!;
    const participantIds = await ctx.loaders.participantIds.load(meeting.id);
    return viewerCan(ctx, {
      kind: 'decision',
      unitId: d.unitId,
      ownerId: d.ownerId,
      participantIds: [meeting.chairId, ...participantIds],
      writable: !d.supersededById,
    });
  }

  @FieldResolver(() => [Meeting], {
    description: 'Open meetings you run in which this decision may be superseded (its unit or a unit above).',
  })
  async supersedableIn(@Root() d: Decision, @Ctx() ctx: GraphQLContext): Promise<Meeting[]> {
    const meeting = (await ctx.loaders.meeting.load(d.meetingId))!;
    const policy = await ctx.policy();
    if (!policy.can('runMeeting', await decisionSubject(ctx.db, d, meeting))) return [];
    return meetingsToSupersedeIn(ctx, d);
  }

  private async visible(ctx: GraphQLContext, id: string): Promise<Decision | null> {
    if (!isUuid(id)) return null;
    const [policy, d] = await Promise.all([ctx.policy(), ctx.loaders.decision.load(id)]);
    return d && policy.can('read', { unitId: d.unitId }) ? d : null;
  }
}
