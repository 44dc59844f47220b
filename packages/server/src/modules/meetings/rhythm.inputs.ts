import { Field, ID, InputType, Int } from 'type-graphql';
import { MeetingKind } from '@throughline/shared';

/** A unit's rhythm for one kind of review: replaces the one there. */
@InputType()
export class ReviewRhythmInput {
  @Field(() => ID) unitId: string;
  @Field(() => MeetingKind, { description: 'MONTHLY_OPERATIONAL or QUARTERLY_STRATEGIC.' }) kind: MeetingKind;
  @Field(() => Int, { description: '1–4: the first to fourth such weekday of the month; -1: the last.' })
  ordinal: number;
  @Field(() => Int, { description: 'ISO weekday: 1 Monday … 7 Sunday.' }) weekday: number;
  @Field({ description: 'Wall-clock time "HH:MM" in the organisation\'s time zone.' }) time: string;
  @Field(() => ID, {
    nullable: true,
    description: 'Who chairs the reviews it schedules; by default the chair of the review that closed.',
  })
  chairId?: string | null;
  @Field(() => [ID], { nullable: true, description: 'Invited to every review it schedules.' })
  participantIds?: string[] | null;
  @Field(() => Int, { nullable: true, description: 'The version you read, when replacing a rhythm.' })
  version?: number | null;
}
