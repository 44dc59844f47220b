import { UnitKind, UnitVisibility } from '@throughline/shared';
import { Field, Float, ID, InputType, Int } from 'type-graphql';
import type { NewUnit, UnitChanges } from './unit.service.js';

/** A new unit of the organisation tree. */
@InputType()
export class CreateUnitInput implements NewUnit {
  @Field() name: string;
  @Field(() => UnitKind) kind: UnitKind;
  @Field(() => ID, { nullable: true }) parentId?: string | null;
  @Field(() => ID, { nullable: true }) headId?: string | null;
  @Field(() => UnitVisibility, { nullable: true }) visibility?: UnitVisibility;
  @Field(() => Float, { nullable: true }) availableCapacity?: number;
  @Field(() => Float, {
    nullable: true,
    description: 'Strategic reserve: share of available capacity kept free, 0 to 0.5 (default 0.1).',
  })
  strategicReserve?: number;
  @Field({ nullable: true }) reason?: string;
}

/** Changes to a unit. */
@InputType()
export class UpdateUnitInput implements UnitChanges {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
  @Field({ nullable: true }) name?: string;
  @Field(() => ID, { nullable: true }) headId?: string | null;
  @Field(() => UnitVisibility, { nullable: true }) visibility?: UnitVisibility;
  @Field(() => Float, { nullable: true }) availableCapacity?: number;
  @Field(() => Float, {
    nullable: true,
    description: 'Strategic reserve: share of available capacity kept free, 0 to 0.5 (default 0.1).',
  })
  strategicReserve?: number;
  @Field({ nullable: true }) reason?: string;
}
