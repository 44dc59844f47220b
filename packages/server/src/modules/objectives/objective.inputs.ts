import { Field, ID, InputType, Int } from 'type-graphql';
import { Perspective } from '@throughline/shared';
import { DateOnlyScalar } from '../../graphql/scalars.js';

/** A new objective. */
@InputType()
export class CreateObjectiveInput {
  @Field(() => ID) planId: string;
  @Field() title: string;
  @Field({ nullable: true }) description?: string;
  @Field(() => ID) ownerId: string;
  @Field(() => ID) unitId: string;
  @Field(() => ID, { nullable: true, description: 'Parent objective (cascading); must be in the same plan.' })
  parentId?: string | null;
  @Field(() => Perspective, { nullable: true }) perspective?: Perspective | null;
  @Field(() => DateOnlyScalar, { nullable: true }) periodStart?: string | null;
  @Field(() => DateOnlyScalar, { nullable: true }) periodEnd?: string | null;
  @Field(() => Int, { nullable: true }) position?: number;
  @Field({ nullable: true, description: 'Why (kept in history).' }) reason?: string;
}

/** Changes to an objective; only the fields given change. `version` must be the one you read. */
@InputType()
export class UpdateObjectiveInput {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
  @Field({ nullable: true }) title?: string;
  @Field({ nullable: true }) description?: string;
  @Field(() => ID, { nullable: true }) ownerId?: string;
  @Field(() => ID, { nullable: true }) unitId?: string;
  @Field(() => ID, { nullable: true, description: 'New parent; null makes it a top-level objective.' })
  parentId?: string | null;
  @Field(() => Perspective, { nullable: true }) perspective?: Perspective | null;
  @Field(() => DateOnlyScalar, { nullable: true }) periodStart?: string | null;
  @Field(() => DateOnlyScalar, { nullable: true }) periodEnd?: string | null;
  @Field(() => Int, { nullable: true }) position?: number;
  @Field({ nullable: true }) reason?: string;
}
