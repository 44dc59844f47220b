import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
  Subscription,
} from 'type-graphql';
import { Needs } from '../../graphql/auth-checker.js';
import type { GraphQLContext } from '../../graphql/context.js';
import type { DeliveredEvent } from '../events/event-bus.js';
import { visibleEvents } from '../events/visible-events.js';
import { Objective } from '../objectives/objective.entity.js';
import { Person } from '../people/person.entity.js';
import { Plan } from '../plans/plan.entity.js';
import { Unit } from '../units/unit.entity.js';
import { Negotiation } from './negotiation.entity.js';
import { NegotiationRound } from './negotiation-round.entity.js';
import {
  acceptProposal,
  bringIntoNegotiation,
  closePlanning,
  commentOnNegotiation,
  counterPropose,
  latestProposal,
  listNegotiations,
  listPlanningWindows,
  NEGOTIATION_TOPIC,
  negotiationSubject,
  openPlanning,
  proposeTargets,
  visibleNegotiation,
  withdrawNegotiation,
} from './negotiation.service.js';
import { NegotiationSide, NegotiationStatus } from './planning.enums.js';
import {
  BringIntoNegotiationInput,
  CounterProposeInput,
  NegotiationAnswerInput,
  OpenPlanningInput,
  ProposeTargetsInput,
} from './planning.inputs.js';
import { PlanningWindow } from './planning-window.entity.js';

@ObjectType({ description: 'A person brought into a negotiation, and the side they speak with.' })
export class NegotiationParticipantView {
  @Field(() => Person) person!: Person;
  @Field(() => NegotiationSide) side!: NegotiationSide;
}

@ObjectType({ description: 'What the viewer may do in this negotiation now.' })
export class NegotiationViewerCan {
  @Field({ description: 'Accept the latest proposal (the principal of the side whose turn it is).' })
  accept!: boolean;
  @Field({ description: 'Counter-propose (the side whose turn it is, its participants included).' })
  counter!: boolean;
  @Field() comment!: boolean;
  @Field() bringIn!: boolean;
  @Field() withdraw!: boolean;
}

@Resolver(() => PlanningWindow)
export class PlanningWindowResolver {
  @Authorized(Needs.SESSION)
  @Query(() => [PlanningWindow], {
    description:
      'Plans (or parts of them) open for planning that you may see; closed ones with includeClosed.',
  })
  planningWindows(
    @Ctx() ctx: GraphQLContext,
    @Arg('planId', () => ID, { nullable: true }) planId?: string,
    @Arg('includeClosed', { nullable: true }) includeClosed?: boolean,
  ): Promise<PlanningWindow[]> {
    return listPlanningWindows(ctx, { planId, includeClosed: includeClosed ?? false });
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => PlanningWindow, {
    description:
      "Opens a plan (executives) or one unit's part of it (executives, the unit's head) for planning a period.",
  })
  openPlanning(@Ctx() ctx: GraphQLContext, @Arg('input') input: OpenPlanningInput): Promise<PlanningWindow> {
    return openPlanning(ctx, input);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => PlanningWindow, { description: 'Closes a planning window: no new proposals in it.' })
  closePlanning(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<PlanningWindow> {
    return closePlanning(ctx, id);
  }

  @FieldResolver(() => Plan)
  async plan(@Root() w: PlanningWindow, @Ctx() ctx: GraphQLContext): Promise<Plan> {
    return (await ctx.loaders.plan.load(w.planId))!;
  }

  @FieldResolver(() => Unit, { description: 'The unit whose part is open (with the units below it).' })
  async unit(@Root() w: PlanningWindow, @Ctx() ctx: GraphQLContext): Promise<Unit> {
    return (await ctx.loaders.unit.load(w.scopeUnitId))!;
  }

  @FieldResolver({ description: 'True when the whole plan is open (not one unit’s part).' })
  wholePlan(@Root() w: PlanningWindow): boolean {
    return w.unitId === null;
  }

  @FieldResolver(() => Person)
  async openedBy(@Root() w: PlanningWindow, @Ctx() ctx: GraphQLContext): Promise<Person> {
    return (await ctx.loaders.person.load(w.openedById))!;
  }

  @FieldResolver(() => Boolean, { description: 'Whether you may close it.' })
  async canClose(@Root() w: PlanningWindow, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    return !w.closedAt && (await ctx.policy()).canOpenPlanning(w.unitId);
  }
}

@Resolver(() => Negotiation)
export class NegotiationResolver {
  @Authorized(Needs.SESSION)
  @Query(() => [Negotiation], {
    description:
      'Negotiations you may see (you take part, you are an executive, or it is your unit’s), newest first. mine: only those you take part in.',
  })
  negotiations(
    @Ctx() ctx: GraphQLContext,
    @Arg('status', () => NegotiationStatus, { nullable: true }) status?: NegotiationStatus,
    @Arg('windowId', () => ID, { nullable: true }) windowId?: string,
    @Arg('mine', { nullable: true }) mine?: boolean,
  ): Promise<Negotiation[]> {
    return listNegotiations(ctx, { status, windowId, mine });
  }

