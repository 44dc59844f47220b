import DataLoader from 'dataloader';
import { Arg, Ctx, Field, Float, FieldResolver, ObjectType, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput } from '../../graphql/errors.js';
import { DateOnlyScalar, DateTimeScalar } from '../../graphql/scalars.js';
import { Kpi } from '../kpis/kpi.entity.js';

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

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** One query per request and period for every KPI asked (current measurements only). */
function loaderFor(ctx: GraphQLContext, from: string, to: string): DataLoader<string, KeyResultValues> {
  const cache = ((
    ctx as unknown as { keyResultLoaders?: Map<string, DataLoader<string, KeyResultValues>> }
  ).keyResultLoaders ??= new Map());
  const key = `${from}|${to}`;
  let loader = cache.get(key);
  if (!loader) {
    loader = new DataLoader<string, KeyResultValues>(async (ids) => {
      const rows: Record<string, unknown>[] = await ctx.db.query(
        `SELECT k.id,
           coalesce((SELECT m.value FROM measurement m WHERE m.kpi_id = k.id AND m.superseded_at IS NULL
                       AND m.at < $2::date ORDER BY m.at DESC, m.id DESC LIMIT 1), k.baseline) AS start,
           c.value AS current, c.at AS current_at, t.target, t.period_end::text AS target_period_end
         FROM kpi k
         LEFT JOIN LATERAL (SELECT m.value, m.at FROM measurement m WHERE m.kpi_id = k.id AND m.superseded_at IS NULL
                       AND m.at >= $2::date AND m.at < ($3::date + 1) ORDER BY m.at DESC, m.id DESC LIMIT 1) c ON true
         LEFT JOIN LATERAL (SELECT kt.target, kt.period_end FROM kpi_target kt WHERE kt.kpi_id = k.id
                       AND kt.period_end BETWEEN $2::date AND $3::date ORDER BY kt.period_end DESC LIMIT 1) t ON true
         WHERE k.id = ANY($1::uuid[])`,
        [ids, from, to],
      );
      const byId = new Map<string, Record<string, unknown>>(rows.map((r) => [r.id as string, r]));
      return ids.map((id) => {
        const r = byId.get(id);
        const num = (v: unknown) => (v == null ? null : Number(v));
        return Object.assign(new KeyResultValues(), {
          start: num(r?.start),
          current: num(r?.current),
          currentAt: (r?.current_at as Date | null) ?? null,
          target: num(r?.target),
          targetPeriodEnd: (r?.target_period_end as string | null) ?? null,
        });
      });
    });
    cache.set(key, loader);
  }
  return loader;
}

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
    return loaderFor(ctx, from, to).load(k.id);
  }
}
