import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { Needs } from '../../graphql/auth-checker.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { Initiative } from '../initiatives/initiative.entity.js';
import type { Unit } from '../units/unit.entity.js';
import { ApplyScenarioInput } from './capacity.inputs.js';
import { UnitCapacity, UnitCapacityPart } from './capacity.types.js';
import { applyScenario } from './scenario.service.js';

/** Capacity: each unit's own part of a figure, and the what-if scenario of the portfolio. */
@Resolver(() => UnitCapacity)
export class CapacityResolver {
  @FieldResolver(() => [UnitCapacityPart], {
    description:
      'Each counted unit’s own figures (the unit itself, then the visible units below it): they add up to committed and available.',
  })
  async byUnit(@Root() c: UnitCapacity, @Ctx() ctx: GraphQLContext): Promise<UnitCapacityPart[]> {
    const units = await ctx.loaders.unit.loadMany(c.partFigures.map((p) => p.unitId));
    return c.partFigures.flatMap((p, i) => {
      const unit = units[i];
      if (!unit || unit instanceof Error) return [];
      return [
        {
          unit: unit as Unit,
          committed: p.committed,
          available: p.available,
          overcommitted: p.committed > p.available + 1e-9,
        },
      ];
    });
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => [Initiative], {
    description:
      'Applies a what-if scenario of the portfolio in one step: initiatives switched off (paused) or on (active) and new capacities, all or nothing, each checked against its version (CONFLICT names the initiative changed meanwhile) and written to its history with the reason.',
  })
  applyPortfolioScenario(
    @Ctx() ctx: GraphQLContext,
    @Arg('input') input: ApplyScenarioInput,
  ): Promise<Initiative[]> {
    return applyScenario(ctx, input);
  }
}
