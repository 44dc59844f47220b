import { Health, SubjectType } from '@throughline/shared';
import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  Float,
  ID,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { Needs } from '../../graphql/auth-checker.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { DateTimeScalar } from '../../graphql/scalars.js';
import { optionalId, unitScope, visibleOnly } from '../../graphql/visibility.js';
import { asOfOf, fromSnapshot } from '../history/as-of.js';
import { Kpi } from '../kpis/kpi.entity.js';
import { kpiAsOf } from '../kpis/kpi.service.js';
import { Objective } from '../objectives/objective.entity.js';
import { Person } from '../people/person.entity.js';
import { Plan } from '../plans/plan.entity.js';
import { Unit } from '../units/unit.entity.js';
import { Initiative } from './initiative.entity.js';
import {
  AddMilestoneInput,
  CreateInitiativeInput,
  UpdateInitiativeInput,
  UpdateMilestoneInput,
} from './initiative.inputs.js';
import {
  addMilestone,
  createInitiative,
  setInitiativeArchived,
  setInitiativeLink,
  updateInitiative,
  updateMilestone,
} from './initiative.service.js';
import { Milestone } from './milestone.entity.js';
import { ObjectPermissions, viewerCan } from '../../graphql/viewer-can.js';

/** Completion and impact side by side: delivering milestones is not the same as moving KPIs. */
@ObjectType({ description: 'Delivery (milestones) next to impact (KPIs): they are not the same thing.' })
export class InitiativeProgress {
  @Field(() => Float, { description: 'Share of milestones done, 0..1.' }) completion: number;
  @Field(() => Int) overdueMilestones: number;
  @Field(() => Health) deliveryHealth: Health;
  @Field(() => Health) impactHealth: Health;
  @Field(() => Int, { description: 'Targeted KPIs that improved since the initiative started.' })
  kpisMoving: number;
  @Field(() => Int) kpisTargeted: number;
}

