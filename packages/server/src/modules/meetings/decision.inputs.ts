import { Field, ID, InputType, Int } from 'type-graphql';
import { DateOnlyScalar } from '../../graphql/scalars.js';

/**
 * Changes a decision (not SUPERSEDED). A field left out stays as it is; `subjectId`,
 * `revisitOn` and `rationale` given as null clear it. History keeps every version.
 */
@InputType()
export class EditDecisionInput {
  @Field(() => ID) id: string;
  @Field(() => Int, { description: 'The version you edited: a newer one answers CONFLICT.' }) version: number;
  @Field(() => String, { nullable: true }) text?: string | null;
  @Field(() => String, { nullable: true, description: 'Why it was decided.' }) rationale?: string | null;
  @Field(() => ID, { nullable: true }) ownerId?: string | null;
  @Field(() => ID, { nullable: true, description: 'The objective, KPI or initiative it is about.' })
  subjectId?: string | null;
  @Field(() => DateOnlyScalar, { nullable: true, description: 'When to look at it again.' })
  revisitOn?: string | null;
}

/**
 * A later decision that replaces an earlier one. It is recorded in an open meeting whose scope
 * covers the earlier decision's unit; the earlier one is kept, SUPERSEDED, never rewritten.
 */
@InputType()
export class SupersedeDecisionInput {
  @Field(() => ID, { description: 'The decision it replaces.' }) decisionId: string;
  @Field(() => Int, {
    description: 'The version of the replaced decision you read: a newer one answers CONFLICT.',
  })
  version: number;
  @Field(() => ID, {
    description: 'The open meeting it is decided in: of the replaced decision’s unit or a unit above it.',
  })
  meetingId: string;
  @Field() text: string;
  @Field(() => String, { nullable: true, description: 'Why it was decided.' }) rationale?: string | null;
  @Field(() => ID) ownerId: string;
  @Field(() => ID, {
    nullable: true,
    description: 'The objective, KPI or initiative it is about (default: that of the replaced decision).',
  })
  subjectId?: string | null;
  @Field(() => DateOnlyScalar, { nullable: true, description: 'When to look at it again.' })
  revisitOn?: string | null;
}
