import { ChangeRequestStatus } from '@throughline/shared';
import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
} from 'type-graphql';
import { Needs } from '../../graphql/auth-checker.js';
import type { GraphQLContext } from '../../graphql/context.js';
import type { DeliveredEvent } from '../events/event-bus.js';
import { visibleEvents } from '../events/visible-events.js';
import { Initiative } from '../initiatives/initiative.entity.js';
import { Kpi } from '../kpis/kpi.entity.js';
import { Objective } from '../objectives/objective.entity.js';
import { Person } from '../people/person.entity.js';
import { Plan } from '../plans/plan.entity.js';
import { ApprovalRule } from './approval-rule.entity.js';
import { ApprovalRuleInput, RequestChangeInput } from './approval.inputs.js';
import {
  approveChange,
  approverNames,
  CHANGE_REQUEST_TOPIC,
  listChangeRequests,
  rejectChange,
  requestChange,
  rulesOf,
  setApprovalRules,
  visibleChangeRequest,
  withdrawChange,
} from './approvals.service.js';
import { ChangeRequest } from './change-request.entity.js';

/** Approval of changes that matter: rules per plan, requests, approve / reject / withdraw, live. */
@Resolver(() => ChangeRequest)
export class ChangeRequestResolver {
  @Authorized(Needs.SESSION)
  @Query(() => [ChangeRequest], {
    description:
      'Change requests you may see (you asked, you approve, or you are an executive), waiting ones first. `mine`: those you asked for or may decide.',
  })
  changeRequests(
    @Ctx() ctx: GraphQLContext,
    @Arg('status', () => ChangeRequestStatus, { nullable: true }) status?: ChangeRequestStatus,
    @Arg('mine', { nullable: true }) mine?: boolean,
    @Arg('subjectId', () => ID, {
      nullable: true,
      description: 'Only requests about this KPI, objective or initiative.',
    })
    subjectId?: string,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number = 50,
  ): Promise<ChangeRequest[]> {
    return listChangeRequests(ctx, { status, mine, subjectId, first });
  }

  @Authorized(Needs.SESSION)
  @Query(() => ChangeRequest, { nullable: true, description: 'One change request, if you may see it.' })
  changeRequest(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<ChangeRequest | null> {
    return visibleChangeRequest(ctx, id);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => ChangeRequest, {
    description:
      'Asks for a change that needs approval (its mutation answered APPROVAL_REQUIRED): the same change, the subject’s version you read, and why. It applies when an approver approves it.',
  })
  requestChange(@Ctx() ctx: GraphQLContext, @Arg('input') input: RequestChangeInput): Promise<ChangeRequest> {
    return requestChange(ctx, input);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => ChangeRequest, {
    description:
      'Approves a waiting request: the change applies now, in one step. CONFLICT when the subject changed since the request (nothing applies; the request becomes OUTDATED).',
  })
  approveChange(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID) id: string,
    @Arg('comment', () => String, { nullable: true }) comment?: string | null,
  ): Promise<ChangeRequest> {
    return approveChange(ctx, id, comment);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => ChangeRequest, {
    description: 'Rejects a waiting request with a comment; nothing applies.',
  })
  rejectChange(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID) id: string,
    @Arg('comment') comment: string,
  ): Promise<ChangeRequest> {
    return rejectChange(ctx, id, comment);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => ChangeRequest, { description: 'Takes back a request you made; nothing applies.' })
  withdrawChange(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<ChangeRequest> {
    return withdrawChange(ctx, id);
  }

  @Authorized(Needs.SESSION)
  @Subscription(() => ChangeRequest, {
    description: 'A change request you may see was made, approved, rejected, withdrawn or outdated.',
    subscribe: ({ context }) =>
      visibleEvents(context as GraphQLContext, [CHANGE_REQUEST_TOPIC], {
        check: async (e, policy) => {
          const r = await (context as GraphQLContext).db
            .getRepository(ChangeRequest)
            .findOneBy({ id: e.subjectId });
          return !!r && policy.canSeeChangeRequest(r);
        },
      }),
  })
  async changeRequestChanged(@Root() e: DeliveredEvent, @Ctx() ctx: GraphQLContext): Promise<ChangeRequest> {
    return (await ctx.db.getRepository(ChangeRequest).findOneByOrFail({ id: e.subjectId }))!;
  }

  @FieldResolver(() => Person)
  async requester(@Root() r: ChangeRequest, @Ctx() ctx: GraphQLContext): Promise<Person> {
    return (await ctx.loaders.person.load(r.requesterId))!;
  }

  @FieldResolver(() => Person, {
    nullable: true,
    description: 'Who approved or rejected it (or found it outdated).',
  })
  async decidedBy(@Root() r: ChangeRequest, @Ctx() ctx: GraphQLContext): Promise<Person | null> {
    return r.decidedById ? ctx.loaders.person.load(r.decidedById) : null;
  }

  @FieldResolver(() => [String], {
    description: 'Who may approve it, by name; any executive may too.',
  })
  approverNames(@Root() r: ChangeRequest, @Ctx() ctx: GraphQLContext): Promise<string[]> {
    return approverNames(ctx.db.manager, r.approverIds);
  }

  @FieldResolver(() => Boolean, { description: 'Whether you may approve or reject it now.' })
  async viewerCanDecide(@Root() r: ChangeRequest, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    return r.status === ChangeRequestStatus.PENDING && (await ctx.policy()).canDecideChangeRequest(r);
  }

  @FieldResolver(() => Boolean, {
    description: 'Whether you may withdraw it now (you asked, it still waits).',
  })
  async viewerCanWithdraw(@Root() r: ChangeRequest, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    return r.status === ChangeRequestStatus.PENDING && (await ctx.policy()).viewer.personId === r.requesterId;
  }
}

