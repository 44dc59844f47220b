import { HistoryAction, SubjectType, UnitKind, UnitVisibility } from '@throughline/shared';
import { Arg, Authorized, Ctx, Field, FieldResolver, Float, ID, InputType, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Needs } from '../../graphql/auth-checker';
import type { GraphQLContext } from '../../graphql/context';
import { badInput } from '../../graphql/errors';
import { visibleOnly } from '../../graphql/visibility';
import { before, lockForChange, recordChange, requireAmount, requireText, requireVisible, writeTransaction } from '../graph-write';
import { Person } from '../people/person.entity';
import { Unit } from './unit.entity';

/** A new unit of the organisation tree. */
@InputType()
export class CreateUnitInput {
  @Field() name: string;
  @Field(() => UnitKind) kind: UnitKind;
  @Field(() => ID, { nullable: true }) parentId?: string | null;
  @Field(() => ID, { nullable: true }) headId?: string | null;
  @Field(() => UnitVisibility, { nullable: true }) visibility?: UnitVisibility;
  @Field(() => Float, { nullable: true }) availableCapacity?: number;
  @Field({ nullable: true }) reason?: string;
}

/** Changes to a unit. */
@InputType()
export class UpdateUnitInput {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
  @Field({ nullable: true }) name?: string;
  @Field(() => ID, { nullable: true }) headId?: string | null;
  @Field(() => UnitVisibility, { nullable: true }) visibility?: UnitVisibility;
  @Field(() => Float, { nullable: true }) availableCapacity?: number;
  @Field({ nullable: true }) reason?: string;
}

const subject = (u: Unit) => ({ unitId: u.id });

/** The organisation tree. Restricted units simply do not exist for those who may not see them. */
@Resolver(() => Unit)
export class UnitResolver {
  @Authorized()
  @Query(() => [Unit], { description: 'Every unit visible to you.' })
  async units(@Ctx() ctx: GraphQLContext): Promise<Unit[]> {
    const policy = await ctx.policy();
    const rows = await ctx.db.getRepository(Unit).createQueryBuilder('u').where('u.archived_at IS NULL').orderBy('u.name').getMany();
    return visibleOnly(policy, rows, (u) => u.id);
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

  @FieldResolver(() => [Person], { description: 'People whose home unit this is.' })
  async members(@Root() u: Unit, @Ctx() ctx: GraphQLContext): Promise<Person[]> {
    return ctx.db.getRepository(Person).createQueryBuilder('p').where('p.unit_id = :id AND p.archived_at IS NULL', { id: u.id }).orderBy('p.name').getMany();
  }

  @Authorized(Needs.EXECUTIVE)
  @Mutation(() => Unit, { description: 'Adds a unit to the organisation tree (executives).' })
  createUnit(@Ctx() ctx: GraphQLContext, @Arg('input') input: CreateUnitInput): Promise<Unit> {
    return writeTransaction(ctx, async (m, policy) => {
      const name = requireText(input.name, 'input.name');
      if (input.parentId) await requireVisible(m, policy, Unit, 'unit', input.parentId, 'input.parentId', (u) => u.id);
      else if (input.kind !== UnitKind.COMPANY) throw badInput('input.parentId', 'Only a company has no parent unit.');
      if (input.headId) await requireVisible(m, policy, Person, 'person', input.headId, 'input.headId', (p) => p.unitId);
      requireAmount(input.availableCapacity, 'input.availableCapacity', { min: 0 });
      const row = await m.getRepository(Unit).save(
        m.getRepository(Unit).create({
          name,
          kind: input.kind,
          parentId: input.parentId ?? null,
          headId: input.headId ?? null,
          visibility: input.visibility,
          availableCapacity: input.availableCapacity ?? 0,
        }),
      );
      await recordChange(m, policy, {
        subjectType: SubjectType.UNIT,
        subjectId: row.id,
        action: HistoryAction.CREATE,
        before: null,
        reason: input.reason,
        unitId: row.id,
        topic: 'unitChanged',
      });
      return row;
    });
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Unit, { description: 'Changes a unit (executives; heads may set their capacity).' })
  updateUnit(@Ctx() ctx: GraphQLContext, @Arg('input') input: UpdateUnitInput): Promise<Unit> {
    return writeTransaction(ctx, async (m, policy) => {
      const row = await lockForChange(m, policy, Unit, 'unit', input.id, { version: input.version, subject });
      const structural = input.name != null || input.headId !== undefined || input.visibility != null;
      if (structural && !policy.isExecutive) throw badInput('input', 'Only an executive may rename a unit, change its head or its visibility.');
      const prev = await before(m, SubjectType.UNIT, row.id);
      if (input.name != null) row.name = requireText(input.name, 'input.name');
      if (input.headId !== undefined) {
        if (input.headId) await requireVisible(m, policy, Person, 'person', input.headId, 'input.headId', (p) => p.unitId);
        row.headId = input.headId ?? null;
      }
      if (input.visibility != null) row.visibility = input.visibility;
      if (input.availableCapacity != null) {
        requireAmount(input.availableCapacity, 'input.availableCapacity', { min: 0 });
        row.availableCapacity = input.availableCapacity;
      }
      const saved = await m.getRepository(Unit).save(row);
      await recordChange(m, policy, {
        subjectType: SubjectType.UNIT,
        subjectId: row.id,
        action: HistoryAction.UPDATE,
        before: prev,
        reason: input.reason,
        unitId: row.id,
        topic: 'unitChanged',
      });
      return saved;
    });
  }

  @Authorized(Needs.EXECUTIVE)
  @Mutation(() => Unit, { description: 'Archives a unit (executives). Refused while it still has active sub-units, people or strategy objects.' })
  archiveUnit(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('reason', { nullable: true }) reason?: string,
  ): Promise<Unit> {
    return writeTransaction(ctx, async (m, policy, now) => {
      const row = await lockForChange(m, policy, Unit, 'unit', id, { version, subject });
      const [use] = await m.query(
        `SELECT (SELECT count(*) FROM unit WHERE parent_id = $1 AND archived_at IS NULL)::int AS units,
                (SELECT count(*) FROM person WHERE unit_id = $1 AND archived_at IS NULL)::int AS people,
                (SELECT count(*) FROM objective WHERE unit_id = $1 AND archived_at IS NULL)::int
              + (SELECT count(*) FROM kpi WHERE unit_id = $1 AND archived_at IS NULL)::int
              + (SELECT count(*) FROM initiative WHERE unit_id = $1 AND archived_at IS NULL)::int AS objects`,
        [id],
      );
      if (use.units || use.people || use.objects) {
        throw badInput(
          'id',
          `This unit still has ${use.units} sub-unit(s), ${use.people} person(s) and ${use.objects} objective(s)/KPI(s)/initiative(s); move or archive them first.`,
        );
      }
      const prev = await before(m, SubjectType.UNIT, id);
      row.archivedAt = now;
      const saved = await m.getRepository(Unit).save(row);
      await recordChange(m, policy, {
        subjectType: SubjectType.UNIT,
        subjectId: id,
        action: HistoryAction.ARCHIVE,
        before: prev,
        reason,
        unitId: id,
        topic: 'unitChanged',
      });
      return saved;
    });
  }
}
