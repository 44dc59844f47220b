import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import type { Relation } from 'typeorm';
import type { Webhook } from './webhook.entity.js';

/** Where a delivery stands. */
export enum WebhookDeliveryStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  /** Gave up after the last attempt. */
  FAILED = 'FAILED',
}
registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description: 'State of a webhook delivery.',
});

/**
 * One event to deliver to one hook, with its retry state. The body is fixed at enqueue time so
 * every attempt sends (and signs) the same bytes. Unique per (hook, event): every instance may
 * enqueue the event it saw; only one row results.
 */
@ObjectType({ description: 'A delivery of one event to a webhook, with its attempts.' })
@Entity()
@Index('uq_webhook_delivery_event', ['webhookId', 'eventSeq'], { unique: true, where: '"ping" = false' })
@Index('ix_webhook_delivery_due', ['status', 'nextAttemptAt'])
export class WebhookDelivery {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  webhookId: string;

  @ManyToOne('Webhook', { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn()
  webhook?: Relation<Webhook>;

  /** Sequence of the graph event delivered ("0" for a test ping). */
  @Field()
  @Column('bigint')
  eventSeq: string;

  @Field({ description: 'A test delivery (pingWebhook), not an event.' })
  @Column('boolean', { default: false })
  ping: boolean;

  @Field()
  @Column('varchar', { length: 40 })
  topic: string;

  /** Exact JSON sent (and signed). */
  @Column('text')
  body: string;

  @Field(() => WebhookDeliveryStatus)
  @Column('varchar', { length: 20, default: WebhookDeliveryStatus.PENDING })
  status: WebhookDeliveryStatus;

  @Field(() => Int)
  @Column('int', { default: 0 })
  attempts: number;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { nullable: true, default: () => 'now()' })
  nextAttemptAt: Date | null;

  @Field(() => Int, { nullable: true })
  @Column('int', { nullable: true })
  lastStatusCode: number | null;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  lastError: string | null;

  @Field(() => Date)
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { nullable: true })
  deliveredAt: Date | null;
}

/** One attempt of a delivery, as the delivery log shows it. */
@ObjectType({ description: 'One attempt to deliver: when, what answered, how long it took.' })
@Entity()
@Index('ix_webhook_attempt_delivery', ['deliveryId', 'attempt'])
export class WebhookAttempt {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  deliveryId: string;

  @ManyToOne('WebhookDelivery', { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn()
  delivery?: Relation<WebhookDelivery>;

  @Field(() => Int, { description: '1 for the first attempt; redeliveries continue the count.' })
  @Column('int')
  attempt: number;

  @Field(() => Date)
  @Column('timestamptz')
  at: Date;

  @Field(() => Int, { nullable: true, description: 'HTTP status; null when nothing answered.' })
  @Column('int', { nullable: true })
  statusCode: number | null;

  @Field(() => Int)
  @Column('int')
  latencyMs: number;

  @Field(() => String, { nullable: true, description: 'The first 500 characters of the response body.' })
  @Column('text', { nullable: true })
  responseExcerpt: string | null;

  @Field(() => String, { nullable: true, description: 'Why the attempt failed; null on 2xx.' })
  @Column('text', { nullable: true })
  error: string | null;
}
