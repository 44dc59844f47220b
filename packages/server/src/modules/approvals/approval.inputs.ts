import { ApprovalRuleKind } from '@throughline/shared';
import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { DateOnlyScalar } from '../../graphql/scalars.js';

/** One kind of change that needs approval in a plan. */
@InputType()
export class ApprovalRuleInput {
  @Field(() => ApprovalRuleKind) kind: ApprovalRuleKind;
  @Field(() => Float, {
    nullable: true,
    description:
      'INITIATIVE_START: starting needs approval when the budget is above this amount (default 0).',
  })
  budgetAbove?: number | null;
}

/** A KPI's new target for one period, as `setKpiTarget` takes it. */
@InputType()
export class RequestedKpiTargetInput {
  @Field(() => DateOnlyScalar) periodStart: string;
  @Field(() => DateOnlyScalar) periodEnd: string;
  @Field(() => Float) target: number;
  @Field(() => Float, { nullable: true }) amber?: number | null;
  @Field(() => Float, { nullable: true }) red?: number | null;
}

/**
 * A change to ask approval for, after the guarded mutation answered APPROVAL_REQUIRED: the same
 * change, the subject's version you read, and why.
 */
@InputType()
export class RequestChangeInput {
  @Field(() => ApprovalRuleKind) kind: ApprovalRuleKind;
  @Field(() => ID, { description: 'The KPI, objective or initiative.' }) subjectId: string;
  @Field(() => Int, { description: "The subject's version you read." }) version: number;
  @Field({ description: 'Why you ask for it (the approver reads it; history keeps it).' }) reason: string;
  @Field(() => RequestedKpiTargetInput, {
    nullable: true,
    description: 'DASHBOARD_KPI_TARGET: the new target.',
  })
  kpiTarget?: RequestedKpiTargetInput | null;
}