/** `Plan.approvalRules`: which changes of the plan need approval. */
@Resolver(() => Plan)
export class PlanApprovalRulesResolver {
  @FieldResolver(() => [ApprovalRule], { description: 'Which changes of this plan need an approver’s yes.' })
  approvalRules(@Root() p: Plan, @Ctx() ctx: GraphQLContext): Promise<ApprovalRule[]> {
    return rulesOf(ctx.db, p.id);
  }

  @Authorized(Needs.EXECUTIVE)
  @Mutation(() => Plan, {
    description: 'Sets which changes of a plan need approval (executives); replaces the plan’s rules.',
  })
  setApprovalRules(
    @Ctx() ctx: GraphQLContext,
    @Arg('planId', () => ID) planId: string,
    @Arg('rules', () => [ApprovalRuleInput]) rules: ApprovalRuleInput[],
  ): Promise<Plan> {
    return setApprovalRules(ctx, planId, rules);
  }
}

const pendingOf = (ctx: GraphQLContext, subjectId: string) =>
  listChangeRequests(ctx, { status: ChangeRequestStatus.PENDING, subjectId, first: 20 });

const PENDING = {
  description:
    'Changes to this that wait for approval (only those you may see: you asked, you approve, or you are an executive).',
};

/** `Kpi.pendingChanges`. */
@Resolver(() => Kpi)
export class KpiPendingChangesResolver {
  @FieldResolver(() => [ChangeRequest], PENDING)
  pendingChanges(@Root() k: Kpi, @Ctx() ctx: GraphQLContext): Promise<ChangeRequest[]> {
    return pendingOf(ctx, k.id);
  }
}

/** `Objective.pendingChanges`. */
@Resolver(() => Objective)
export class ObjectivePendingChangesResolver {
  @FieldResolver(() => [ChangeRequest], PENDING)
  pendingChanges(@Root() o: Objective, @Ctx() ctx: GraphQLContext): Promise<ChangeRequest[]> {
    return pendingOf(ctx, o.id);
  }
}

/** `Initiative.pendingChanges`. */
@Resolver(() => Initiative)
export class InitiativePendingChangesResolver {
  @FieldResolver(() => [ChangeRequest], PENDING)
  pendingChanges(@Root() i: Initiative, @Ctx() ctx: GraphQLContext): Promise<ChangeRequest[]> {
    return pendingOf(ctx, i.id);
  }
}
