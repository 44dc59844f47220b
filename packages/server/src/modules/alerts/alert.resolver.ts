import { AlertStatus } from '@throughline/shared';
import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
} from 'type-graphql';
import { Needs } from '../../graphql/auth-checker.js';
import { DateOnlyScalar } from '../../graphql/scalars.js';
import type { GraphQLContext } from '../../graphql/context.js';
import type { DeliveredEvent } from '../events/event-bus.js';
import { visibleEvents } from '../events/visible-events.js';
import { Person } from '../people/person.entity.js';
import { Unit } from '../units/unit.entity.js';
import { AlertRule } from './alert-rules.js';
import { Alert } from './alert.entity.js';
import { acknowledgeAlert, ALERT_TOPICS, alertLoader, listAlerts } from './alert.service.js';

const OPEN = [AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED];

/** Drift alerts: the contract's `alerts` and `alertRaised`, and acknowledging. */
@Resolver(() => Alert)
export class AlertResolver {
  @Authorized()
  @Query(() => [Alert], {
    description:
      'Open alerts (OPEN and ACKNOWLEDGED) you may see, newest first; with unitId, that unit and below.',
  })
  alerts(
    @Ctx() ctx: GraphQLContext,
    @Arg('unitId', () => ID, { nullable: true }) unitId?: string | null,
    @Arg('statuses', () => [AlertStatus], {
      nullable: true,
      description: 'Defaults to OPEN and ACKNOWLEDGED.',
    })
    statuses?: AlertStatus[] | null,
  ): Promise<Alert[]> {
    return listAlerts(ctx, unitId, statuses ?? OPEN);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Alert, {
    description: 'Acknowledges an alert: its subject’s owner, a head of its unit or an executive.',
  })
  acknowledgeAlert(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<Alert> {
    return acknowledgeAlert(ctx, id);
  }

  @Authorized()
  @Subscription(() => Alert, {
    description:
      'Alerts as they are raised. With unitId: every alert you may see in that unit and below. Without: the alerts raised to you (you own the subject or head its unit or one above; executives: all).',
    subscribe: ({ args, context }) => {
      const ctx = context as GraphQLContext;
      return visibleEvents(ctx, [ALERT_TOPICS.raised], {
        unitId: args.unitId,
        check: async (e, policy) => {
          const a = await alertLoader(ctx).load(e.subjectId);
          if (!a || !policy.can('read', { unitId: a.unitId })) return false;
          return args.unitId ? true : policy.can('receiveAlert', { unitId: a.unitId, ownerId: a.ownerId });
        },
      });
    },
  })
  async alertRaised(
    @Root() e: DeliveredEvent,
    @Ctx() ctx: GraphQLContext,
    @Arg('unitId', () => ID, { nullable: true }) _unitId?: string,
  ): Promise<Alert> {
    return (await alertLoader(ctx).load(e.subjectId))!;
  }

  @FieldResolver(() => Unit, {
    nullable: true,
    description: 'Unit of the subject (its head receives the alert).',
  })
  unit(@Root() a: Alert, @Ctx() ctx: GraphQLContext): Promise<Unit | null> {
    return ctx.loaders.unit.load(a.unitId);
  }

  @FieldResolver(() => Person, {
    nullable: true,
    description: 'Owner of the subject; null when the owner left.',
  })
  owner(@Root() a: Alert, @Ctx() ctx: GraphQLContext): Promise<Person | null> {
    return a.ownerId ? ctx.loaders.person.load(a.ownerId) : Promise.resolve(null);
  }

  @FieldResolver(() => DateOnlyScalar, {
    nullable: true,
    description:
      'For overdue rules (MILESTONE_OVERDUE, ACTION_OVERDUE): the day the subject was due — the event\'s own time, for labels such as "overdue since 12 Oct 2026" (raisedAt is when the check noticed it). Null for other rules.',
  })
  async dueDate(@Root() a: Alert, @Ctx() ctx: GraphQLContext): Promise<string | null> {
    if (a.rule !== AlertRule.MILESTONE_OVERDUE && a.rule !== AlertRule.ACTION_OVERDUE) return null;
    return ctx.loaders.dueDayOf.load(a.subjectId);
  }

  @FieldResolver(() => Person, { nullable: true })
  acknowledgedBy(@Root() a: Alert, @Ctx() ctx: GraphQLContext): Promise<Person | null> {
    return a.acknowledgedById ? ctx.loaders.person.load(a.acknowledgedById) : Promise.resolve(null);
  }
}
