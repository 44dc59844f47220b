import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
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
import { Person } from '../people/person.entity.js';
import { Action } from './action.entity.js';
import { UpdateActionInput } from './action.inputs.js';
import { reassignActions, updateAction } from './action.service.js';

/** What `reassignActions` did. */
@ObjectType({ description: "What reassigning a person's open actions did." })
export class ReassignActionsResult {
  @Field(() => [Action], { description: 'The actions now owned by the new owner.' }) actions: Action[];
  @Field(() => Int, {
    description: 'Open actions of the person you may not change: they stay with the person.',
  })
  remaining: number;
}

/** Editing and reassigning actions (the contract's addAction and setActionStatus live in decision.resolver.ts). */
@Resolver(() => Action)
export class ActionEditingResolver {
  @Authorized()
  @Query(() => Action, { nullable: true, description: 'An action you may see (its meeting’s unit).' })
  async action(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<Action | null> {
    const [policy, row] = await Promise.all([ctx.policy(), ctx.loaders.action.load(id)]);
    return row && policy.can('read', { unitId: row.unitId }) ? row : null;
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Action, {
    description:
      "Changes an action's text, owner or due date (its owner, the meeting's chair and participants, heads of its unit, executives).",
  })
  updateAction(@Ctx() ctx: GraphQLContext, @Arg('input') input: UpdateActionInput): Promise<Action> {
    return updateAction(ctx, input);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => ReassignActionsResult, {
    description:
      'Hands every open action of a person (e.g. one who leaves) to someone else in one step (heads of their unit, executives).',
  })
  reassignActions(
    @Ctx() ctx: GraphQLContext,
    @Arg('fromPersonId', () => ID) fromPersonId: string,
    @Arg('toPersonId', () => ID) toPersonId: string,
  ): Promise<ReassignActionsResult> {
    return reassignActions(ctx, fromPersonId, toPersonId);
  }
}

/** Whether the viewer may hand a person's open actions to someone else (the person page offers it). */
@Resolver(() => Person)
export class PersonReassignResolver {
  @FieldResolver(() => Boolean, {
    description:
      "Whether you may hand this person's open actions to someone else in one step (heads of their unit, executives).",
  })
  async viewerCanReassignActions(@Ctx() ctx: GraphQLContext, @Root() person: Person): Promise<boolean> {
    return (await ctx.policy()).canReassignActionsOf(person);
  }
}
