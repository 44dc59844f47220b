import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Unit } from '../units/unit.entity.js';

/** A unit's capacity: the one definition every screen and text shows (see capacity.service.ts). */
@ObjectType({
  description:
    'Capacity of a unit and the teams below it, in people (FTE): committed to active and proposed initiatives against available for initiative work. One definition for every screen. When the viewer cannot see every unit below, both numbers count the visible units only and `complete` is false.',
})
export class UnitCapacity {
  @Field(() => Float, {
    description: 'People committed: capacity of active and proposed initiatives of the unit and its teams.',
  })
  committed: number;

  @Field(() => Float, { description: 'People available for initiative work in the unit and its teams.' })
  available: number;

  @Field({ description: 'Committed is more than available: the either/or conversation.' })
  overcommitted: boolean;

  @Field({
    description:
      'True when every unit below is visible to the viewer; false when hidden units are left out of both numbers.',
  })
  complete: boolean;

  @Field(() => Int, { description: 'Units counted (the unit and its visible teams and sub-units).' })
  unitCount: number;

  @Field(() => Int, { description: 'Initiatives counted in `committed`.' })
  initiativeCount: number;

  /** Not in the API: the initiatives counted, for the hygiene report. */
  initiativeIds: string[];

  @Field(() => Float, {
    description: 'The unit’s strategic reserve: the share of available capacity kept free (0–0.5).',
  })
  reserveShare: number;

  @Field(() => Float, { description: 'People kept free by the strategic reserve: available × reserveShare.' })
  reserve: number;

  @Field(() => Float, {
    description:
      'People of the reserve still free: the reserve while committed work leaves it alone, less once work eats into it, negative when overcommitted.',
  })
  reserveLeft: number;

  @Field({
    description: 'Committed work eats into the strategic reserve (the CAPACITY_RESERVE_USED alert is open).',
  })
  reserveUsed: boolean;

  /** Not in the API directly: each counted unit's own figures, read through `byUnit`. */
  partFigures: { unitId: string; committed: number; available: number }[];
}

/** One unit's own share of a capacity figure: its own initiatives against its own available people. */
@ObjectType({
  description:
    'One unit’s own part of a capacity figure (without the units below it): the parts of a unit’s capacity add up to its total.',
})
export class UnitCapacityPart {
  @Field(() => Unit)
  unit: Unit;

  @Field(() => Float, { description: 'People committed to the unit’s own active and proposed initiatives.' })
  committed: number;

  @Field(() => Float, { description: 'The unit’s own available people.' })
  available: number;

  @Field({ description: 'The unit alone commits more people than it has.' })
  overcommitted: boolean;
}
