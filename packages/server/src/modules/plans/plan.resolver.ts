import { Framework, HistoryAction, SubjectType } from '@throughline/shared';
import { Arg, Authorized, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Needs } from '../../graphql/auth-checker';
import type { GraphQLContext } from '../../graphql/context';
import { badInput } from '../../graphql/errors';
import { DateOnlyScalar, DateTimeScalar } from '../../graphql/scalars';
import { visibleOnly } from '../../graphql/visibility';
import { before, lockForChange, recordChange, requireOrderedDates, requireText, requireVisible, writeTransaction } from '../graph-write';
import { asOfOf, fromSnapshot } from '../history/as-of';
import { Initiative } from '../initiatives/initiative.entity';
import { Objective } from '../objectives/objective.entity';
import { Unit } from '../units/unit.entity';
import { Plan } from './plan.entity';

/** A new plan. */
@InputType()
export class CreatePlanInput {
  @Field() name: string;
  @Field(() => Framework) framework: Framework;
  @Field(() => DateOnlyScalar) periodStart: string;
  @Field(() => DateOnlyScalar) periodEnd: string;
  @Field(() => ID) unitId: string;
  @Field({ nullable: true }) reason?: string;
}

/** Changes to a plan. */
@InputType()
export class UpdatePlanInput {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
  @Field({ nullable: true }) name?: string;
  @Field(() => Framework, { nullable: true }) framework?: Framework;
  @Field(() => DateOnlyScalar, { nullable: true }) periodStart?: string;
  @Field(() => DateOnlyScalar, { nullable: true }) periodEnd?: string;
  @Field({ nullable: true }) reason?: string;
}

const subject = (p: Plan) => ({ unitId: p.unitId });
const TOPIC = 'planChanged';

/** Plans: the strategy for a period, its objectives (top level first) and initiatives. */
@Resolver(() => Plan)
export class PlanResolver {
  @Authorized()
  @Query(() => [Plan], { description: 'Active plans visible to you.' })
  async plans(@Ctx() ctx: GraphQLContext): Promise<Plan[]> {
    const policy = await ctx.policy();
    const rows = await ctx.db.getRepository(Plan).createQueryBuilder('p').where('p.archived_at IS NULL').orderBy('p.period_start', 'DESC').getMany();
    return visibleOnly(policy, rows, (p) => p.unitId);
  }

