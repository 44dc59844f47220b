import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Meeting } from './meeting.entity.js';

/** Follow-through as it stood when one review closed: what was due by then. */
@ObjectType({
  description:
    'Follow-through as it stood when a review of the scope closed: what was due by then, judged by the same rule.',
})
export class FollowThroughPoint {
  @Field(() => Meeting, { description: 'The review whose closing this point marks.' }) meeting: Meeting;
  @Field(() => Date, { description: 'When it closed.' }) at: Date;
  @Field(() => Float, {
    nullable: true,
    description: 'Decisions carried out on time / decisions due then; null when none was due.',
  })
  decisionRate: number | null;
  @Field(() => Int) decisionsDue: number;
  @Field(() => Int) decisionsOnTime: number;
  @Field(() => Float, { nullable: true, description: 'Actions done by their due date / actions due then.' })
  rate: number | null;
  @Field(() => Int) due: number;
  @Field(() => Int) doneOnTime: number;
}
