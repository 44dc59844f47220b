import { HistoryAction, SubjectType } from '@throughline/shared';
import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Int,
  ObjectType,
  Resolver,
  Root,
  Subscription,
} from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context.js';
import { Kpi } from '../kpis/kpi.entity.js';
import { Person } from '../people/person.entity.js';
import type { DeliveredEvent } from './event-bus.js';
import { visibleEvents } from './visible-events.js';

/** Topics of structural graph changes the web app follows live (plan, objectives, KPIs, initiatives). */
export const GRAPH_CHANGE_TOPICS = [
  'objectiveChanged',
  'initiativeChanged',
  'planChanged',
  'kpiChanged',
] as const;

const SUBJECT_OF_TOPIC: Record<string, SubjectType> = {
  objectiveChanged: SubjectType.OBJECTIVE,
  initiativeChanged: SubjectType.INITIATIVE,
  planChanged: SubjectType.PLAN,
  kpiChanged: SubjectType.KPI,
};

/** One change to the strategy graph, small enough to tell a client what to refetch. */
@ObjectType({
  description: 'A change to the strategy graph: what changed, who changed it, and the new version.',
})
export class GraphChange {
  @Field({ description: 'Position in the event log (increases; use it to order and de-duplicate).' })
  seq: string;

  @Field({ description: 'objectiveChanged, initiativeChanged, planChanged or kpiChanged.' })
  topic: string;

  @Field(() => ID)
  subjectId: string;

  @Field(() => SubjectType, {
    description: 'Kind of the changed object (a milestone change comes with topic initiativeChanged).',
  })
  subjectType: SubjectType;

  @Field(() => HistoryAction, {
    nullable: true,
    description: 'Null for a recorded or corrected measurement (see `reason`).',
  })
  action: HistoryAction | null;

  @Field(() => String, {
    nullable: true,
    description: '"measurement" or "correction" when a KPI value changed.',
  })
  reason: string | null;

  @Field(() => ID, { nullable: true })
  actorId: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Version of the subject after the change, when it has one.',
  })
  version: number | null;

  @Field(() => ID, { nullable: true })
  unitId: string | null;

  @Field(() => Date)
  at: Date;
}

/** Turns an outbox event into a GraphChange. */
export function graphChangeOf(e: DeliveredEvent): GraphChange {
  const p = e.payload as {
    action?: HistoryAction;
    subjectType?: SubjectType;
    actorId?: string;
    version?: number;
    reason?: string;
  };
  return Object.assign(new GraphChange(), {
    seq: e.seq,
    topic: e.topic,
    subjectId: e.subjectId,
    subjectType: p.subjectType ?? SUBJECT_OF_TOPIC[e.topic] ?? SubjectType.KPI,
    action: p.action ?? null,
    reason: p.reason ?? null,
    actorId: p.actorId ?? null,
    version: typeof p.version === 'number' ? p.version : null,
    unitId: e.unitId,
    at: e.at,
  });
}

/** Live graph subscriptions: the contract's `kpiChanged` and the web app's `graphChanged`. */
@Resolver(() => GraphChange)
export class GraphChangeResolver {
  @Authorized()
  @Subscription(() => Kpi, {
    description:
      'A KPI you may see changed (a value recorded or corrected, a target or any field). With unitId: that unit and below.',
    subscribe: ({ args, context }) =>
      visibleEvents(context as GraphQLContext, ['kpiChanged'], {
        unitId: args.unitId,
        check: async (e, policy) => {
          const k = await (context as GraphQLContext).loaders.kpi.load(e.subjectId);
          return !!k && policy.can('read', { unitId: k.unitId });
        },
      }),
  })
  async kpiChanged(
    @Root() e: DeliveredEvent,
    @Ctx() ctx: GraphQLContext,
    @Arg('unitId', () => ID, { nullable: true }) _unitId?: string,
  ): Promise<Kpi> {
    return (await ctx.loaders.kpi.load(e.subjectId))!;
  }

  @Authorized()
  @Subscription(() => GraphChange, {
    description:
      'Every change to objectives, initiatives (and milestones), plans and KPIs you may see. With unitId: that unit and below.',
    subscribe: ({ args, context }) =>
      visibleEvents(context as GraphQLContext, [...GRAPH_CHANGE_TOPICS], { unitId: args.unitId }),
  })
  graphChanged(
    @Root() e: DeliveredEvent,
    @Arg('unitId', () => ID, { nullable: true }) _unitId?: string,
  ): GraphChange {
    return graphChangeOf(e);
  }

  @FieldResolver(() => Person, { nullable: true, description: 'Who made the change.' })
  async actor(@Root() c: GraphChange, @Ctx() ctx: GraphQLContext): Promise<Person | null> {
    return c.actorId ? ctx.loaders.person.load(c.actorId) : null;
  }
}