  @Authorized(Needs.SESSION)
  @Query(() => Negotiation)
  negotiation(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<Negotiation> {
    return visibleNegotiation(ctx, id);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Negotiation, {
    description:
      "Proposes objectives, KPIs and targets to a unit (an objective's owner or an executive); the unit's head answers.",
  })
  proposeTargets(@Ctx() ctx: GraphQLContext, @Arg('input') input: ProposeTargetsInput): Promise<Negotiation> {
    return proposeTargets(ctx, input);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Negotiation, {
    description: 'Answers with another proposal and a reason (your side’s turn).',
  })
  counterPropose(@Ctx() ctx: GraphQLContext, @Arg('input') input: CounterProposeInput): Promise<Negotiation> {
    return counterPropose(ctx, input);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Negotiation, {
    description:
      'Accepts the latest proposal (your turn): it becomes the plan in one step. CONFLICT when something in it changed since; then nothing applies and blockedReason says why.',
  })
  acceptProposal(
    @Ctx() ctx: GraphQLContext,
    @Arg('input') input: NegotiationAnswerInput,
  ): Promise<Negotiation> {
    return acceptProposal(ctx, input);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Negotiation, {
    description: 'Brings a third person in (they may comment and propose for your side).',
  })
  bringIntoNegotiation(
    @Ctx() ctx: GraphQLContext,
    @Arg('input') input: BringIntoNegotiationInput,
  ): Promise<Negotiation> {
    return bringIntoNegotiation(ctx, input);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Negotiation, { description: 'A comment from a party; the turn does not change.' })
  commentOnNegotiation(
    @Ctx() ctx: GraphQLContext,
    @Arg('negotiationId', () => ID) negotiationId: string,
    @Arg('text') text: string,
  ): Promise<Negotiation> {
    return commentOnNegotiation(ctx, negotiationId, text);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Negotiation, {
    description: 'Withdraws the negotiation with a reason; nothing is applied.',
  })
  withdrawNegotiation(
    @Ctx() ctx: GraphQLContext,
    @Arg('input') input: NegotiationAnswerInput,
  ): Promise<Negotiation> {
    return withdrawNegotiation(ctx, input);
  }

  @Authorized(Needs.SESSION)
  @Subscription(() => Negotiation, {
    description:
      'A negotiation you may see changed (a round, agreement, withdrawal). With id: that one only.',
    subscribe: ({ args, context }) =>
      visibleEvents(context as GraphQLContext, [NEGOTIATION_TOPIC], {
        check: async (e, policy) => {
          if (args.id && e.subjectId !== args.id) return false;
          const n = await (context as GraphQLContext).db
            .getRepository(Negotiation)
            .findOneBy({ id: e.subjectId });
          return !!n && policy.canSeeNegotiation(negotiationSubject(n));
        },
      }),
  })
  async negotiationChanged(
    @Root() e: DeliveredEvent,
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID, { nullable: true }) _id?: string,
  ): Promise<Negotiation> {
    return ctx.db.getRepository(Negotiation).findOneByOrFail({ id: e.subjectId });
  }

  @FieldResolver(() => Plan)
  async plan(@Root() n: Negotiation, @Ctx() ctx: GraphQLContext): Promise<Plan> {
    return (await ctx.loaders.plan.load(n.planId))!;
  }

