import { CheckInStatus, SubjectType } from '@throughline/shared';
import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { Needs } from '../../graphql/auth-checker.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { Initiative } from '../initiatives/initiative.entity.js';
import { Kpi } from '../kpis/kpi.entity.js';
import { Person } from '../people/person.entity.js';
import { DEFAULT_CHECK_IN_EVERY_DAYS } from './checkin-cadence.js';
import { CheckIn, CheckInSource } from './checkin.entity.js';
import { PostCheckInInput } from './checkin.inputs.js';
import { checkInLoaders } from './checkin.loaders.js';
import { checkInDraft, checkInsOf, dueState, postCheckIn, type CheckInSubject } from './checkin.service.js';

@ObjectType({ description: 'When the next check-in is due.' })
export class CheckInDue {
  @Field(() => Date) dueAt: Date;
  @Field({ description: 'True when the due date has passed (a missed check-in).' }) overdue: boolean;
  @Field(() => Date, { nullable: true, description: 'When the last check-in was posted.' })
  lastAt: Date | null;
}

@ObjectType({
  description: 'A check-in drafted from the evidence since the last one; the owner edits it and posts.',
})
export class CheckInDraft {
  @Field(() => CheckInStatus) status: CheckInStatus;
  @Field(() => Int) confidence: number;
  @Field() happened: string;
  @Field() next: string;
  @Field() blockers: string;
  @Field(() => [CheckInSource], { description: 'Each sentence and what it came from.' })
  sources: CheckInSource[];
}

/** Check-ins: the draft, posting, and who wrote one. */
@Resolver(() => CheckIn)
export class CheckInResolver {
  @Authorized(Needs.SESSION)
  @Query(() => CheckInDraft, {
    description:
      'A check-in drafted from what happened since the last one (values, milestones, decisions, actions).',
  })
  checkInDraft(
    @Ctx() ctx: GraphQLContext,
    @Arg('subjectType', () => SubjectType) subjectType: SubjectType,
    @Arg('subjectId', () => ID) subjectId: string,
  ): Promise<CheckInDraft> {
    return checkInDraft(ctx, subjectType, subjectId);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => CheckIn, { description: 'Posts a check-in on a KPI (or key result) or an initiative.' })
  postCheckIn(@Ctx() ctx: GraphQLContext, @Arg('input') input: PostCheckInInput): Promise<CheckIn> {
    return postCheckIn(ctx, input);
  }

  @FieldResolver(() => Person)
  async author(@Root() c: CheckIn, @Ctx() ctx: GraphQLContext): Promise<Person> {
    return (await ctx.loaders.person.load(c.authorId))!;
  }
}

const kpiSubject = (k: Kpi): CheckInSubject => ({
  type: 'KPI',
  id: k.id,
  name: k.name,
  unitId: k.unitId,
  ownerId: k.ownerId,
  frequency: k.frequency,
  status: null,
  startDate: null,
  everyDays: 0,
});

/** A KPI's check-ins (key results are KPIs). */
@Resolver(() => Kpi)
export class KpiCheckInResolver {
  @FieldResolver(() => [CheckIn], { description: 'Check-ins on this KPI, newest first.' })
  checkIns(
    @Root() k: Kpi,
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
  ): Promise<CheckIn[]> {
    return checkInsOf(ctx.db, k.id, first);
  }

  @FieldResolver(() => CheckIn, { nullable: true, description: 'The latest check-in on this KPI.' })
  latestCheckIn(@Root() k: Kpi, @Ctx() ctx: GraphQLContext): Promise<CheckIn | null> {
    return checkInLoaders(ctx).latestCheckIn.load(k.id);
  }

  @FieldResolver(() => CheckInDue, {
    nullable: true,
    description: 'When the next check-in is due (every period of the KPI’s frequency); null when archived.',
  })
  async checkInDue(@Root() k: Kpi, @Ctx() ctx: GraphQLContext): Promise<CheckInDue | null> {
    if (k.archivedAt) return null;
    const last = await checkInLoaders(ctx).latestCheckIn.load(k.id);
    return dueState(kpiSubject(k), last?.postedAt ?? null, ctx.clock.now());
  }
}

/** An initiative's check-ins. */
@Resolver(() => Initiative)
export class InitiativeCheckInResolver {
  @FieldResolver(() => [CheckIn], { description: 'Check-ins on this initiative, newest first.' })
  checkIns(
    @Root() i: Initiative,
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
  ): Promise<CheckIn[]> {
    return checkInsOf(ctx.db, i.id, first);
  }

  @FieldResolver(() => CheckIn, { nullable: true, description: 'The latest check-in on this initiative.' })
  latestCheckIn(@Root() i: Initiative, @Ctx() ctx: GraphQLContext): Promise<CheckIn | null> {
    return checkInLoaders(ctx).latestCheckIn.load(i.id);
  }

  @FieldResolver(() => CheckInDue, {
    nullable: true,
    description: 'When the next check-in is due (every `checkInEveryDays` of its plan); null unless ACTIVE.',
  })
  async checkInDue(@Root() i: Initiative, @Ctx() ctx: GraphQLContext): Promise<CheckInDue | null> {
    if (i.archivedAt) return null;
    const [last, plan] = await Promise.all([
      checkInLoaders(ctx).latestCheckIn.load(i.id),
      ctx.loaders.plan.load(i.planId),
    ]);
    const subject: CheckInSubject = {
      type: 'INITIATIVE',
      id: i.id,
      name: i.title,
      unitId: i.unitId,
      ownerId: i.ownerId,
      frequency: null,
      status: i.status,
      startDate: i.startDate,
      everyDays: plan?.checkInEveryDays ?? DEFAULT_CHECK_IN_EVERY_DAYS,
    };
    return dueState(subject, last?.postedAt ?? null, ctx.clock.now());
  }
}