  @Authorized()
  @Query(() => Plan, { nullable: true, description: 'A plan, live or as it stood at `asOf` (its objectives, KPIs and health as they were).' })
  async plan(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID) id: string,
    @Arg('asOf', () => DateTimeScalar, { nullable: true }) asOf?: Date | null,
  ): Promise<Plan | null> {
    const policy = await ctx.policy();
    if (asOf) {
      const snap = await ctx.loaders.asOf.snapshotAt(SubjectType.PLAN, id, asOf);
      if (!snap || snap.archivedAt || !policy.can('read', { unitId: snap.unitId as string })) return null;
      return fromSnapshot(Plan, snap, asOf);
    }
    const p = await ctx.loaders.plan.load(id);
    return p && policy.can('read', subject(p)) ? p : null;
  }

  @FieldResolver(() => [Objective], { description: 'Every visible objective of the plan (use `parent`/`children` for the tree, or `topLevelObjectives`).' })
  async objectives(@Root() p: Plan, @Ctx() ctx: GraphQLContext): Promise<Objective[]> {
    const policy = await ctx.policy();
    const at = asOfOf(p);
    if (at) {
      const snaps = await ctx.loaders.asOf.planObjectivesAt(p.id, at);
      return visibleOnly(policy, snaps, (s) => s.unitId as string).map((s) => fromSnapshot(Objective, s, at));
    }
    const ids = await ctx.loaders.objectiveIdsOfPlan.load(p.id);
    return visibleOnly(policy, await ctx.loaders.objective.loadMany(ids), (o) => o.unitId);
  }

  @FieldResolver(() => [Objective], { description: 'Objectives with no visible parent: the roots of the strategy map.' })
  async topLevelObjectives(@Root() p: Plan, @Ctx() ctx: GraphQLContext): Promise<Objective[]> {
    const all = await this.objectives(p, ctx);
    const ids = new Set(all.map((o) => o.id));
    return all.filter((o) => !o.parentId || !ids.has(o.parentId));
  }

  @FieldResolver(() => [Initiative])
  async initiatives(@Root() p: Plan, @Ctx() ctx: GraphQLContext): Promise<Initiative[]> {
    const policy = await ctx.policy();
    const rows = await ctx.db
      .getRepository(Initiative)
      .createQueryBuilder('i')
      .where('i.plan_id = :id AND i.archived_at IS NULL', { id: p.id })
      .orderBy('i.title')
      .getMany();
    return visibleOnly(policy, rows, (i) => i.unitId);
  }

  @FieldResolver(() => Unit)
  async unit(@Root() p: Plan, @Ctx() ctx: GraphQLContext): Promise<Unit> {
    return (await ctx.loaders.unit.load(p.unitId))!;
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Plan, { description: 'Creates a plan for a unit and period.' })
  createPlan(@Ctx() ctx: GraphQLContext, @Arg('input') input: CreatePlanInput): Promise<Plan> {
    return writeTransaction(ctx, async (m, policy) => {
      const name = requireText(input.name, 'input.name');
      requireOrderedDates(input.periodStart, input.periodEnd, 'input.periodEnd');
      await requireVisible(m, policy, Unit, 'unit', input.unitId, 'input.unitId', (u) => u.id);
      if (!policy.can('edit', { unitId: input.unitId })) throw badInput('input.unitId', 'You may not create plans for this unit.');
      const row = await m
        .getRepository(Plan)
        .save(
          m.getRepository(Plan).create({ name, framework: input.framework, periodStart: input.periodStart, periodEnd: input.periodEnd, unitId: input.unitId }),
        );
      await recordChange(m, policy, {
        subjectType: SubjectType.PLAN,
        subjectId: row.id,
        action: HistoryAction.CREATE,
        before: null,
        reason: input.reason,
        unitId: row.unitId,
        topic: TOPIC,
      });
      return row;
    });
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Plan, { description: 'Changes a plan. Fails with CONFLICT when `version` is stale.' })
  updatePlan(@Ctx() ctx: GraphQLContext, @Arg('input') input: UpdatePlanInput): Promise<Plan> {
    return writeTransaction(ctx, async (m, policy) => {
      const row = await lockForChange(m, policy, Plan, 'plan', input.id, { version: input.version, subject });
      const prev = await before(m, SubjectType.PLAN, row.id);
      if (input.name != null) row.name = requireText(input.name, 'input.name');
      if (input.framework != null) row.framework = input.framework;
      if (input.periodStart != null) row.periodStart = input.periodStart;
      if (input.periodEnd != null) row.periodEnd = input.periodEnd;
      requireOrderedDates(row.periodStart, row.periodEnd, 'input.periodEnd');
      const saved = await m.getRepository(Plan).save(row);
      await recordChange(m, policy, {
        subjectType: SubjectType.PLAN,
        subjectId: row.id,
        action: HistoryAction.UPDATE,
        before: prev,
        reason: input.reason,
        unitId: row.unitId,
        topic: TOPIC,
      });
      return saved;
    });
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Plan, { description: 'Archives a plan.' })
  archivePlan(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('reason', { nullable: true }) reason?: string,
  ): Promise<Plan> {
    return writeTransaction(ctx, async (m, policy, now) => {
      const row = await lockForChange(m, policy, Plan, 'plan', id, { version, subject });
      const prev = await before(m, SubjectType.PLAN, id);
      row.archivedAt = now;
      const saved = await m.getRepository(Plan).save(row);
      await recordChange(m, policy, {
        subjectType: SubjectType.PLAN,
        subjectId: id,
        action: HistoryAction.ARCHIVE,
        before: prev,
        reason,
        unitId: row.unitId,
        topic: TOPIC,
      });
      return saved;
    });
  }
}