  @FieldResolver(() => Unit, { description: 'The unit proposed to.' })
  async unit(@Root() n: Negotiation, @Ctx() ctx: GraphQLContext): Promise<Unit> {
    return (await ctx.loaders.unit.load(n.unitId))!;
  }

  @FieldResolver(() => Objective, { nullable: true, description: 'The objective the proposal serves.' })
  async objective(@Root() n: Negotiation, @Ctx() ctx: GraphQLContext): Promise<Objective | null> {
    if (!n.objectiveId) return null;
    const [o, policy] = await Promise.all([ctx.loaders.objective.load(n.objectiveId), ctx.policy()]);
    return o && policy.canSeeUnit(o.unitId) ? o : null;
  }

  @FieldResolver(() => Person)
  async proposer(@Root() n: Negotiation, @Ctx() ctx: GraphQLContext): Promise<Person> {
    return (await ctx.loaders.person.load(n.proposerId))!;
  }

  @FieldResolver(() => Person, { description: "The unit's head: answers for the unit." })
  async counterpart(@Root() n: Negotiation, @Ctx() ctx: GraphQLContext): Promise<Person> {
    return (await ctx.loaders.person.load(n.counterpartId))!;
  }

  @FieldResolver(() => [NegotiationParticipantView])
  async participants(
    @Root() n: Negotiation,
    @Ctx() ctx: GraphQLContext,
  ): Promise<NegotiationParticipantView[]> {
    return Promise.all(
      n.participants.map(async (p) => ({
        person: (await ctx.loaders.person.load(p.personId))!,
        side: p.side,
      })),
    );
  }

  @FieldResolver(() => Person, { nullable: true, description: 'Who answers next (while open).' })
  async turnPerson(@Root() n: Negotiation, @Ctx() ctx: GraphQLContext): Promise<Person | null> {
    if (n.status !== NegotiationStatus.OPEN) return null;
    return (await ctx.loaders.person.load(n.principalOf(n.turn)))!;
  }

  @FieldResolver(() => [NegotiationRound], { description: 'Every round, oldest first.' })
  rounds(@Root() n: Negotiation, @Ctx() ctx: GraphQLContext): Promise<NegotiationRound[]> {
    return ctx.db
      .getRepository(NegotiationRound)
      .find({ where: { negotiationId: n.id }, order: { number: 'ASC' } });
  }

  @FieldResolver(() => NegotiationRound, {
    nullable: true,
    description: 'The proposal an accept would agree to.',
  })
  latestProposal(@Root() n: Negotiation, @Ctx() ctx: GraphQLContext): Promise<NegotiationRound | null> {
    return latestProposal(ctx.db, n.id);
  }

  @FieldResolver(() => NegotiationSide, { nullable: true, description: 'Your side, if you take part.' })
  async viewerSide(@Root() n: Negotiation, @Ctx() ctx: GraphQLContext): Promise<NegotiationSide | null> {
    return ctx.viewer ? n.sideOf(ctx.viewer.personId) : null;
  }

  @FieldResolver(() => NegotiationViewerCan)
  viewerCan(@Root() n: Negotiation, @Ctx() ctx: GraphQLContext): NegotiationViewerCan {
    const me = ctx.viewer?.personId ?? '';
    const side = n.sideOf(me);
    const open = n.status === NegotiationStatus.OPEN;
    const principal = !!side && n.principalOf(side) === me;
    return {
      accept: open && principal && side === n.turn,
      counter: open && !!side && side === n.turn,
      comment: open && !!side,
      bringIn: open && principal,
      withdraw: open && principal,
    };
  }
}

@Resolver(() => NegotiationRound)
export class NegotiationRoundResolver {
  @FieldResolver(() => Person)
  async author(@Root() r: NegotiationRound, @Ctx() ctx: GraphQLContext): Promise<Person> {
    return (await ctx.loaders.person.load(r.authorId))!;
  }

  @FieldResolver(() => Person, { nullable: true, description: 'JOINED: the person brought in.' })
  async person(@Root() r: NegotiationRound, @Ctx() ctx: GraphQLContext): Promise<Person | null> {
    return r.personId ? ((await ctx.loaders.person.load(r.personId)) ?? null) : null;
  }
}
