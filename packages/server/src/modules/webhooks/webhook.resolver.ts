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
import { WebhookDelivery } from './webhook-delivery.entity.js';
import { Webhook } from './webhook.entity.js';
import { CreateWebhookInput } from './webhook.inputs.js';
import {
  createWebhook,
  deleteWebhook,
  listDeliveries,
  listWebhooks,
  WEBHOOK_TOPICS,
} from './webhook.service.js';

/** A new webhook and its signing secret, shown this once. */
@ObjectType()
export class CreatedWebhook {
  @Field({ description: 'Key of the HMAC-SHA256 in X-Throughline-Signature. Shown only now.' })
  secret: string;
  @Field(() => Webhook) webhook: Webhook;
}

/** Outbound webhooks for partner apps that cannot hold a WebSocket (executives). */
@Resolver(() => Webhook)
export class WebhookResolver {
  @Authorized(Needs.EXECUTIVE)
  @Query(() => [Webhook], { description: 'Your webhooks.' })
  webhooks(@Ctx() ctx: GraphQLContext): Promise<Webhook[]> {
    return listWebhooks(ctx);
  }

  @Authorized(Needs.EXECUTIVE)
  @Query(() => [String], { description: 'Topics a webhook can subscribe to.' })
  webhookTopics(): string[] {
    return [...WEBHOOK_TOPICS];
  }

  @Authorized(Needs.EXECUTIVE)
  @Mutation(() => CreatedWebhook, {
    description:
      'Registers a webhook: each event of its topics that you may see is POSTed, signed, and retried with backoff.',
  })
  createWebhook(
    @Ctx() ctx: GraphQLContext,
    @Arg('input') input: CreateWebhookInput,
  ): Promise<CreatedWebhook> {
    return createWebhook(ctx, input);
  }

  @Authorized(Needs.EXECUTIVE)
  @Mutation(() => Webhook, { description: 'Deletes one of your webhooks; pending deliveries are dropped.' })
  deleteWebhook(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<Webhook> {
    return deleteWebhook(ctx, id);
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
}