/** Initiative queries, mutations and fields. */
@Resolver(() => Initiative)
export class InitiativeResolver {
  @FieldResolver(() => ObjectPermissions, {
    description: 'What you may do with this initiative: the app shows only these controls.',
  })
  viewerCan(@Root() i: Initiative, @Ctx() ctx: GraphQLContext): Promise<ObjectPermissions> {
    return viewerCan(ctx, {
      kind: 'initiative',
      unitId: i.unitId,
      ownerId: i.ownerId,
      writable: !i.archivedAt && !asOfOf(i),
    });
  }
  @Authorized()
  @Query(() => Initiative, { nullable: true, description: 'An initiative, live or as it stood at `asOf`.' })
  async initiative(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID) id: string,
    @Arg('asOf', () => DateTimeScalar, { nullable: true }) asOf?: Date | null,
    @Arg('includeArchived', () => Boolean, {
      defaultValue: false,
      description: 'Answer an archived initiative too (its `archivedAt` says so), e.g. to restore it.',
    })
    includeArchived?: boolean,
  ): Promise<Initiative | null> {
    const policy = await ctx.policy();
    if (asOf) {
      const snap = await ctx.loaders.asOf.snapshotAt(SubjectType.INITIATIVE, id, asOf);
      if (!snap || snap.archivedAt || !policy.can('read', { unitId: snap.unitId as string })) return null;
      return fromSnapshot(Initiative, snap, asOf);
    }
    const live = includeArchived ? ctx.loaders.initiativeWithArchived : ctx.loaders.initiative;
    const i = await live.load(id);
    return i && policy.can('read', { unitId: i.unitId }) ? i : null;
  }

  @Authorized()
  @Query(() => [Initiative], {
    description:
      'Active initiatives visible to you, optionally of one plan or unit (and below), or of one owner.',
  })
  async initiatives(
    @Ctx() ctx: GraphQLContext,
    @Arg('planId', () => ID, { nullable: true }) planId?: string,
    @Arg('unitId', () => ID, { nullable: true }) unitId?: string,
    @Arg('ownerId', () => ID, {
      nullable: true,
      description: 'Only the initiatives this person owns (a member’s home asks for their own).',
    })
    ownerId?: string,
  ): Promise<Initiative[]> {
    const policy = await ctx.policy();
    const units = unitScope(policy, unitId);
    const qb = ctx.db
      .getRepository(Initiative)
      .createQueryBuilder('i')
      .where('i.archived_at IS NULL')
      .andWhere('i.unit_id = ANY(:units)', { units });
    if (optionalId(planId, 'planId', 'plan')) qb.andWhere('i.plan_id = :planId', { planId });
    if (optionalId(ownerId, 'ownerId', 'person')) qb.andWhere('i.owner_id = :ownerId', { ownerId });
    return qb.orderBy('i.title').getMany();
  }

  @FieldResolver(() => Person)
  async owner(@Root() i: Initiative, @Ctx() ctx: GraphQLContext): Promise<Person> {
    return (await ctx.loaders.person.load(i.ownerId))!;
  }

  @FieldResolver(() => Unit)
  async unit(@Root() i: Initiative, @Ctx() ctx: GraphQLContext): Promise<Unit> {
    return (await ctx.loaders.unit.load(i.unitId))!;
  }

  @FieldResolver(() => Plan, { nullable: true, description: 'Its plan, when visible to you.' })
  async plan(@Root() i: Initiative, @Ctx() ctx: GraphQLContext): Promise<Plan | null> {
    const p = await ctx.loaders.plan.load(i.planId);
    return p && (await ctx.policy()).can('read', { unitId: p.unitId }) ? p : null;
  }

  @FieldResolver(() => [Objective], {
    description: 'Objectives it supports (none: an orphan that may not belong in the portfolio).',
  })
  async objectives(@Root() i: Initiative, @Ctx() ctx: GraphQLContext): Promise<Objective[]> {
    const policy = await ctx.policy();
    const at = asOfOf(i);
    if (at) {
      const snaps = await Promise.all(
        ((i as unknown as { objectiveIds?: string[] }).objectiveIds ?? []).map((id) =>
          ctx.loaders.asOf.snapshotAt(SubjectType.OBJECTIVE, id, at),
        ),
      );
      return visibleOnly(policy, snaps, (s) => s.unitId as string)
        .filter((s) => !s.archivedAt)
        .map((s) => fromSnapshot(Objective, s, at));
    }
    const ids = await ctx.loaders.objectiveIdsOfInitiative.load(i.id);
    return visibleOnly(policy, await ctx.loaders.objective.loadMany(ids), (o) => o.unitId);
  }

  @FieldResolver(() => [Kpi], { description: 'KPIs it is expected to move.' })
  async kpis(@Root() i: Initiative, @Ctx() ctx: GraphQLContext): Promise<Kpi[]> {
    const policy = await ctx.policy();
    const at = asOfOf(i);
    if (at) {
      const kpis = await Promise.all(
        ((i as unknown as { kpiIds?: string[] }).kpiIds ?? []).map((id) => kpiAsOf(ctx, id, at)),
      );
      return visibleOnly(policy, kpis, (k) => k.unitId);
    }
    const ids = await ctx.loaders.kpiIdsOfInitiative.load(i.id);
    return visibleOnly(policy, await ctx.loaders.kpi.loadMany(ids), (k) => k.unitId);
  }

  @FieldResolver(() => [Milestone])
  milestones(@Root() i: Initiative, @Ctx() ctx: GraphQLContext): Promise<Milestone[]> {
    return ctx.loaders.milestones.load(i.id);
  }

  @FieldResolver(() => Health, { description: 'The worse of delivery and impact health.' })
  async health(@Root() i: Initiative, @Ctx() ctx: GraphQLContext): Promise<Health> {
    return (await ctx.loaders.initiativeHealth.load(i.id))?.health ?? Health.NO_DATA;
  }

  @FieldResolver(() => InitiativeProgress)
  async progress(@Root() i: Initiative, @Ctx() ctx: GraphQLContext): Promise<InitiativeProgress> {
    const [h, kpiIds] = await Promise.all([
      ctx.loaders.initiativeHealth.load(i.id),
      ctx.loaders.kpiIdsOfInitiative.load(i.id),
    ]);
    return {
      completion: h?.completion ?? 0,
      overdueMilestones: h?.overdueMilestones ?? 0,
      deliveryHealth: h?.deliveryHealth ?? Health.NO_DATA,
      impactHealth: h?.impactHealth ?? Health.NO_DATA,
      kpisMoving: h?.kpisMoving ?? 0,
      kpisTargeted: kpiIds.length,
    };
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Initiative, { description: 'Creates an initiative.' })
  createInitiative(
    @Ctx() ctx: GraphQLContext,
    @Arg('input') input: CreateInitiativeInput,
  ): Promise<Initiative> {
    return createInitiative(ctx, input);
  }

  @Authorized(Needs.WRITE_INITIATIVES)
  @Mutation(() => Initiative, {
    description:
      'Changes an initiative. Fails with CONFLICT when `version` is stale. Partner tokens with `write:initiatives` may change only `status` (and give a `reason`).',
  })
  updateInitiative(
    @Ctx() ctx: GraphQLContext,
    @Arg('input') input: UpdateInitiativeInput,
  ): Promise<Initiative> {
    return updateInitiative(ctx, input);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Initiative, { description: 'Archives an initiative.' })
  archiveInitiative(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('reason', { nullable: true }) reason?: string,
  ): Promise<Initiative> {
    return setInitiativeArchived(ctx, id, version, true, reason);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Initiative, { description: 'Restores an archived initiative.' })
  restoreInitiative(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('reason', { nullable: true }) reason?: string,
  ): Promise<Initiative> {
    return setInitiativeArchived(ctx, id, version, false, reason);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Initiative, { description: 'Records that an initiative supports an objective.' })
  linkInitiativeToObjective(
    @Ctx() ctx: GraphQLContext,
    @Arg('initiativeId', () => ID) initiativeId: string,
    @Arg('objectiveId', () => ID) objectiveId: string,
    @Arg('reason', { nullable: true }) reason?: string,
  ): Promise<Initiative> {
    return setInitiativeLink(ctx, initiativeId, 'objective', objectiveId, true, reason);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Initiative)
  unlinkInitiativeFromObjective(
    @Ctx() ctx: GraphQLContext,
    @Arg('initiativeId', () => ID) initiativeId: string,
    @Arg('objectiveId', () => ID) objectiveId: string,
    @Arg('reason', { nullable: true }) reason?: string,
  ): Promise<Initiative> {
    return setInitiativeLink(ctx, initiativeId, 'objective', objectiveId, false, reason);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Initiative, { description: 'Records that an initiative is expected to move a KPI.' })
  linkInitiativeToKpi(
    @Ctx() ctx: GraphQLContext,
    @Arg('initiativeId', () => ID) initiativeId: string,
    @Arg('kpiId', () => ID) kpiId: string,
    @Arg('reason', { nullable: true }) reason?: string,
  ): Promise<Initiative> {
    return setInitiativeLink(ctx, initiativeId, 'kpi', kpiId, true, reason);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Initiative)
  unlinkInitiativeFromKpi(
    @Ctx() ctx: GraphQLContext,
    @Arg('initiativeId', () => ID) initiativeId: string,
    @Arg('kpiId', () => ID) kpiId: string,
    @Arg('reason', { nullable: true }) reason?: string,
  ): Promise<Initiative> {
    return setInitiativeLink(ctx, initiativeId, 'kpi', kpiId, false, reason);
  }

  @Authorized(Needs.WRITE_INITIATIVES)
  @Mutation(() => Milestone, { description: 'Adds a milestone to an initiative.' })
  addMilestone(@Ctx() ctx: GraphQLContext, @Arg('input') input: AddMilestoneInput): Promise<Milestone> {
    return addMilestone(ctx, input);
  }

  @Authorized(Needs.WRITE_INITIATIVES)
  @Mutation(() => Milestone, { description: 'Changes a milestone, or marks it done.' })
  updateMilestone(@Ctx() ctx: GraphQLContext, @Arg('input') input: UpdateMilestoneInput): Promise<Milestone> {
    return updateMilestone(ctx, input);
  }

  @Authorized(Needs.WRITE_INITIATIVES)
  @Mutation(() => Milestone, { description: 'Archives a milestone.' })
  archiveMilestone(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
  ): Promise<Milestone> {
    return updateMilestone(ctx, { id, version }, true);
  }
}
