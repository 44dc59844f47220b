import { Field, InputType } from 'type-graphql';

/** A new outbound webhook. */
@InputType()
export class CreateWebhookInput {
  @Field({ description: 'http(s) URL that receives a POST per event.' }) url: string;
  @Field(() => [String], { description: 'Event topics to deliver (see `webhookTopics`).' }) topics: string[];
  @Field({ nullable: true }) description?: string;
}
