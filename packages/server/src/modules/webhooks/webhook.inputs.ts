import { Field, ID, InputType } from 'type-graphql';
import { WebhookFormat } from './webhook.entity.js';

/** A new outbound webhook. */
@InputType()
export class CreateWebhookInput {
  @Field({ description: 'http(s) URL that receives a POST per event (public addresses only).' }) url: string;
  @Field(() => [String], { description: 'Event topics to deliver (see `webhookTopics`).' }) topics: string[];
  @Field({ nullable: true }) description?: string;
  @Field(() => ID, {
    nullable: true,
    description:
      'Deliver only events of this unit and the units below it. Executives may leave it empty (every unit); unit heads choose a unit they head.',
  })
  unitId?: string | null;
  @Field(() => WebhookFormat, {
    defaultValue: WebhookFormat.JSON,
    description: 'JSON: signed events; SLACK or TEAMS: ready-made incoming-webhook messages.',
  })
  format?: WebhookFormat;
}

/** Changes to a webhook; what is left out stays. */
@InputType()
export class UpdateWebhookInput {
  @Field({ nullable: true }) url?: string;
  @Field(() => [String], { nullable: true }) topics?: string[];
  @Field({ nullable: true }) description?: string;
  @Field(() => WebhookFormat, { nullable: true }) format?: WebhookFormat;
}
