import { Field, Float, ID, InputType, Int } from 'type-graphql';

/** One initiative's part of a what-if scenario: switched off or on, and/or a new capacity. */
@InputType({ description: 'One initiative of a what-if scenario, at the version the scenario was built on.' })
export class ScenarioChangeInput {
  @Field(() => ID) initiativeId: string;

  @Field(() => Int, {
    description:
      'The version the scenario saw; another change since then refuses the whole scenario (CONFLICT).',
  })
  version: number;

  @Field({
    nullable: true,
    description:
      'false switches the initiative off (an active or proposed one is PAUSED: its people are freed); true switches a paused one back on (ACTIVE). Left out: the status stays.',
  })
  committed?: boolean;

  @Field(() => Float, {
    nullable: true,
    description: 'The initiative’s new capacity (people, FTE, at least 0).',
  })
  capacity?: number;
}

/** A what-if scenario of the portfolio, applied in one step. */
@InputType()
export class ApplyScenarioInput {
  @Field(() => [ScenarioChangeInput]) changes: ScenarioChangeInput[];

  @Field({ description: 'Why: written on every initiative’s history entry.' })
  reason: string;
}
