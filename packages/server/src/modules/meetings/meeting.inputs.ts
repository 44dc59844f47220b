import { Field, ID, InputType, Int } from 'type-graphql';
import { MeetingKind } from '@throughline/shared';
import { DateOnlyScalar } from '../../graphql/scalars.js';

/** A review to schedule for a unit's scope. */
@InputType()
export class ScheduleMeetingInput {
  @Field(() => ID, { description: 'The unit whose scope (it and everything below it) is reviewed.' })
  unitId: string;
  @Field(() => MeetingKind) kind: MeetingKind;
  @Field({
    nullable: true,
    description:
      'Defaults to "<unit> monthly review — 28 Nov 2026" (the company\'s quarterly: "Quarterly strategic review — 28 Nov 2026"), retitled by the day it is held when it is closed on another day.',
  })
  title?: string;
  @Field(() => ID) chairId: string;
  @Field(() => [ID], { nullable: true }) participantIds?: string[];
  @Field(() => Date) scheduledAt: Date;
}

/** Contract input: a decision recorded in an open meeting. */
@InputType()
export class RecordDecisionInput {
  @Field(() => ID) meetingId: string;
  @Field() text: string;
  @Field(() => ID) ownerId: string;
  @Field(() => ID, { nullable: true, description: 'The objective, KPI or initiative it is about.' })
  subjectId?: string | null;
  @Field(() => String, { nullable: true, description: 'Why it was decided.' }) rationale?: string | null;
  @Field(() => DateOnlyScalar, {
    nullable: true,
    description: 'When to look at it again; it then appears on the next agenda of its scope.',
  })
  revisitOn?: string | null;
}

/** Contract input: an action agreed in an open meeting. */
@InputType()
export class AddActionInput {
  @Field(() => ID) meetingId: string;
  @Field() text: string;
  @Field(() => ID) ownerId: string;
  @Field(() => Date) dueDate: Date;
  @Field(() => ID, { nullable: true, description: 'The decision it carries out (of the same unit).' })
  decisionId?: string | null;
}

/** Changes a meeting's plan while it is not closed. */
@InputType()
export class UpdateMeetingInput {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
  @Field({ nullable: true }) title?: string;
  @Field(() => ID, { nullable: true }) chairId?: string;
  @Field(() => [ID], { nullable: true }) participantIds?: string[];
  @Field(() => Date, { nullable: true }) scheduledAt?: Date;
}
