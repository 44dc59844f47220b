import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
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
import type { Person } from '../people/person.entity.js';
import type { Unit } from '../units/unit.entity.js';

/** What a delivery's body looks like. */
export enum WebhookFormat {
  /** Our JSON event, signed (X-Throughline-Signature). */
  JSON = 'JSON',
  /** A Slack incoming-webhook message: readable text with a link into the app. */
  SLACK = 'SLACK',
  /** A Microsoft Teams incoming-webhook message card with a link into the app. */
  TEAMS = 'TEAMS',
}
registerEnumType(WebhookFormat, {
  name: 'WebhookFormat',
  description: 'Body format of a webhook: signed JSON events, or ready-made Slack or Teams messages.',
});

/**
 * An outbound webhook: graph events of the chosen topics (within `unitId`'s subtree, when set)
 * are POSTed to `url`, signed with the hook's secret, as far as the hook's owner may see them.
 *
 * The secret is not hashed (unlike API tokens): the server must produce the HMAC with it on every
 * delivery. It is stored encrypted (AES-256-GCM, auth/secret-box.ts), never returned after
 * creation or rotation, and never selected by default. During a rotation's overlap the previous
 * secret signs too.
 */
@ObjectType({
  description:
    'An outbound webhook registered by an executive or a unit head (for a unit they head). The secret is shown once, at creation or rotation.',
})
@Entity()
export class Webhook {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column('text')
  url: string;

  @Field(() => [String], { description: 'Event topics delivered, e.g. kpiChanged, alertRaised.' })
  @Column('text', { array: true })
  topics: string[];

  @Field()
  @Column('text', { default: '' })
  description: string;

  /** HMAC-SHA256 key of the signatures, sealed (auth/secret-box.ts); readable because signing needs it. */
  @Column('text', { select: false })
  secret: string;

  /** The secret before the last rotation, sealed; it signs too until `previousSecretValidUntil`. */
  @Column('text', { select: false, nullable: true })
  previousSecret: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'Until then the previous secret signs too (two signatures in X-Throughline-Signature).',
  })
  @Column('timestamptz', { nullable: true })
  previousSecretValidUntil: Date | null;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { nullable: true })
  secretRotatedAt: Date | null;

  /** Only events of this unit's subtree are delivered; null = every unit the owner may see. */
  @Index()
  @Column('uuid', { nullable: true })
  unitId: string | null;

  @ManyToOne('Unit', { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn()
  unit?: Relation<Unit> | null;

  @Field(() => WebhookFormat)
  @Column('varchar', { length: 10, default: WebhookFormat.JSON })
  format: WebhookFormat;

  /** Deliveries respect what this person may see. */
  @Index()
  @Column('uuid')
  ownerId: string;

  @ManyToOne('Person', { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn()
  owner?: Relation<Person>;

  @Field(() => Date)
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { nullable: true })
  deletedAt: Date | null;
}
