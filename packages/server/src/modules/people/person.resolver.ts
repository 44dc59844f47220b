import { HistoryAction, Role, SubjectType } from '@throughline/shared';
import { Arg, Authorized, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { hashPassword } from '../../auth/passwords';
import { Needs } from '../../graphql/auth-checker';
import type { GraphQLContext } from '../../graphql/context';
import { badInput, unauthenticated } from '../../graphql/errors';
import { before, lockForChange, recordChange, requireText, requireVisible, writeTransaction } from '../graph-write';
import { Unit } from '../units/unit.entity';
import { Person } from './person.entity';

/** A new person. */
@InputType()
export class CreatePersonInput {
  @Field() name: string;
  @Field() email: string;
  @Field({ nullable: true }) title?: string;
  @Field(() => Role, { nullable: true }) role?: Role;
  @Field(() => ID) unitId: string;
  @Field({ nullable: true, description: 'Initial password (at least 8 characters); without one the person cannot sign in.' }) password?: string;
}

/** Changes to a person. */
@InputType()
export class UpdatePersonInput {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
  @Field({ nullable: true }) name?: string;
  @Field({ nullable: true }) title?: string;
  @Field(() => Role, { nullable: true }) role?: Role;
  @Field(() => ID, { nullable: true }) unitId?: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

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
  @Query(() => [Person], { description: 'Active people (names are not secret; what they own is filtered separately).' })
  people(@Ctx() ctx: GraphQLContext, @Arg('search', { nullable: true }) search?: string): Promise<Person[]> {
    const qb = ctx.db.getRepository(Person).createQueryBuilder('p').where('p.archived_at IS NULL');
    if (search) qb.andWhere('(p.name ILIKE :q OR p.email ILIKE :q)', { q: `%${search.replace(/[%_\\]/g, '\\$&')}%` });
    return qb.orderBy('p.name').limit(500).getMany();
  }

  @Authorized()
  @Query(() => Person, { nullable: true })
  person(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<Person | null> {
    return ctx.loaders.person.load(id);
  }

  @FieldResolver(() => Unit, { nullable: true, description: 'Home unit, when visible to you.' })
  async unit(@Root() p: Person, @Ctx() ctx: GraphQLContext): Promise<Unit | null> {
    const policy = await ctx.policy();
    return policy.canSeeUnit(p.unitId) ? ctx.loaders.unit.load(p.unitId) : null;
  }

  @FieldResolver(() => [Unit], { description: 'Units this person heads (visible to you).' })
  async heads(@Root() p: Person, @Ctx() ctx: GraphQLContext): Promise<Unit[]> {
    const policy = await ctx.policy();
    const ids = [...policy.tree.byId.values()].filter((u) => u.headId === p.id && policy.canSeeUnit(u.id)).map((u) => u.id);
    return (await ctx.loaders.unit.loadMany(ids)).filter((u): u is Unit => !!u && !(u instanceof Error));
  }

  @Authorized(Needs.EXECUTIVE)
  @Mutation(() => Person, { description: 'Adds a person (executives).' })
  createPerson(@Ctx() ctx: GraphQLContext, @Arg('input') input: CreatePersonInput): Promise<Person> {
    return writeTransaction(ctx, async (m, policy) => {
      const name = requireText(input.name, 'input.name');
      const email = requireText(input.email, 'input.email').toLowerCase();
      if (!EMAIL.test(email)) throw badInput('input.email', 'This is not an email address.');
      if (await m.getRepository(Person).exists({ where: { email } })) throw badInput('input.email', 'Someone already has this email address.');
      await requireVisible(m, policy, Unit, 'unit', input.unitId, 'input.unitId', (u) => u.id);
      if (input.password != null && input.password.length < 8) throw badInput('input.password', 'The password must have at least 8 characters.');
      const row = await m.getRepository(Person).save(
        m.getRepository(Person).create({
          name,
          email,
          title: input.title ?? '',
          role: input.role,
          unitId: input.unitId,
          passwordHash: input.password ? await hashPassword(input.password) : null,
        }),
      );
      await recordChange(m, policy, {
        subjectType: SubjectType.PERSON,
        subjectId: row.id,
        action: HistoryAction.CREATE,
        before: null,
        unitId: row.unitId,
        topic: 'personChanged',
      });
      return row;
    });
  }

  @Authorized(Needs.EXECUTIVE)
  @Mutation(() => Person, { description: 'Changes a person (executives).' })
  updatePerson(@Ctx() ctx: GraphQLContext, @Arg('input') input: UpdatePersonInput): Promise<Person> {
    return writeTransaction(ctx, async (m, policy) => {
      const row = await lockForChange(m, policy, Person, 'person', input.id, { version: input.version, subject: (p) => ({ unitId: p.unitId }) });
      const prev = await before(m, SubjectType.PERSON, row.id);
      if (input.name != null) row.name = requireText(input.name, 'input.name');
      if (input.title != null) row.title = input.title;
      if (input.role != null) row.role = input.role;
      if (input.unitId != null) {
        await requireVisible(m, policy, Unit, 'unit', input.unitId, 'input.unitId', (u) => u.id);
        row.unitId = input.unitId;
      }
      const saved = await m.getRepository(Person).save(row);
      await recordChange(m, policy, {
        subjectType: SubjectType.PERSON,
        subjectId: row.id,
        action: HistoryAction.UPDATE,
        before: prev,
        unitId: row.unitId,
        topic: 'personChanged',
      });
      return saved;
    });
  }

  @Authorized(Needs.EXECUTIVE)
  @Mutation(() => Person, { description: 'Marks a person as left: sessions end; what they owned shows as unowned.' })
  archivePerson(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('reason', { nullable: true }) reason?: string,
  ): Promise<Person> {
    return writeTransaction(ctx, async (m, policy, now) => {
      const row = await lockForChange(m, policy, Person, 'person', id, { version, subject: (p) => ({ unitId: p.unitId }) });
      if (row.id === policy.viewer.personId) throw badInput('id', 'You cannot archive yourself.');
      const prev = await before(m, SubjectType.PERSON, id);
      row.archivedAt = now;
      const saved = await m.getRepository(Person).save(row);
      await m.query(`UPDATE session SET revoked_at = now() WHERE person_id = $1 AND revoked_at IS NULL`, [id]);
      await m.query(`UPDATE api_token SET revoked_at = now() WHERE owner_id = $1 AND revoked_at IS NULL`, [id]);
      await recordChange(m, policy, {
        subjectType: SubjectType.PERSON,
        subjectId: id,
        action: HistoryAction.ARCHIVE,
        before: prev,
        reason,
        unitId: row.unitId,
        topic: 'personChanged',
      });
      return saved;
    });
  }
}
