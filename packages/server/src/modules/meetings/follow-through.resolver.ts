import { Arg, Ctx, FieldResolver, Float, Int, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput } from '../../graphql/errors.js';
import { Person } from '../people/person.entity.js';
import { Meeting } from './meeting.entity.js';
import { FollowThrough, OwnerFollowThrough } from './meeting.types.js';
import {
  decisionCounts,
  followThroughOf,
  meetingScope,
  ownerDecisionCounts,
  ownersOf,
  personScope,
  trendOf,
} from './follow-through.service.js';
import { FollowThroughPoint } from './follow-through.types.js';

/**
 * Follow-through by decision (see `follow-through-rule.ts`) and its trend, on every FollowThrough:
 * the unit's (`Query.followThrough`), a review's scope (`Meeting.followThrough`) and a person's
 * (`Person.followThrough`).
 */
@Resolver(() => FollowThrough)
export class FollowThroughDecisionsResolver {
  @FieldResolver(() => Float, {
    nullable: true,
    description:
      'Follow-through: decisions whose actions were all done by their due date / decisions due (ON_TIME + LATE + MISSED). Decisions without actions, and dropped actions, count in neither. Null when no decision was due.',
  })
  async decisionRate(@Root() ft: FollowThrough, @Ctx() ctx: GraphQLContext): Promise<number | null> {
    return (await decisionCounts(ctx, ft)).rate;
  }

  @FieldResolver(() => Int, {
    description: 'Decisions due: every action done, or one still open past its due date.',
  })
  async decisionsDue(@Root() ft: FollowThrough, @Ctx() ctx: GraphQLContext): Promise<number> {
    return (await decisionCounts(ctx, ft)).due;
  }

  @FieldResolver(() => Int, { description: 'Decisions whose actions were all done by their due date.' })
  async decisionsOnTime(@Root() ft: FollowThrough, @Ctx() ctx: GraphQLContext): Promise<number> {
    return (await decisionCounts(ctx, ft)).onTime;
  }

  @FieldResolver(() => Int, { description: 'Decisions whose actions were all done, one or more late.' })
  async decisionsLate(@Root() ft: FollowThrough, @Ctx() ctx: GraphQLContext): Promise<number> {
    return (await decisionCounts(ctx, ft)).late;
  }

  @FieldResolver(() => Int, { description: 'Decisions with an action still open past its due date.' })
  async decisionsMissed(@Root() ft: FollowThrough, @Ctx() ctx: GraphQLContext): Promise<number> {
    return (await decisionCounts(ctx, ft)).missed;
  }

  @FieldResolver(() => Int, { description: 'Decisions with actions not due yet (not judged yet).' })
  async decisionsPending(@Root() ft: FollowThrough, @Ctx() ctx: GraphQLContext): Promise<number> {
    return (await decisionCounts(ctx, ft)).pending;
  }

  @FieldResolver(() => [OwnerFollowThrough], {
    description:
      'Per owner, by name: their actions (action figures) and the decisions they own (decision figures). Empty for a person.',
  })
  byOwner(@Root() ft: FollowThrough, @Ctx() ctx: GraphQLContext): Promise<OwnerFollowThrough[]> {
    return ownersOf(ctx, ft);
  }

  @FieldResolver(() => [FollowThroughPoint], {
    description:
      'One point per closed review of the scope (the last `last`, oldest first): follow-through as it stood when it closed.',
  })
  trend(
    @Root() ft: FollowThrough,
    @Ctx() ctx: GraphQLContext,
    @Arg('last', () => Int, { defaultValue: 6 }) last: number,
  ): Promise<FollowThroughPoint[]> {
    if (last < 1 || last > 24) throw badInput('last', 'last must be between 1 and 24.');
    return trendOf(ctx, ft, last);
  }
}

/** Decision figures of one owner. */
@Resolver(() => OwnerFollowThrough)
export class OwnerDecisionsResolver {
  @FieldResolver(() => Float, { nullable: true, description: 'Their decisions carried out on time / due.' })
  decisionRate(@Root() o: OwnerFollowThrough): number | null {
    return ownerDecisionCounts(o).rate;
  }

  @FieldResolver(() => Int, { description: 'Decisions they own that are due.' })
  decisionsDue(@Root() o: OwnerFollowThrough): number {
    return ownerDecisionCounts(o).due;
  }

  @FieldResolver(() => Int, { description: 'Of those, carried out on time.' })
  decisionsOnTime(@Root() o: OwnerFollowThrough): number {
    return ownerDecisionCounts(o).onTime;
  }
}

/** The follow-through of a review's scope, for its header. */
@Resolver(() => Meeting)
export class MeetingFollowThroughResolver {
  @FieldResolver(() => FollowThrough, {
    description:
      "Follow-through of the review's scope (its unit and below, what you may see), with its trend across the scope's closed reviews.",
  })
  async followThrough(@Root() m: Meeting, @Ctx() ctx: GraphQLContext): Promise<FollowThrough> {
    return followThroughOf(ctx, meetingScope(ctx, await ctx.policy(), m), ctx.clock.now(), m.unitId);
  }
}

/** A person's own follow-through. */
@Resolver(() => Person)
export class PersonFollowThroughResolver {
  @FieldResolver(() => FollowThrough, {
    description:
      'Their follow-through: decisions they own (decision figures) and actions they own (action figures), in units you may see; the trend follows the reviews of their unit and the units above it.',
  })
  async followThrough(@Root() p: Person, @Ctx() ctx: GraphQLContext): Promise<FollowThrough> {
    return followThroughOf(ctx, personScope(ctx, await ctx.policy(), p), ctx.clock.now(), p.unitId);
  }
}
