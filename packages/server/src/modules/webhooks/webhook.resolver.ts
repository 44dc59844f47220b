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
import { Unit } from '../units/unit.entity.js';
import { WebhookAttempt, WebhookDelivery } from './webhook-delivery.entity.js';
import { Webhook } from './webhook.entity.js';
import { CreateWebhookInput, UpdateWebhookInput } from './webhook.inputs.js';
import {
  createWebhook,
  deleteWebhook,
  listDeliveries,
  listWebhooks,
  pingWebhook,
  redeliverWebhookDelivery,
  rotateWebhookSecret,
  updateWebhook,
  WEBHOOK_TOPICS,
} from './webhook.service.js';

/** A webhook and its signing secret, shown this once (at creation or rotation). */
@ObjectType()
export class CreatedWebhook {
  @Field({ description: 'Key of the HMAC-SHA256 in X-Throughline-Signature. Shown only now.' })
  secret: string;
  @Field(() => Webhook) webhook: Webhook;
}

/**
 * Outbound webhooks for partner apps that cannot hold a WebSocket, and Slack or Teams channels.
 * People in their sessions: executives for any unit, unit heads for units they head (the policy's
 * `canManageWebhooks`, checked in the service).
 */
@Resolver(() => Webhook)
export class WebhookResolver {
  @Authorized(Needs.SESSION)
  @Query(() => [Webhook], {
    description:
      'The webhooks you may manage: yours, and (executives) all, (unit heads) those of units you head.',
  })
  webhooks(@Ctx() ctx: GraphQLContext): Promise<Webhook[]> {
    return listWebhooks(ctx);
  }

  @Authorized(Needs.SESSION)
  @Query(() => [String], { description: 'Topics a webhook can subscribe to.' })
  webhookTopics(): string[] {
    return [...WEBHOOK_TOPICS];
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => CreatedWebhook, {
    description:
      'Registers a webhook: each event of its topics (and unit) that you may see is POSTed, signed, and retried with backoff.',
  })
  createWebhook(
    @Ctx() ctx: GraphQLContext,
    @Arg('input') input: CreateWebhookInput,
  ): Promise<CreatedWebhook> {
    return createWebhook(ctx, input);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Webhook, { description: 'Changes a webhook’s URL, topics, description or format.' })
  updateWebhook(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateWebhookInput,
  ): Promise<Webhook> {
    return updateWebhook(ctx, id, input);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Webhook, { description: 'Deletes a webhook; pending deliveries are dropped.' })
  deleteWebhook(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<Webhook> {
    return deleteWebhook(ctx, id);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => WebhookDelivery, {
    description: 'Sends a test delivery now; the answer carries its outcome (not retried).',
  })
  pingWebhook(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<WebhookDelivery> {
    return pingWebhook(ctx, id);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => WebhookDelivery, {
    description:
      'Sends a delivery again now: same body and delivery id, signed with the current secret(s); retried as usual if it fails.',
  })
  redeliverWebhookDelivery(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID) id: string,
  ): Promise<WebhookDelivery> {
    return redeliverWebhookDelivery(ctx, id);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => CreatedWebhook, {
    description:
      'A new signing secret, shown this once. For overlapHours (0–168) the previous secret signs too: X-Throughline-Signature then carries two signatures.',
  })
  rotateWebhookSecret(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID) id: string,
    @Arg('overlapHours', () => Int, { defaultValue: 24 }) overlapHours: number,
  ): Promise<CreatedWebhook> {
    return rotateWebhookSecret(ctx, id, overlapHours);
  }

  @FieldResolver(() => [WebhookDelivery], { description: 'Latest deliveries, newest first.' })
  deliveries(
    @Root() w: Webhook,
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
  ): Promise<WebhookDelivery[]> {
    return listDeliveries(ctx, w.id, first);
  }

  @FieldResolver(() => Person, { nullable: true })
  owner(@Root() w: Webhook, @Ctx() ctx: GraphQLContext): Promise<Person | null> {
    return ctx.loaders.person.load(w.ownerId);
  }

  @FieldResolver(() => Unit, {
    nullable: true,
    description: 'Only events of this unit’s subtree; null = every unit.',
  })
  unit(@Root() w: Webhook, @Ctx() ctx: GraphQLContext): Promise<Unit | null> | null {
    return w.unitId ? ctx.loaders.unit.load(w.unitId) : null;
  }
}

/** The delivery log: every attempt of a delivery. */
@Resolver(() => WebhookDelivery)
export class WebhookDeliveryResolver {
  @FieldResolver(() => [WebhookAttempt], { description: 'Every attempt, newest first.' })
  attemptLog(@Root() d: WebhookDelivery, @Ctx() ctx: GraphQLContext): Promise<WebhookAttempt[]> {
    return ctx.loaders.webhookAttempts.load(d.id);
  }
}
