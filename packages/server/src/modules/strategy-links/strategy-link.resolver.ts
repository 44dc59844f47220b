import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { Needs } from '../../graphql/auth-checker.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { notFound } from '../../graphql/errors.js';
import { asOfOf } from '../history/as-of.js';
import { Objective } from '../objectives/objective.entity.js';
import { Person } from '../people/person.entity.js';
import { Plan } from '../plans/plan.entity.js';
import { ObjectiveCauseLink } from './objective-cause-link.entity.js';
import { linkObjectiveCause, unlinkObjectiveCause, visibleLinks } from './strategy-link.service.js';

/** Cause-and-effect links: the two mutations and the link's own fields. */
@Resolver(() => ObjectiveCauseLink)
export class ObjectiveCauseLinkResolver {
  @Authorized(Needs.SESSION)
  @Mutation(() => ObjectiveCauseLink, {
    description:
      'Draws a cause-and-effect arrow: progress on `causeId` drives `effectId` (same plan; needs edit rights on the effect).',
  })
  linkObjectiveCause(
    @Ctx() ctx: GraphQLContext,
    @Arg('causeId', () => ID) causeId: string,
    @Arg('effectId', () => ID) effectId: string,
    @Arg('note', () => String, { nullable: true }) note?: string | null,
  ): Promise<ObjectiveCauseLink> {
    return linkObjectiveCause(ctx, causeId, effectId, note);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => ObjectiveCauseLink, {
    description: 'Removes a cause-and-effect arrow (kept in history) against the version you read.',
  })
  unlinkObjectiveCause(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('reason', () => String, { nullable: true }) reason?: string | null,
  ): Promise<ObjectiveCauseLink> {
    return unlinkObjectiveCause(ctx, id, version, reason);
  }

  @FieldResolver(() => Objective, { description: 'The objective whose progress drives the effect.' })
  async cause(@Root() l: ObjectiveCauseLink, @Ctx() ctx: GraphQLContext): Promise<Objective> {
    return endOf(ctx, l.causeObjectiveId);
  }

  @FieldResolver(() => Objective, { description: 'The objective the cause drives.' })
  async effect(@Root() l: ObjectiveCauseLink, @Ctx() ctx: GraphQLContext): Promise<Objective> {
    return endOf(ctx, l.effectObjectiveId);
  }

  @FieldResolver(() => Plan)
  async plan(@Root() l: ObjectiveCauseLink, @Ctx() ctx: GraphQLContext): Promise<Plan> {
    const p = await ctx.loaders.plan.load(l.planId);
    if (!p) throw notFound('plan', l.planId);
    return p;
  }

  @FieldResolver(() => Person, { nullable: true, description: 'Who drew the arrow.' })
  async createdBy(@Root() l: ObjectiveCauseLink, @Ctx() ctx: GraphQLContext): Promise<Person | null> {
    return l.createdById ? ctx.loaders.person.load(l.createdById) : null;
  }
}

/** An end of a link: the link was only handed out when both ends are visible (an archived end after an unlink is still named). */
async function endOf(ctx: GraphQLContext, id: string): Promise<Objective> {
  const o =
    (await ctx.loaders.objective.load(id)) ??
    (await ctx.db.getRepository(Objective).findOne({ where: { id } }));
  if (!o) throw notFound('objective', id);
  return o;
}

/** The plan's arrows, for the strategy map. */
@Resolver(() => Plan)
export class PlanCauseLinksResolver {
  @FieldResolver(() => [ObjectiveCauseLink], {
    description: 'Cause-and-effect links between the objectives of this plan that you may see (both ends).',
  })
  async causeLinks(@Root() p: Plan, @Ctx() ctx: GraphQLContext): Promise<ObjectiveCauseLink[]> {
    if (asOfOf(p)) return [];
    return visibleLinks(ctx, await ctx.loaders.causeLinksOfPlan.load(p.id));
  }
}

/** An objective's causes and effects. */
@Resolver(() => Objective)
export class ObjectiveCauseLinksResolver {
  @FieldResolver(() => [ObjectiveCauseLink], {
    description: 'Links whose effect is this objective: what drives it (each names its cause).',
  })
  async causes(@Root() o: Objective, @Ctx() ctx: GraphQLContext): Promise<ObjectiveCauseLink[]> {
    if (asOfOf(o)) return [];
    return visibleLinks(ctx, await ctx.loaders.causeLinksByEffect.load(o.id));
  }

  @FieldResolver(() => [ObjectiveCauseLink], {
    description: 'Links whose cause is this objective: what it drives (each names its effect).',
  })
  async effects(@Root() o: Objective, @Ctx() ctx: GraphQLContext): Promise<ObjectiveCauseLink[]> {
    if (asOfOf(o)) return [];
    return visibleLinks(ctx, await ctx.loaders.causeLinksByCause.load(o.id));
  }
}
