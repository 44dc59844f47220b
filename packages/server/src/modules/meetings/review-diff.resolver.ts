import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context.js';
import { Meeting } from './meeting.entity.js';
import { ReviewDiff, ReviewDiffEntry } from './meeting.types.js';
import { sinceLastReview, type ReviewDiffRow } from './review-diff.service.js';

/** "Since the last review" on a meeting. */
@Resolver(() => Meeting)
export class MeetingReviewDiffResolver {
  @FieldResolver(() => ReviewDiff, {
    nullable: true,
    description:
      'What changed since the previous review of the same scope (`previousMeeting`) up to this one — now while this one is not closed. Null when there is no previous review.',
  })
  sinceLastReview(@Root() m: Meeting, @Ctx() ctx: GraphQLContext): Promise<ReviewDiff | null> {
    return sinceLastReview(ctx, m);
  }
}

/** Where a decision or action of a diff was recorded. */
@Resolver(() => ReviewDiffEntry)
export class ReviewDiffEntryMeetingResolver {
  @FieldResolver(() => Meeting, {
    nullable: true,
    description: 'Decisions and actions: the meeting they belong to (null for the other kinds).',
  })
  async meeting(@Root() e: ReviewDiffRow, @Ctx() ctx: GraphQLContext): Promise<Meeting | null> {
    if (!e.meetingId) return null;
    const [policy, m] = await Promise.all([ctx.policy(), ctx.loaders.meeting.load(e.meetingId)]);
    return m && policy.can('read', { unitId: m.unitId }) ? m : null;
  }
}
