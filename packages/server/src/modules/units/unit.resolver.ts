import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Needs } from '../../graphql/auth-checker.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { visibleOnly } from '../../graphql/visibility.js';
import { capacityOfUnit } from '../capacity/capacity.service.js';
import { UnitCapacity } from '../capacity/capacity.types.js';
import { Person } from '../people/person.entity.js';
import { Unit } from './unit.entity.js';
import { CreateUnitInput, UpdateUnitInput } from './unit.inputs.js';
import { archiveUnit, createUnit, listUnits, updateUnit } from './unit.service.js';
import { ObjectPermissions, viewerCan } from '../../graphql/viewer-can.js';

/** The organisation tree. Restricted units simply do not exist for those who may not see them. */
@Resolver(() => Unit)
export class UnitResolver {
  @FieldResolver(() => ObjectPermissions, {
    description: 'What you may do with this unit: the app shows only these controls.',
  })
  viewerCan(@Root() u: Unit, @Ctx() ctx: GraphQLContext): Promise<ObjectPermissions> {
    return viewerCan(ctx, { kind: 'unit', unitId: u.id, writable: !u.archivedAt });
  }
  @Authorized()
  @Query(() => [Unit], { description: 'Every unit visible to you.' })
  units(@Ctx() ctx: GraphQLContext): Promise<Unit[]> {
    return listUnits(ctx);
  }

  @Authorized()
  @Query(() => Unit, { nullable: true })
  async unit(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<Unit | null> {
    const policy = await ctx.policy();
    const u = await ctx.loaders.unit.load(id);
    return u && policy.canSeeUnit(u.id) ? u : null;
  }

  @FieldResolver(() => Unit, { nullable: true })
  async parent(@Root() u: Unit, @Ctx() ctx: GraphQLContext): Promise<Unit | null> {
    if (!u.parentId) return null;
    const policy = await ctx.policy();
    const p = await ctx.loaders.unit.load(u.parentId);
    return p && policy.canSeeUnit(p.id) ? p : null;
  }

  @FieldResolver(() => [Unit])
  async children(@Root() u: Unit, @Ctx() ctx: GraphQLContext): Promise<Unit[]> {
    const policy = await ctx.policy();
    const ids = await ctx.loaders.childUnitIds.load(u.id);
    return visibleOnly(policy, await ctx.loaders.unit.loadMany(ids), (c) => c.id);
  }

  @FieldResolver(() => Person, { nullable: true })
  async head(@Root() u: Unit, @Ctx() ctx: GraphQLContext): Promise<Person | null> {
    return u.headId ? ctx.loaders.person.load(u.headId) : null;
  }

  @FieldResolver(() => UnitCapacity, {
    nullable: true,
    description:
      'Capacity of the unit and the teams below it (committed to active and proposed initiatives against available): the one figure every screen shows.',
  })
  capacity(@Root() u: Unit, @Ctx() ctx: GraphQLContext): Promise<UnitCapacity | null> {
    return capacityOfUnit(ctx, u.id);
  }

  @FieldResolver(() => [Person], { description: 'People whose home unit this is.' })
  async members(@Root() u: Unit, @Ctx() ctx: GraphQLContext): Promise<Person[]> {
    const people = await ctx.loaders.person.loadMany(await ctx.loaders.memberIdsOfUnit.load(u.id));
    return people.filter((p): p is Person => !!p && !(p instanceof Error));
  }

  @Authorized(Needs.EXECUTIVE)
  @Mutation(() => Unit, { description: 'Adds a unit to the organisation tree (executives).' })
  createUnit(@Ctx() ctx: GraphQLContext, @Arg('input') input: CreateUnitInput): Promise<Unit> {
    return createUnit(ctx, input);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Unit, {
    description: 'Changes a unit (executives; heads may set their capacity and strategic reserve).',
  })
  updateUnit(@Ctx() ctx: GraphQLContext, @Arg('input') input: UpdateUnitInput): Promise<Unit> {
    return updateUnit(ctx, input);
  }

  @Authorized(Needs.EXECUTIVE)
  @Mutation(() => Unit, {
    description:
      'Archives a unit (executives). Refused while it still has active sub-units, people or strategy objects.',
  })
  archiveUnit(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('reason', { nullable: true }) reason?: string,
  ): Promise<Unit> {
    return archiveUnit(ctx, { id, version, reason });
  }
}
