import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { Direction, Frequency, KpiKind } from '@throughline/shared';
import { DateOnlyScalar, DateTimeScalar } from '../../graphql/scalars.js';

/** A new KPI. */
@InputType()
export class CreateKpiInput {
  @Field() name: string;
  @Field({ nullable: true }) description?: string;
  @Field() unitOfMeasure: string;
  @Field(() => Direction) direction: Direction;
  @Field(() => KpiKind, { nullable: true }) kind?: KpiKind;
  @Field(() => Frequency, { nullable: true }) frequency?: Frequency;
  @Field(() => Float, { nullable: true }) baseline?: number | null;
  @Field({ nullable: true }) onExecutiveDashboard?: boolean;
  @Field(() => ID) ownerId: string;
  @Field(() => ID) unitId: string;
  @Field(() => [ID], { nullable: true, description: 'Objectives this KPI measures.' })
  objectiveIds?: string[];
  @Field({ nullable: true }) reason?: string;
}

/** Changes to a KPI; only the fields given change. */
@InputType()
export class UpdateKpiInput {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
  @Field({ nullable: true }) name?: string;
  @Field({ nullable: true }) description?: string;
  @Field({ nullable: true }) unitOfMeasure?: string;
  @Field(() => Direction, { nullable: true }) direction?: Direction;
  @Field(() => KpiKind, { nullable: true }) kind?: KpiKind;
  @Field(() => Frequency, { nullable: true }) frequency?: Frequency;
  @Field(() => Float, { nullable: true }) baseline?: number | null;
  @Field({ nullable: true }) onExecutiveDashboard?: boolean;
  @Field(() => ID, { nullable: true }) ownerId?: string;
  @Field(() => ID, { nullable: true }) unitId?: string;
  @Field({ nullable: true }) reason?: string;
}

/** Sets (or replaces) the target of a KPI for one period. */
@InputType()
export class SetKpiTargetInput {
  @Field(() => ID) kpiId: string;
  @Field(() => Int, { description: "The KPI's version you read." }) version: number;
  @Field(() => DateOnlyScalar) periodStart: string;
  @Field(() => DateOnlyScalar, { description: 'Last day of the period (inclusive).' }) periodEnd: string;
  @Field(() => Float) target: number;
  @Field(() => Float, { nullable: true, description: 'Worse than this is AT_RISK; defaults to the target.' })
  amber?: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Worse than this is OFF_TRACK; defaults to 10% worse than the target.',
  })
  red?: number | null;
  @Field({ nullable: true }) reason?: string;
}

/** A KPI measurement (partner contract). */
@InputType()
export class RecordMeasurementInput {
  @Field(() => ID) kpiId: string;
  @Field(() => Float) value: number;
  @Field(() => DateTimeScalar) at: Date;
  @Field(() => String, { nullable: true }) note?: string | null;
  @Field(() => String, { nullable: true, description: 'Source system, e.g. "ERP" (partner feeds).' })
  source?: string | null;
}

/** A correction of a recorded value; the old value stays in history. */
@InputType()
export class CorrectMeasurementInput {
  @Field(() => ID) measurementId: string;
  @Field(() => Float) value: number;
  @Field(() => String, { nullable: true }) note?: string | null;
}
