import { Field, Float, ObjectType } from 'type-graphql';
import { DateOnlyScalar, DateTimeScalar } from '../../graphql/scalars.js';

/** A KPI read as a key result of one period (an OKR quarter): where it started, where it is, where it should end. */
@ObjectType({
  description:
    'A KPI as a key result of a period: its start, its newest value in the period, and its target.',
})
export class KeyResultValues {
  @Field(() => Float, {
    nullable: true,
    description: 'The last value before the period (else the KPI’s baseline).',
  })
  start: number | null;

  @Field(() => Float, { nullable: true, description: 'The newest value inside the period.' })
  current: number | null;

  @Field(() => DateTimeScalar, { nullable: true })
  currentAt: Date | null;

  @Field(() => Float, {
    nullable: true,
    description: 'The target of the latest target period ending inside the period.',
  })
  target: number | null;

  @Field(() => DateOnlyScalar, { nullable: true })
  targetPeriodEnd: string | null;
}
