import { Field, ID, InputType, Int } from 'type-graphql';
import { CheckInStatus, SubjectType } from '@throughline/shared';
import { CheckInField, CheckInSourceKind } from './checkin.entity.js';

/** A drafted sentence kept with the check-in, as the draft gave it. */
@InputType()
export class CheckInSourceInput {
  @Field() sentence: string;
  @Field(() => CheckInField, { nullable: true }) field?: CheckInField;
  @Field(() => CheckInSourceKind, { nullable: true }) kind?: CheckInSourceKind;
  @Field({ nullable: true }) label?: string;
  @Field(() => ID, { nullable: true }) subjectId?: string | null;
  @Field(() => Date, { nullable: true }) at?: Date | null;
}

@InputType({ description: 'A check-in on a KPI (or key result) or an initiative.' })
export class PostCheckInInput {
  @Field(() => SubjectType, { description: 'KPI or INITIATIVE.' }) subjectType: SubjectType;
  @Field(() => ID) subjectId: string;
  @Field(() => CheckInStatus) status: CheckInStatus;
  @Field(() => Int, { description: '1 (no confidence) to 10 (certain).' }) confidence: number;
  @Field({ nullable: true, description: 'What happened since the last check-in.' }) happened?: string;
  @Field({ nullable: true, description: 'What is next.' }) next?: string;
  @Field({ nullable: true, description: 'What stands in the way.' }) blockers?: string;
  @Field(() => [String], { nullable: true, description: 'Web addresses (http or https).' }) links?: string[];
  @Field(() => [CheckInSourceInput], {
    nullable: true,
    description: 'The drafted sentences it started from (from checkInDraft), kept with it.',
  })
  sources?: CheckInSourceInput[];
}
