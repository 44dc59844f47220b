import { Health, MAX_MEASUREMENT_AGE_DAYS } from '@throughline/shared';
import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  Float,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { Needs } from '../../graphql/auth-checker.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { DateTimeScalar } from '../../graphql/scalars.js';
import { optionalId, unitScope, visibleOnly } from '../../graphql/visibility.js';
import { targetOn } from '../health/health.loaders.js';
import { asOfOf } from '../history/as-of.js';
import { Initiative } from '../initiatives/initiative.entity.js';
import { Objective } from '../objectives/objective.entity.js';
import { Person } from '../people/person.entity.js';
import { Unit } from '../units/unit.entity.js';
import { KpiTarget } from './kpi-target.entity.js';
import { Kpi } from './kpi.entity.js';
import {
  CorrectMeasurementInput,
  CreateKpiInput,
  RecordMeasurementInput,
  SetKpiTargetInput,
  UpdateKpiInput,
} from './kpi.inputs.js';
import { measurementFrom } from './kpi.loaders.js';
import {
  correctMeasurement,
  kpiAsOf,
  kpiHealthAsOf,
  recordMeasurements,
  setKpiArchived,
  setKpiTarget,
  updateKpi,
  createKpi,
} from './kpi.service.js';
import { decodeCursor, encodeCursor, MeasurementConnection, pageSize } from './measurement-connection.js';
import { Measurement } from './measurement.entity.js';
import { ObjectPermissions, viewerCan } from '../../graphql/viewer-can.js';

