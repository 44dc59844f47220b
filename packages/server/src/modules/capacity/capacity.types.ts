import { Field, Float, Int, ObjectType } from 'type-graphql';

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
}
