import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Needs } from '../../graphql/auth-checker.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { Meeting } from '../meetings/meeting.entity.js';
import { Person } from '../people/person.entity.js';
import { Unit } from '../units/unit.entity.js';
import {
  generateBriefing,
  liveBriefing,
  listStoredBriefings,
  visibleStoredBriefing,
} from './briefing.service.js';
import { BriefingView, briefingView } from './briefing.types.js';

/** Briefings: generated on the fly for the viewer, or stored (at a meeting's close, or on request) for download. */
@Resolver(() => BriefingView)
export class BriefingResolver {
  @Authorized()
  @Query(() => BriefingView, {
    description:
      'A briefing of a unit (and below) for a period, generated now from live data, with everything you may see. Not stored.',
  })
  async briefing(
    @Ctx() ctx: GraphQLContext,
    @Arg('unitId', () => ID) unitId: string,
    @Arg('from', () => Date) from: Date,
    @Arg('to', () => Date) to: Date,
  ): Promise<BriefingView> {
    return briefingView(await liveBriefing(ctx, unitId, from, to));
  }

  @Authorized()
  @Query(() => BriefingView, { nullable: true, description: 'A stored briefing.' })
  async storedBriefing(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID) id: string,
  ): Promise<BriefingView | null> {
    const b = await visibleStoredBriefing(ctx, id);
    return b ? briefingView(b) : null;
  }

  @Authorized()
  @Query(() => [BriefingView], { description: 'Stored briefings of a unit, newest first.' })
  async briefings(
    @Ctx() ctx: GraphQLContext,
    @Arg('unitId', () => ID) unitId: string,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
  ): Promise<BriefingView[]> {
    return (await listStoredBriefings(ctx, unitId, first)).map(briefingView);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => BriefingView, {
    description:
      "Generates and stores a briefing of a unit for a period (only what the unit's whole audience may see), to circulate or download.",
  })
  async generateBriefing(
    @Ctx() ctx: GraphQLContext,
    @Arg('unitId', () => ID) unitId: string,
    @Arg('from', () => Date) from: Date,
    @Arg('to', () => Date) to: Date,
  ): Promise<BriefingView> {
    return briefingView(await generateBriefing(ctx, unitId, from, to));
  }

  @FieldResolver(() => Unit)
  async unit(@Root() b: BriefingView, @Ctx() ctx: GraphQLContext): Promise<Unit> {
    return (await ctx.loaders.unit.load(b.unitId))!;
  }

  @FieldResolver(() => Meeting, { nullable: true })
  meeting(@Root() b: BriefingView, @Ctx() ctx: GraphQLContext): Promise<Meeting | null> | null {
    return b.meetingId ? ctx.loaders.meeting.load(b.meetingId) : null;
  }

  @FieldResolver(() => Meeting, { nullable: true, description: 'A pre-read: the review it prepares.' })
  preReadOf(@Root() b: BriefingView, @Ctx() ctx: GraphQLContext): Promise<Meeting | null> | null {
    return b.preReadOfMeetingId ? ctx.loaders.meeting.load(b.preReadOfMeetingId) : null;
  }

  @FieldResolver(() => Person, { nullable: true, description: 'A pre-read: who last sent it.' })
  sentBy(@Root() b: BriefingView, @Ctx() ctx: GraphQLContext): Promise<Person | null> | null {
    return b.sentById ? ctx.loaders.person.load(b.sentById) : null;
  }
}
