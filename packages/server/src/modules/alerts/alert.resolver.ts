import { AlertStatus } from '@throughline/shared';
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
import { DateOnlyScalar } from '../../graphql/scalars.js';
import type { GraphQLContext } from '../../graphql/context.js';
import type { DeliveredEvent } from '../events/event-bus.js';
import { visibleEvents } from '../events/visible-events.js';
import { Person } from '../people/person.entity.js';
import { Unit } from '../units/unit.entity.js';
import { AlertRule } from './alert-rules.js';
import { Alert } from './alert.entity.js';
import { ALERT_CHANGE_TOPICS } from './alert-topics.js';
import {
  acknowledgeAlert,
  ALERT_TOPICS,
  alertLoader,
  countAlerts,
  listAlerts,
  MAX_ALERTS_PAGE,
  subjectPath,
} from './alert.service.js';
import { escalationText } from './escalation.js';
import { dateText } from '../../text.js';

const OPEN = [AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED];

/** Drift alerts: the contract's `alerts` and `alertRaised`, the inbox's filters, acknowledging with a note, and `alertChanged`. */
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
    @Arg('rules', () => [String], {
      nullable: true,
      description: 'Only these rules (e.g. KPI_FORECAST_RED, TEAM_OBJECTIVES_OVER_LIMIT).',
    })
    rules?: string[] | null,
    @Arg('mine', () => Boolean, {
      nullable: true,
      description:
        'Only alerts raised to you: you own the subject, head its unit or one above, or it was escalated to you.',
    })
    mine?: boolean | null,
    @Arg('first', () => Int, {
      nullable: true,
      description: `At most this many (1–${MAX_ALERTS_PAGE}); without it every open alert, or the newest 200 when resolved ones are asked for.`,
    })
    first?: number | null,
  ): Promise<Alert[]> {
    return listAlerts(ctx, { unitId, statuses: statuses ?? OPEN, rules, mine, first });
  }

  @Authorized()
  @Query(() => Int, {
    description:
      'How many alerts `alerts` lists for the same filters without a page size: open (OPEN and ACKNOWLEDGED) ones you may see by default; with unitId, that unit and below.',
  })
  alertCount(
    @Ctx() ctx: GraphQLContext,
    @Arg('unitId', () => ID, { nullable: true }) unitId?: string | null,
    @Arg('statuses', () => [AlertStatus], {
      nullable: true,
      description: 'Defaults to OPEN and ACKNOWLEDGED.',
    })
    statuses?: AlertStatus[] | null,
    @Arg('rules', () => [String], { nullable: true, description: 'Only these rules.' })
    rules?: string[] | null,
    @Arg('mine', () => Boolean, { nullable: true, description: 'Only alerts raised to you.' })
    mine?: boolean | null,
  ): Promise<number> {
    return countAlerts(ctx, { unitId, statuses: statuses ?? OPEN, rules, mine });
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Alert, {
    description: 'Acknowledges an alert: its subject’s owner, a head of its unit or an executive.',
  })
  acknowledgeAlert(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID) id: string,
    @Arg('note', () => String, {
      nullable: true,
      description: 'What is being done about it (kept with the alert, shown in the inbox).',
    })
    note?: string | null,
  ): Promise<Alert> {
    return acknowledgeAlert(ctx, id, note);
  }

  @Authorized()
  @Subscription(() => Alert, {
    description:
      'Every state change of the alerts you may see (raised, acknowledged, escalated, resolved), as the alert now is. With unitId: that unit and below.',
    subscribe: ({ args, context }) => {
      const ctx = context as GraphQLContext;
      return visibleEvents(ctx, ALERT_CHANGE_TOPICS, {
        unitId: args.unitId,
        check: async (e, policy) => {
          const a = await alertLoader(ctx).load(e.subjectId);
          return !!a && policy.can('read', { unitId: a.unitId });
        },
      });
    },
  })
  async alertChanged(
    @Root() e: DeliveredEvent,
    @Ctx() ctx: GraphQLContext,
    @Arg('unitId', () => ID, { nullable: true }) _unitId?: string,
  ): Promise<Alert> {
    return (await alertLoader(ctx).load(e.subjectId))!;
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

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Path of the subject in the app (a milestone: its initiative; an action: its meeting).',
  })
  subjectPath(@Root() a: Alert, @Ctx() ctx: GraphQLContext): Promise<string | null> {
    return subjectPath(ctx.db, a);
  }

  @FieldResolver(() => Person, {
    nullable: true,
    description: 'The head it was last escalated to (nobody acknowledged it in time); null: not escalated.',
  })
  escalatedTo(@Root() a: Alert, @Ctx() ctx: GraphQLContext): Promise<Person | null> {
    return a.escalatedToId ? ctx.loaders.person.load(a.escalatedToId) : Promise.resolve(null);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'Why it is escalated, e.g. "Escalated to Ana Berg (head of Operations) on 3 Mar 2027 because nobody acknowledged it within 3 days."',
  })
  async escalation(@Root() a: Alert, @Ctx() ctx: GraphQLContext): Promise<string | null> {
    if (!a.escalatedToId || !a.escalatedAt) return null;
    const [head, unit] = await Promise.all([
      ctx.loaders.person.load(a.escalatedToId),
      a.escalatedUnitId ? ctx.loaders.unit.load(a.escalatedUnitId) : Promise.resolve(null),
    ]);
    return escalationText({
      headName: head?.name ?? 'the next head up',
      unitName: unit?.name ?? null,
      at: dateText(a.escalatedAt),
      days: a.escalationWindowDays,
    });
  }

  @FieldResolver(() => Boolean, {
    description:
      'Whether you may acknowledge it now (it is OPEN and you own its subject, head its unit or are an executive).',
  })
  async viewerCanAcknowledge(@Root() a: Alert, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    if (a.status !== AlertStatus.OPEN) return false;
    return (await ctx.policy()).can('acknowledgeAlert', { unitId: a.unitId, ownerId: a.ownerId });
  }

  @FieldResolver(() => Person, { nullable: true })
  acknowledgedBy(@Root() a: Alert, @Ctx() ctx: GraphQLContext): Promise<Person | null> {
    return a.acknowledgedById ? ctx.loaders.person.load(a.acknowledgedById) : Promise.resolve(null);
  }
}
