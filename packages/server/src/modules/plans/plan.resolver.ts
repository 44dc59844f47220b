import { SubjectType } from '@throughline/shared';
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Needs } from '../../graphql/auth-checker.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { DateTimeScalar } from '../../graphql/scalars.js';
import { visibleOnly } from '../../graphql/visibility.js';
import { asOfOf, fromSnapshot } from '../history/as-of.js';
import { Initiative } from '../initiatives/initiative.entity.js';
import { Objective } from '../objectives/objective.entity.js';
import { Unit } from '../units/unit.entity.js';
import { Plan } from './plan.entity.js';
import { CreatePlanInput, UpdatePlanInput } from './plan.inputs.js';
import { createPlan, listPlans, setPlanArchived, updatePlan } from './plan.service.js';
import { ObjectPermissions, viewerCan } from '../../graphql/viewer-can.js';

/** Plans: the strategy for a period, its objectives (top level first) and initiatives. */
@Resolver(() => Plan)
export class PlanResolver {
  @FieldResolver(() => ObjectPermissions, {
    description: 'What you may do with this plan: the app shows only these controls.',
  })
  viewerCan(@Root() p: Plan, @Ctx() ctx: GraphQLContext): Promise<ObjectPermissions> {
    return viewerCan(ctx, { kind: 'plan', unitId: p.unitId, writable: !p.archivedAt && !asOfOf(p) });
  }
  @Authorized()
  @Query(() => [Plan], {
    description: 'Active plans visible to you (and archived ones with `includeArchived`).',
  })
  plans(
    @Ctx() ctx: GraphQLContext,
    @Arg('includeArchived', () => Boolean, { nullable: true, defaultValue: false }) includeArchived?: boolean,
  ): Promise<Plan[]> {
    return listPlans(ctx, { includeArchived: includeArchived ?? false });
  }

  @Authorized()
  @Query(() => Plan, {
    nullable: true,
    description: 'A plan, live or as it stood at `asOf` (its objectives, KPIs and health as they were).',
  })
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
    return p && policy.can('read', { unitId: p.unitId }) ? p : null;
  }

  @FieldResolver(() => [Objective], {
    description:
      'Every visible objective of the plan (use `parent`/`children` for the tree, or `topLevelObjectives`).',
  })
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

  @FieldResolver(() => [Objective], {
    description: 'Objectives with no visible parent: the roots of the strategy map.',
  })
  async topLevelObjectives(@Root() p: Plan, @Ctx() ctx: GraphQLContext): Promise<Objective[]> {
    const all = await this.objectives(p, ctx);
    const ids = new Set(all.map((o) => o.id));
    return all.filter((o) => !o.parentId || !ids.has(o.parentId));
  }

  @FieldResolver(() => [Initiative])
  async initiatives(@Root() p: Plan, @Ctx() ctx: GraphQLContext): Promise<Initiative[]> {
    const policy = await ctx.policy();
    const ids = await ctx.loaders.initiativeIdsOfPlan.load(p.id);
    return visibleOnly(policy, await ctx.loaders.initiative.loadMany(ids), (i) => i.unitId);
  }

  @FieldResolver(() => Unit)
  async unit(@Root() p: Plan, @Ctx() ctx: GraphQLContext): Promise<Unit> {
    return (await ctx.loaders.unit.load(p.unitId))!;
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Plan, { description: 'Creates a plan for a unit and period.' })
  createPlan(@Ctx() ctx: GraphQLContext, @Arg('input') input: CreatePlanInput): Promise<Plan> {
    return createPlan(ctx, input);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Plan, { description: 'Changes a plan. Fails with CONFLICT when `version` is stale.' })
  updatePlan(@Ctx() ctx: GraphQLContext, @Arg('input') input: UpdatePlanInput): Promise<Plan> {
    return updatePlan(ctx, input);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Plan, {
    description:
      'Archives a plan: it leaves every plan list; its objectives, KPIs, initiatives and narrative stay, and come back with `restorePlan`.',
  })
  archivePlan(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('reason', { nullable: true }) reason?: string,
  ): Promise<Plan> {
    return setPlanArchived(ctx, { id, version, reason, archived: true });
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Plan, {
    description: 'Restores an archived plan. Fails with CONFLICT when `version` is stale.',
  })
  restorePlan(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('reason', { nullable: true }) reason?: string,
  ): Promise<Plan> {
    return setPlanArchived(ctx, { id, version, reason, archived: false });
  }
}
