import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { Direction } from '@throughline/shared';
import { DateOnlyScalar } from '../../graphql/scalars.js';
import { NegotiationItemKind } from './planning.enums.js';

@InputType({
  description: "Opens a plan (no unitId: the whole plan) or one unit's part of it for planning a period.",
})
export class OpenPlanningInput {
  @Field(() => ID) planId: string;
  @Field(() => ID, { nullable: true }) unitId?: string | null;
  @Field(() => DateOnlyScalar) periodStart: string;
  @Field(() => DateOnlyScalar, { description: 'Last day of the period (inclusive).' }) periodEnd: string;
}

@InputType({
  description:
    'One item of a proposal. KPI_TARGET: subjectId of an existing KPI, or name, unitOfMeasure and direction of a new one; target (amber, red optional). OBJECTIVE: subjectId of an existing objective (dueDate: its new period end), or name and parentId of a new one.',
})
export class NegotiationItemInput {
  @Field(() => NegotiationItemKind) kind: NegotiationItemKind;
  @Field({ nullable: true, description: 'Keep the key of the item you counter (from the previous round).' })
  key?: string;
  @Field(() => ID, { nullable: true }) subjectId?: string | null;
  @Field({ nullable: true }) name?: string;
  @Field({ nullable: true }) unitOfMeasure?: string;
  @Field(() => Direction, { nullable: true }) direction?: Direction | null;
  @Field(() => Float, { nullable: true }) target?: number | null;
  @Field(() => Float, { nullable: true }) amber?: number | null;
  @Field(() => Float, { nullable: true }) red?: number | null;
  @Field(() => ID, { nullable: true }) parentId?: string | null;
  @Field(() => DateOnlyScalar, { nullable: true }) dueDate?: string | null;
}

@InputType({
  description: 'Proposes objectives, KPIs and targets for the open period to a unit (its head answers).',
})
export class ProposeTargetsInput {
  @Field(() => ID, { description: 'The open planning window.' }) windowId: string;
  @Field(() => ID, { description: 'The unit proposed to.' }) unitId: string;
  @Field(() => ID, {
    nullable: true,
    description: 'The objective this serves (required unless you are an executive: you own it).',
  })
  objectiveId?: string | null;
  @Field() title: string;
  @Field(() => [NegotiationItemInput]) items: NegotiationItemInput[];
  @Field({ nullable: true, description: 'Why these targets.' }) reason?: string;
}

@InputType()
export class CounterProposeInput {
  @Field(() => ID) negotiationId: string;
  @Field(() => Int, { description: "The negotiation's version you read." }) version: number;
  @Field(() => [NegotiationItemInput], { description: 'The whole proposal as you would agree to it.' })
  items: NegotiationItemInput[];
  @Field({ description: 'Why (required).' }) reason: string;
}

@InputType()
export class NegotiationAnswerInput {
  @Field(() => ID) negotiationId: string;
  @Field(() => Int, { description: "The negotiation's version you read." }) version: number;
  @Field({ nullable: true, description: 'A comment (accept), the reason (withdraw: required).' })
  reason?: string;
}

@InputType()
export class BringIntoNegotiationInput {
  @Field(() => ID) negotiationId: string;
  @Field(() => Int) version: number;
  @Field(() => ID) personId: string;
  @Field({ nullable: true }) reason?: string;
}
