import { Health, rollUpHealth, SubjectType } from '@throughline/shared';
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Needs } from '../../graphql/auth-checker.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { notFound } from '../../graphql/errors.js';
import { DateTimeScalar } from '../../graphql/scalars.js';
import { optionalId, unitScope, visibleOnly } from '../../graphql/visibility.js';
import { asOfOf, fromSnapshot } from '../history/as-of.js';
import { Initiative } from '../initiatives/initiative.entity.js';
import { Kpi } from '../kpis/kpi.entity.js';
import { kpiAsOf, kpiHealthAsOf } from '../kpis/kpi.service.js';
import { Person } from '../people/person.entity.js';
import { Plan } from '../plans/plan.entity.js';
import { Unit } from '../units/unit.entity.js';
import { Objective } from './objective.entity.js';
import { CreateObjectiveInput, UpdateObjectiveInput } from './objective.inputs.js';
import { ObjectiveArchiveImpact } from './objective-impact.js';
import {
  archivedObjectives,
  objectiveArchiveImpact,
  createObjective,
  setObjectiveArchived,
  setObjectiveKpiLink,
  updateObjective,
  visibleObjective,
} from './objective.service.js';
import { ObjectPermissions, viewerCan } from '../../graphql/viewer-can.js';

/** Objective queries, mutations and relation fields (every relation through a loader). */
@Resolver(() => Objective)
export class ObjectiveResolver {
  @FieldResolver(() => ObjectPermissions, {
    description: 'What you may do with this objective: the app shows only these controls.',
  })
  viewerCan(@Root() o: Objective, @Ctx() ctx: GraphQLContext): Promise<ObjectPermissions> {
    return viewerCan(ctx, {
      kind: 'objective',
      unitId: o.unitId,
      ownerId: o.ownerId,
      writable: !o.archivedAt && !asOfOf(o),
    });
  }
  @Authorized()
  @Query(() => Objective, { nullable: true, description: 'An objective, live or as it stood at `asOf`.' })
  async objective(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID) id: string,
    @Arg('asOf', () => DateTimeScalar, { nullable: true }) asOf?: Date | null,
  ): Promise<Objective | null> {
    const policy = await ctx.policy();
    if (asOf) {
      const snap = await ctx.loaders.asOf.snapshotAt(SubjectType.OBJECTIVE, id, asOf);
      if (!snap || snap.archivedAt || !policy.can('read', { unitId: snap.unitId as string })) return null;
      return fromSnapshot(Objective, snap, asOf);
    }
    const o = await ctx.loaders.objective.load(id);
    return o && policy.can('read', { unitId: o.unitId }) ? o : null;
  }

  @Authorized()
  @Query(() => [Objective], {
    description: 'Active objectives visible to you, optionally of one plan or one unit (and below).',
  })
  async objectives(
    @Ctx() ctx: GraphQLContext,
    @Arg('planId', () => ID, { nullable: true }) planId?: string,
    @Arg('unitId', () => ID, { nullable: true }) unitId?: string,
  ): Promise<Objective[]> {
    const policy = await ctx.policy();
    const units = unitScope(policy, unitId);
    const qb = ctx.db
      .getRepository(Objective)
      .createQueryBuilder('o')
      .where('o.archived_at IS NULL')
      .andWhere('o.unit_id = ANY(:units)', { units });
    if (optionalId(planId, 'planId', 'plan')) qb.andWhere('o.plan_id = :planId', { planId });
    return qb.orderBy('o.position').addOrderBy('o.created_at').getMany();
  }

  @Authorized()
  @Query(() => ObjectiveArchiveImpact, {
    description:
      'What archiving this objective would do: active children block it; linked KPIs and initiatives stay, some then with no active objective.',
  })
  objectiveArchiveImpact(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID) id: string,
  ): Promise<ObjectiveArchiveImpact> {
    return objectiveArchiveImpact(ctx, id);
  }

  @Authorized()
  @Query(() => [Objective], {
    description: 'Archived objectives of a plan visible to you, most recently archived first (at most 200).',
  })
  archivedObjectives(
    @Ctx() ctx: GraphQLContext,
    @Arg('planId', () => ID) planId: string,
  ): Promise<Objective[]> {
    return archivedObjectives(ctx, planId);
  }

  @FieldResolver(() => Person)
  async owner(@Root() o: Objective, @Ctx() ctx: GraphQLContext): Promise<Person> {
    return (await ctx.loaders.person.load(o.ownerId))!;
  }

  @FieldResolver(() => Unit)
  async unit(@Root() o: Objective, @Ctx() ctx: GraphQLContext): Promise<Unit> {
    return (await ctx.loaders.unit.load(o.unitId))!;
  }

  @FieldResolver(() => Plan)
  async plan(@Root() o: Objective, @Ctx() ctx: GraphQLContext): Promise<Plan> {
    const p = await ctx.loaders.plan.load(o.planId);
    if (!p) throw notFound('plan', o.planId);
    return p;
  }

  @FieldResolver(() => Objective, { nullable: true })
  async parent(@Root() o: Objective, @Ctx() ctx: GraphQLContext): Promise<Objective | null> {
    if (!o.parentId) return null;
    const policy = await ctx.policy();
    const at = asOfOf(o);
    if (at) {
      const snap = await ctx.loaders.asOf.snapshotAt(SubjectType.OBJECTIVE, o.parentId, at);
      return snap && policy.canSeeUnit(snap.unitId as string) ? fromSnapshot(Objective, snap, at) : null;
    }
    const p = await ctx.loaders.objective.load(o.parentId);
    return p && policy.canSeeUnit(p.unitId) ? p : null;
  }

  @FieldResolver(() => [Objective])
  async children(@Root() o: Objective, @Ctx() ctx: GraphQLContext): Promise<Objective[]> {
    const policy = await ctx.policy();
    const at = asOfOf(o);
    if (at) {
      const all = await ctx.loaders.asOf.planObjectivesAt(o.planId, at);
      return visibleOnly(
        policy,
        all.filter((s) => s.parentId === o.id),
        (s) => s.unitId as string,
      ).map((s) => fromSnapshot(Objective, s, at));
    }
    const ids = await ctx.loaders.childObjectiveIds.load(o.id);
    return visibleOnly(policy, await ctx.loaders.objective.loadMany(ids), (c) => c.unitId);
  }

  @FieldResolver(() => [Kpi])
  async kpis(@Root() o: Objective, @Ctx() ctx: GraphQLContext): Promise<Kpi[]> {
    const policy = await ctx.policy();
    const at = asOfOf(o);
    if (at) {
      const kpis = await Promise.all(
        ((o as unknown as { kpiIds?: string[] }).kpiIds ?? []).map((id) => kpiAsOf(ctx, id, at)),
      );
      return visibleOnly(policy, kpis, (k) => k.unitId);
    }
    const ids = await ctx.loaders.kpiIdsOfObjective.load(o.id);
    return visibleOnly(policy, await ctx.loaders.kpi.loadMany(ids), (k) => k.unitId);
  }

  @FieldResolver(() => [Initiative])
  async initiatives(@Root() o: Objective, @Ctx() ctx: GraphQLContext): Promise<Initiative[]> {
    const policy = await ctx.policy();
    const ids = await ctx.loaders.initiativeIdsOfObjective.load(o.id);
    return visibleOnly(policy, await ctx.loaders.initiative.loadMany(ids), (i) => i.unitId);
  }

  @FieldResolver(() => Health, { description: 'Rolled up from its KPIs and child objectives.' })
  async health(@Root() o: Objective, @Ctx() ctx: GraphQLContext): Promise<Health> {
    const at = asOfOf(o);
    if (!at) return ctx.loaders.objectiveHealth.load(o.id);
    const kpiIds = (o as unknown as { kpiIds?: string[] }).kpiIds ?? [];
    const all = await ctx.loaders.asOf.planObjectivesAt(o.planId, at);
    const childHealths = await Promise.all(
      all.filter((s) => s.parentId === o.id).map((s) => this.health(fromSnapshot(Objective, s, at), ctx)),
    );
    const kpiHealths = await Promise.all(kpiIds.map((id) => kpiHealthAsOf(ctx, id, at)));
    return rollUpHealth([...kpiHealths, ...childHealths]);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Objective, { description: 'Creates an objective in a plan.' })
  createObjective(@Ctx() ctx: GraphQLContext, @Arg('input') input: CreateObjectiveInput): Promise<Objective> {
    return createObjective(ctx, input);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Objective, {
    description: 'Changes an objective. Fails with CONFLICT when `version` is stale.',
  })
  updateObjective(@Ctx() ctx: GraphQLContext, @Arg('input') input: UpdateObjectiveInput): Promise<Objective> {
    return updateObjective(ctx, input);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Objective, {
    description: 'Archives an objective (kept in history; hidden from live views).',
  })
  archiveObjective(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('reason', { nullable: true }) reason?: string,
  ): Promise<Objective> {
    return setObjectiveArchived(ctx, id, version, true, reason);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Objective, { description: 'Restores an archived objective.' })
  restoreObjective(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('reason', { nullable: true }) reason?: string,
  ): Promise<Objective> {
    return setObjectiveArchived(ctx, id, version, false, reason);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Objective, { description: 'Links a KPI to an objective it measures.' })
  linkKpiToObjective(
    @Ctx() ctx: GraphQLContext,
    @Arg('objectiveId', () => ID) objectiveId: string,
    @Arg('kpiId', () => ID) kpiId: string,
    @Arg('reason', { nullable: true }) reason?: string,
  ): Promise<Objective> {
    return setObjectiveKpiLink(ctx, objectiveId, kpiId, true, reason);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Objective, { description: 'Removes the link between a KPI and an objective.' })
  unlinkKpiFromObjective(
    @Ctx() ctx: GraphQLContext,
    @Arg('objectiveId', () => ID) objectiveId: string,
    @Arg('kpiId', () => ID) kpiId: string,
    @Arg('reason', { nullable: true }) reason?: string,
  ): Promise<Objective> {
    return setObjectiveKpiLink(ctx, objectiveId, kpiId, false, reason);
  }
}
export { visibleObjective };
