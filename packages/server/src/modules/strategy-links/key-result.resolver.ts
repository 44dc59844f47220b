import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput } from '../../graphql/errors.js';
import { DateOnlyScalar } from '../../graphql/scalars.js';
import { Kpi } from '../kpis/kpi.entity.js';
import { KeyResultValues } from './key-result.types.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** `Kpi.keyResult(from, to)`: the OKR view's numbers, computed where the measurements are. */
@Resolver(() => Kpi)
export class KpiKeyResultResolver {
  @FieldResolver(() => KeyResultValues, {
    description:
      'This KPI as a key result of the period from `from` to `to` (days, inclusive): start, newest value, target.',
  })
  keyResult(
    @Root() k: Kpi,
    @Ctx() ctx: GraphQLContext,
    @Arg('from', () => DateOnlyScalar) from: string,
    @Arg('to', () => DateOnlyScalar) to: string,
  ): Promise<KeyResultValues> {
    if (!DAY.test(from)) throw badInput('from', 'from must be a day (yyyy-mm-dd).');
    if (!DAY.test(to) || to < from) throw badInput('to', 'to must be a day on or after from.');
    return ctx.loaders.keyResultOf(from, to).load(k.id);
  }
}
