import { MeetingKind } from '@throughline/shared';
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Needs } from '../../graphql/auth-checker.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { Person } from '../people/person.entity.js';
import { Unit } from '../units/unit.entity.js';
import { describeRule, nextOccurrence } from './rhythm-rule.js';
import { ReviewRhythm } from './rhythm.entity.js';
import { ReviewRhythmInput } from './rhythm.inputs.js';
import { listReviewRhythms, removeReviewRhythm, setReviewRhythm } from './rhythm.service.js';

/** Review rhythms: when a unit's monthly and quarterly reviews fall. */
@Resolver(() => ReviewRhythm)
export class ReviewRhythmResolver {
  @Authorized()
  @Query(() => [ReviewRhythm], {
    description: 'Review rhythms of the units you may see (of a unit and below, or all).',
  })
  reviewRhythms(
    @Ctx() ctx: GraphQLContext,
    @Arg('unitId', () => ID, { nullable: true }) unitId?: string,
  ): Promise<ReviewRhythm[]> {
    return listReviewRhythms(ctx, unitId);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => ReviewRhythm, {
    description:
      "Sets a unit's rhythm for monthly operational or quarterly strategic reviews (its heads and executives): when a review of the unit and kind closes, the next is scheduled by it.",
  })
  setReviewRhythm(@Ctx() ctx: GraphQLContext, @Arg('input') input: ReviewRhythmInput): Promise<ReviewRhythm> {
    return setReviewRhythm(ctx, input);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Boolean, {
    description: "Removes a unit's rhythm for one kind of review; true when there was one.",
  })
  removeReviewRhythm(
    @Ctx() ctx: GraphQLContext,
    @Arg('unitId', () => ID) unitId: string,
    @Arg('kind', () => MeetingKind) kind: MeetingKind,
  ): Promise<boolean> {
    return removeReviewRhythm(ctx, unitId, kind);
  }

  @FieldResolver(() => Unit)
  async unit(@Root() r: ReviewRhythm, @Ctx() ctx: GraphQLContext): Promise<Unit> {
    return (await ctx.loaders.unit.load(r.unitId))!;
  }

  @FieldResolver(() => Person, {
    nullable: true,
    description: 'Who chairs the reviews it schedules; null: the chair of the review that closed.',
  })
  chair(@Root() r: ReviewRhythm, @Ctx() ctx: GraphQLContext): Promise<Person | null> | null {
    return r.chairId ? ctx.loaders.person.load(r.chairId) : null;
  }

  @FieldResolver(() => [Person], { description: 'Invited to every review it schedules (active people).' })
  async participants(@Root() r: ReviewRhythm, @Ctx() ctx: GraphQLContext): Promise<Person[]> {
    const rows = await ctx.loaders.person.loadMany(r.participantIds);
    return rows.filter((p): p is Person => !!p && !(p instanceof Error) && !p.archivedAt);
  }

  @FieldResolver(() => String, {
    description: 'The rule in words, e.g. "First Tuesday of the month, 09:00".',
  })
  description(@Root() r: ReviewRhythm): string {
    return describeRule(r);
  }

  @FieldResolver(() => String, { description: "The organisation's time zone the time is read in." })
  timeZone(@Ctx() ctx: GraphQLContext): string {
    return ctx.config.timeZone;
  }

  @FieldResolver(() => Date, { description: 'The next time the rule names, from now.' })
  nextAt(@Root() r: ReviewRhythm, @Ctx() ctx: GraphQLContext): Date {
    return nextOccurrence(r, ctx.clock.now(), ctx.config.timeZone);
  }

  @FieldResolver(() => Boolean, { description: 'Whether you may change or remove it.' })
  async viewerCanEdit(@Root() r: ReviewRhythm, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    return (await ctx.policy()).canSetReviewRhythm(r.unitId);
  }
}