/** KPI queries, mutations (including the partner contract's recordMeasurement) and fields. */
@Resolver(() => Kpi)
export class KpiResolver {
  @FieldResolver(() => ObjectPermissions, {
    description: 'What you may do with this KPI: the app shows only these controls.',
  })
  viewerCan(@Root() k: Kpi, @Ctx() ctx: GraphQLContext): Promise<ObjectPermissions> {
    return viewerCan(ctx, {
      kind: 'kpi',
      unitId: k.unitId,
      ownerId: k.ownerId,
      writable: !k.archivedAt && !asOfOf(k),
    });
  }
  @Authorized()
  @Query(() => Kpi, { nullable: true, description: 'A KPI, live or as it stood at `asOf`.' })
  async kpi(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID) id: string,
    @Arg('asOf', () => DateTimeScalar, { nullable: true }) asOf?: Date | null,
    @Arg('includeArchived', () => Boolean, {
      defaultValue: false,
      description: 'Answer an archived KPI too (its `archivedAt` says so), e.g. to restore it.',
    })
    includeArchived?: boolean,
  ): Promise<Kpi | null> {
    const policy = await ctx.policy();
    const live = includeArchived ? ctx.loaders.kpiWithArchived : ctx.loaders.kpi;
    const k = asOf ? await kpiAsOf(ctx, id, asOf) : await live.load(id);
    return k && policy.can('read', { unitId: k.unitId }) ? k : null;
  }

  @Authorized()
  @Query(() => [Kpi], {
    description: 'Active KPIs visible to you, optionally of one unit and below, or of one owner.',
  })
  async kpis(
    @Ctx() ctx: GraphQLContext,
    @Arg('unitId', () => ID, { nullable: true }) unitId?: string,
    @Arg('ownerId', () => ID, {
      nullable: true,
      description: 'Only the KPIs this person owns (a member’s home asks for their own).',
    })
    ownerId?: string,
  ): Promise<Kpi[]> {
    const policy = await ctx.policy();
    const units = unitScope(policy, unitId);
    const qb = ctx.db
      .getRepository(Kpi)
      .createQueryBuilder('k')
      .where('k.archived_at IS NULL')
      .andWhere('k.unit_id = ANY(:units)', { units });
    if (optionalId(ownerId, 'ownerId', 'person')) qb.andWhere('k.owner_id = :ownerId', { ownerId });
    return qb.orderBy('k.name').getMany();
  }

  @FieldResolver(() => Person)
  async owner(@Root() k: Kpi, @Ctx() ctx: GraphQLContext): Promise<Person> {
    return (await ctx.loaders.person.load(k.ownerId))!;
  }

  @FieldResolver(() => Unit)
  async unit(@Root() k: Kpi, @Ctx() ctx: GraphQLContext): Promise<Unit> {
    return (await ctx.loaders.unit.load(k.unitId))!;
  }

  @FieldResolver(() => Float, { nullable: true, description: 'Target for the current period.' })
  async target(@Root() k: Kpi, @Ctx() ctx: GraphQLContext): Promise<number | null> {
    return (await this.currentTarget(k, ctx))?.target ?? null;
  }

  @FieldResolver(() => KpiTarget, {
    nullable: true,
    description: 'Target and thresholds in force now (or at `asOf`).',
  })
  async currentTarget(@Root() k: Kpi, @Ctx() ctx: GraphQLContext): Promise<KpiTarget | null> {
    return targetOn(await this.targets(k, ctx), asOfOf(k) ?? ctx.clock.now());
  }

  @FieldResolver(() => [KpiTarget], { description: 'Targets per period, oldest first.' })
  async targets(@Root() k: Kpi, @Ctx() ctx: GraphQLContext): Promise<KpiTarget[]> {
    if (asOfOf(k)) {
      // Snapshots written before target ids were kept get a stable id from KPI and period.
      const kept = ((k as unknown as { targets?: KpiTarget[] }).targets ?? []) as KpiTarget[];
      return kept.map((t) =>
        Object.assign(new KpiTarget(), t, { kpiId: k.id, id: t.id ?? `${k.id}:${t.periodStart}` }),
      );
    }
    return ctx.loaders.targets.load(k.id);
  }

  @FieldResolver(() => Measurement, { nullable: true, description: 'Latest current measurement.' })
  async latest(@Root() k: Kpi, @Ctx() ctx: GraphQLContext): Promise<Measurement | null> {
    const at = asOfOf(k);
    if (at) {
      const row = await ctx.loaders.asOf.measurementAt(k.id, at);
      return row ? measurementFrom(row) : null;
    }
    return ctx.loaders.latestMeasurement.load(k.id);
  }

  @FieldResolver(() => Health, {
    description: 'Latest measurement against the target of its period, by direction and thresholds.',
  })
  async health(@Root() k: Kpi, @Ctx() ctx: GraphQLContext): Promise<Health> {
    const at = asOfOf(k);
    if (at) return kpiHealthAsOf(ctx, k.id, at);
    return (await ctx.loaders.kpiStatus.load(k.id))?.health ?? Health.NO_DATA;
  }

  @FieldResolver(() => Boolean, {
    description: 'True when the latest measurement is older than the frequency allows.',
  })
  async stale(@Root() k: Kpi, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    return (await ctx.loaders.kpiStatus.load(k.id))?.stale ?? false;
  }

  @FieldResolver(() => Int, { description: 'Days a measurement may age before the KPI is stale.' })
  maxAgeDays(@Root() k: Kpi): number {
    return MAX_MEASUREMENT_AGE_DAYS[k.frequency];
  }

  @FieldResolver(() => [Objective], { description: 'Objectives this KPI measures (none: a vanity metric).' })
  async objectives(@Root() k: Kpi, @Ctx() ctx: GraphQLContext): Promise<Objective[]> {
    const policy = await ctx.policy();
    const ids = await ctx.loaders.objectiveIdsOfKpi.load(k.id);
    return visibleOnly(policy, await ctx.loaders.objective.loadMany(ids), (o) => o.unitId);
  }

  @FieldResolver(() => [Initiative], { description: 'Initiatives expected to move this KPI.' })
  async initiatives(@Root() k: Kpi, @Ctx() ctx: GraphQLContext): Promise<Initiative[]> {
    const policy = await ctx.policy();
    const ids = await ctx.loaders.initiativeIdsOfKpi.load(k.id);
    return visibleOnly(policy, await ctx.loaders.initiative.loadMany(ids), (i) => i.unitId);
  }

  @FieldResolver(() => MeasurementConnection, { description: 'Current measurements, newest first.' })
  async measurements(
    @Root() k: Kpi,
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('since', () => DateTimeScalar, {
      nullable: true,
      description: 'Only measurements at or after this instant.',
    })
    since?: Date,
  ): Promise<MeasurementConnection> {
    const n = pageSize(first);
    const cur = after ? decodeCursor(after) : null;
    const at = asOfOf(k);
    const params: unknown[] = [k.id, n + 1];
    let where = at
      ? `AND recorded_at <= $3 AND at <= $3 AND (superseded_at IS NULL OR superseded_at > $3)`
      : `AND superseded_at IS NULL`;
    if (at) params.push(at);
    if (cur) {
      params.push(cur.at, cur.id);
      where += ` AND (at, id) < ($${params.length - 1}, $${params.length})`;
    }
    if (since) {
      params.push(since);
      where += ` AND at >= $${params.length}`;
    }
    const rows = await ctx.db.query(
      `SELECT * FROM measurement WHERE kpi_id = $1 ${where} ORDER BY at DESC, id DESC LIMIT $2`,
      params,
    );
    const nodes = rows.slice(0, n).map(measurementFrom);
    const edges = nodes.map((node: Measurement) => ({ cursor: encodeCursor(node), node }));
    return {
      edges,
      pageInfo: {
        hasNextPage: rows.length > n,
        endCursor: edges.length ? edges[edges.length - 1].cursor : null,
      },
    };
  }

  @Authorized(Needs.WRITE_MEASUREMENTS)
  @Mutation(() => Measurement, {
    description: "Records a KPI's value (people and partner feeds with write:measurements).",
  })
  async recordMeasurement(
    @Ctx() ctx: GraphQLContext,
    @Arg('input') input: RecordMeasurementInput,
  ): Promise<Measurement> {
    return (await recordMeasurements(ctx, [input], 'input'))[0];
  }

  @Authorized(Needs.WRITE_MEASUREMENTS)
  @Mutation(() => [Measurement], {
    description: 'Records many measurements at once, all or nothing (partner ingestion).',
  })
  recordMeasurements(
    @Ctx() ctx: GraphQLContext,
    @Arg('inputs', () => [RecordMeasurementInput]) inputs: RecordMeasurementInput[],
  ): Promise<Measurement[]> {
    return recordMeasurements(ctx, inputs, 'inputs');
  }

  @Authorized(Needs.WRITE_MEASUREMENTS)
  @Mutation(() => Measurement, { description: 'Corrects a recorded value; the old one stays in history.' })
  correctMeasurement(
    @Ctx() ctx: GraphQLContext,
    @Arg('input') input: CorrectMeasurementInput,
  ): Promise<Measurement> {
    return correctMeasurement(ctx, input);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Kpi, { description: 'Creates a KPI.' })
  createKpi(@Ctx() ctx: GraphQLContext, @Arg('input') input: CreateKpiInput): Promise<Kpi> {
    return createKpi(ctx, input);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Kpi, { description: 'Changes a KPI. Fails with CONFLICT when `version` is stale.' })
  updateKpi(@Ctx() ctx: GraphQLContext, @Arg('input') input: UpdateKpiInput): Promise<Kpi> {
    return updateKpi(ctx, input);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Kpi, { description: 'Sets the target and thresholds for a period.' })
  setKpiTarget(@Ctx() ctx: GraphQLContext, @Arg('input') input: SetKpiTargetInput): Promise<Kpi> {
    return setKpiTarget(ctx, input);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Kpi, { description: 'Archives a KPI.' })
  archiveKpi(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('reason', { nullable: true }) reason?: string,
  ): Promise<Kpi> {
    return setKpiArchived(ctx, id, version, true, reason);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Kpi, { description: 'Restores an archived KPI.' })
  restoreKpi(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('reason', { nullable: true }) reason?: string,
  ): Promise<Kpi> {
    return setKpiArchived(ctx, id, version, false, reason);
  }
}

/** Fields of a measurement: what a correction replaced, so the old value stays readable. */
@Resolver(() => Measurement)
export class MeasurementResolver {
  @FieldResolver(() => Measurement, {
    nullable: true,
    description: 'The value this one corrected (kept, superseded); null when it corrects nothing.',
  })
  async corrects(@Root() m: Measurement, @Ctx() ctx: GraphQLContext): Promise<Measurement | null> {
    if (!m.correctsId) return null;
    const old = await ctx.loaders.measurement.load(m.correctsId);
    // A correction stays within its KPI, whose visibility the parent already passed.
    return old && old.kpiId === m.kpiId ? old : null;
  }
}
