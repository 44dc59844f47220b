import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { InitiativeStatus } from '@throughline/shared';
import { DateOnlyScalar } from '../../graphql/scalars.js';

/** A new initiative. */
@InputType()
export class CreateInitiativeInput {
  @Field(() => ID) planId: string;
  @Field() title: string;
  @Field({ nullable: true }) description?: string;
  @Field(() => ID) ownerId: string;
  @Field(() => ID) unitId: string;
  @Field(() => InitiativeStatus, { nullable: true }) status?: InitiativeStatus;
  @Field(() => DateOnlyScalar, { nullable: true }) startDate?: string | null;
  @Field(() => DateOnlyScalar, { nullable: true }) endDate?: string | null;
  @Field(() => Float, { nullable: true }) budget?: number | null;
  @Field(() => Float, { nullable: true, description: 'People committed (FTE).' }) capacity?: number;
  @Field(() => [ID], { nullable: true }) objectiveIds?: string[];
  @Field(() => [ID], { nullable: true }) kpiIds?: string[];
  @Field({ nullable: true }) reason?: string;
}

/** Changes to an initiative; only the fields given change. */
@InputType()
export class UpdateInitiativeInput {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
  @Field({ nullable: true }) title?: string;
  @Field({ nullable: true }) description?: string;
  @Field(() => ID, { nullable: true }) ownerId?: string;
  @Field(() => ID, { nullable: true }) unitId?: string;
  @Field(() => InitiativeStatus, { nullable: true }) status?: InitiativeStatus;
  @Field(() => DateOnlyScalar, { nullable: true }) startDate?: string | null;
  @Field(() => DateOnlyScalar, { nullable: true }) endDate?: string | null;
  @Field(() => Float, { nullable: true }) budget?: number | null;
  @Field(() => Float, { nullable: true }) capacity?: number;
  @Field({ nullable: true }) reason?: string;
}

/** A new milestone of an initiative. */
@InputType()
export class AddMilestoneInput {
  @Field(() => ID) initiativeId: string;
  @Field() title: string;
  @Field(() => DateOnlyScalar) dueDate: string;
}

/** Changes to a milestone (title, due date, done or not). */
@InputType()
export class UpdateMilestoneInput {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
  @Field({ nullable: true }) title?: string;
  @Field(() => DateOnlyScalar, { nullable: true }) dueDate?: string;
  @Field({ nullable: true, description: 'true marks it done now; false reopens it.' }) completed?: boolean;
  @Field({ nullable: true }) reason?: string;
}
