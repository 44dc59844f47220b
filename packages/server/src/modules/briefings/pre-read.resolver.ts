import DataLoader from 'dataloader';
import { MeetingStatus } from '@throughline/shared';
import { In } from 'typeorm';
import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Mutation,
  ObjectType,
  Resolver,
  Root,
} from 'type-graphql';
import { Needs } from '../../graphql/auth-checker.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { isUuid } from '../../graphql/ids.js';
import type { Loaders } from '../../graphql/loaders.js';
import { Meeting } from '../meetings/meeting.entity.js';
import { Briefing } from './briefing.entity.js';
import { renderedFromStored } from './briefing.service.js';
import { BriefingView, briefingView } from './briefing.types.js';
import { defaultPreReadPeriod, generatePreRead, sendPreRead } from './pre-read.service.js';

/** What the meeting room needs to offer the pre-read: may the viewer prepare it, will it be emailed, which period. */
@ObjectType({ description: "What preparing a review's pre-read would do, for the viewer." })
export class PreReadSetup {
  @Field({
    description:
      "The viewer may generate and send it: the review's chair or an executive, before the review.",
  })
  canPrepare: boolean;
  @Field({
    description:
      'False when this server sends no email (no SMTP_URL): sending records that nothing was sent.',
  })
  emailConfigured: boolean;
  @Field(() => Date, {
    description: 'The default period: since the previous review of the scope opened, else 30 days.',
  })
  defaultFrom: Date;
  @Field(() => Date) defaultTo: Date;
  @Field(() => ID, {
    nullable: true,
    description: 'The previous review of the scope the default period starts at.',
  })
  previousMeetingId: string | null;
}

/** Pre-reads by meeting, per request (the loaders object lives as long as the request). */
const preReadLoaders = new WeakMap<Loaders, DataLoader<string, Briefing | null>>();
function preReadLoader(ctx: GraphQLContext): DataLoader<string, Briefing | null> {
  let l = preReadLoaders.get(ctx.loaders);
  if (!l) {
    l = new DataLoader(async (keys) => {
      const valid = keys.filter(isUuid);
      const rows = valid.length
        ? await ctx.db.getRepository(Briefing).find({ where: { preReadOfMeetingId: In(valid) } })
        : [];
      const byMeeting = new Map(rows.map((r) => [r.preReadOfMeetingId!, r]));
      return keys.map((k) => byMeeting.get(k) ?? null);
    });
    preReadLoaders.set(ctx.loaders, l);
  }
  return l;
}

/** A review's pre-read: `Meeting.preRead`, what preparing it would do, and generating and sending it. */
@Resolver(() => Meeting)
export class MeetingPreReadResolver {
  @FieldResolver(() => BriefingView, {
    nullable: true,
    description:
      "The review's pre-read, once generated (only what everyone who may see the review's unit may see).",
  })
  async preRead(@Root() m: Meeting, @Ctx() ctx: GraphQLContext): Promise<BriefingView | null> {
    const b = await preReadLoader(ctx).load(m.id);
    return b ? briefingView(renderedFromStored(b)) : null;
  }

  @FieldResolver(() => PreReadSetup)
  async preReadSetup(@Root() m: Meeting, @Ctx() ctx: GraphQLContext): Promise<PreReadSetup> {
    const [policy, participantIds, period] = await Promise.all([
      ctx.policy(),
      ctx.loaders.participantIds.load(m.id),
      defaultPreReadPeriod(ctx, m),
    ]);
    return Object.assign(new PreReadSetup(), {
      canPrepare:
        m.status === MeetingStatus.SCHEDULED &&
        policy.canPreparePreRead({ unitId: m.unitId, ownerId: m.chairId, participantIds }),
      emailConfigured: !!ctx.mailer,
      defaultFrom: period.from,
      defaultTo: period.to,
      previousMeetingId: period.previousMeetingId,
    });
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => BriefingView, {
    description:
      "Generates a scheduled review's pre-read (default period: since the previous review of the scope, else 30 days) and stores it as the meeting's pre-read, replacing the one before. Its chair or an executive.",
  })
  async generatePreRead(
    @Ctx() ctx: GraphQLContext,
    @Arg('meetingId', () => ID) meetingId: string,
    @Arg('from', () => Date, { nullable: true }) from?: Date | null,
    @Arg('to', () => Date, { nullable: true }) to?: Date | null,
  ): Promise<BriefingView> {
    return briefingView(await generatePreRead(ctx, meetingId, from, to));
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => BriefingView, {
    description:
      "Emails the review's stored pre-read (a short summary and its link) to the chair and participants, and records when and what happened per person. Without SMTP_URL nothing is sent, and that is recorded.",
  })
  async sendPreRead(
    @Ctx() ctx: GraphQLContext,
    @Arg('meetingId', () => ID) meetingId: string,
  ): Promise<BriefingView> {
    return briefingView(await sendPreRead(ctx, meetingId));
  }
}
