import { Framework } from '@throughline/shared';
import { Field, ID, InputType, Int } from 'type-graphql';
import { DateOnlyScalar } from '../../graphql/scalars.js';
import type { NewPlan, PlanChanges } from './plan.service.js';

/** A new plan. */
@InputType()
export class CreatePlanInput implements NewPlan {
  @Field() name: string;
  @Field(() => Framework) framework: Framework;
  @Field(() => DateOnlyScalar) periodStart: string;
  @Field(() => DateOnlyScalar) periodEnd: string;
  @Field(() => ID) unitId: string;
  @Field({ nullable: true }) reason?: string;
}

/** Changes to a plan. */
@InputType()
export class UpdatePlanInput implements PlanChanges {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
  @Field({ nullable: true }) name?: string;
  @Field(() => Framework, { nullable: true }) framework?: Framework;
  @Field(() => DateOnlyScalar, { nullable: true }) periodStart?: string;
  @Field(() => DateOnlyScalar, { nullable: true }) periodEnd?: string;
  @Field(() => Int, {
    nullable: true,
    description: 'Days (1–90) an alert may stay unacknowledged before it escalates one level up.',
  })
  alertEscalationDays?: number;
  @Field(() => Int, { nullable: true, description: 'Days (1–90) between check-ins on active initiatives.' })
  checkInEveryDays?: number;
  @Field({ nullable: true }) reason?: string;
}
