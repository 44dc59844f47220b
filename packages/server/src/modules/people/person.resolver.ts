import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Needs } from '../../graphql/auth-checker.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { unauthenticated } from '../../graphql/errors.js';
import { Unit } from '../units/unit.entity.js';
import { Person } from './person.entity.js';
import { CreatePersonInput, UpdatePersonInput } from './person.inputs.js';
import { archivePerson, createPerson, searchPeople, updatePerson } from './person.service.js';

/** People: the viewer, the directory, and (for executives) joiners, movers and leavers. */
@Resolver(() => Person)
export class PersonResolver {
  @Authorized()
  @Query(() => Person, { description: 'The signed-in person (or the owner of the partner token).' })
  async viewer(@Ctx() ctx: GraphQLContext): Promise<Person> {
    const p = ctx.viewer && (await ctx.loaders.person.load(ctx.viewer.personId));
    if (!p) throw unauthenticated();
    return p;
  }

  @Authorized()
  @Query(() => [Person], {
    description: 'Active people (names are not secret; what they own is filtered separately).',
  })
  async people(
    @Ctx() ctx: GraphQLContext,
    @Arg('search', { nullable: true }) search?: string,
  ): Promise<Person[]> {
    const policy = await ctx.policy();
    return (await searchPeople(ctx, search)).filter((p) => policy.canSeePerson(p));
  }

  @Authorized()
  @Query(() => Person, { nullable: true })
  async person(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<Person | null> {
    const p = await ctx.loaders.person.load(id);
    return p && (await ctx.policy()).canSeePerson(p) ? p : null;
  }

  @FieldResolver(() => String, {
    description:
      'Job title, e.g. "Head of Operations"; empty when the person\'s unit is hidden from you (a title names the unit).',
  })
  async title(@Root() p: Person, @Ctx() ctx: GraphQLContext): Promise<string> {
    const policy = await ctx.policy();
    return policy.canSeePersonDetails(p) ? p.title : '';
  }

  @FieldResolver(() => Unit, { nullable: true, description: 'Home unit, when visible to you.' })
  async unit(@Root() p: Person, @Ctx() ctx: GraphQLContext): Promise<Unit | null> {
    const policy = await ctx.policy();
    return policy.canSeeUnit(p.unitId) ? ctx.loaders.unit.load(p.unitId) : null;
  }

  @FieldResolver(() => [Unit], { description: 'Units this person heads (visible to you).' })
  async heads(@Root() p: Person, @Ctx() ctx: GraphQLContext): Promise<Unit[]> {
    const policy = await ctx.policy();
    return (await ctx.loaders.unit.loadMany(policy.visibleUnitsHeadedBy(p.id))).filter(
      (u): u is Unit => !!u && !(u instanceof Error),
    );
  }

  @Authorized(Needs.EXECUTIVE)
  @Mutation(() => Person, { description: 'Adds a person (executives).' })
  createPerson(@Ctx() ctx: GraphQLContext, @Arg('input') input: CreatePersonInput): Promise<Person> {
    return createPerson(ctx, input);
  }

  @Authorized(Needs.EXECUTIVE)
  @Mutation(() => Person, { description: 'Changes a person (executives).' })
  updatePerson(@Ctx() ctx: GraphQLContext, @Arg('input') input: UpdatePersonInput): Promise<Person> {
    return updatePerson(ctx, input);
  }

  @Authorized(Needs.EXECUTIVE)
  @Mutation(() => Person, {
    description: 'Marks a person as left: sessions end; what they owned shows as unowned.',
  })
  archivePerson(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('reason', { nullable: true }) reason?: string,
  ): Promise<Person> {
    return archivePerson(ctx, { id, version, reason });
  }
}
