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
@Index('uq_webhook_delivery_event', ['webhookId', 'eventSeq'], { unique: true })
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

  /** Sequence of the graph event delivered. */
  @Field()
  @Column('bigint')
  eventSeq: string;

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
