import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context.js';
import { hygieneReport } from './hygiene.service.js';
import { HygieneReport } from './hygiene.types.js';

/** Portfolio hygiene as a query. */
@Resolver(() => HygieneReport)
export class HygieneResolver {
  @Authorized()
  @Query(() => HygieneReport, {
    description: 'Portfolio hygiene of a plan and/or a unit and below, counting only what you may see.',
  })
  hygiene(
    @Ctx() ctx: GraphQLContext,
    @Arg('planId', () => ID, { nullable: true }) planId?: string | null,
    @Arg('unitId', () => ID, { nullable: true }) unitId?: string | null,
  ): Promise<HygieneReport> {
    return hygieneReport(ctx, planId, unitId);
  }
}
