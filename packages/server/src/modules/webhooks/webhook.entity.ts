import { Field, ID, ObjectType } from 'type-graphql';
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

/**
 * An outbound webhook: graph events of the chosen topics are POSTed to `url`, signed with
 * the hook's secret, as far as the hook's owner may see them.
 *
 * The secret is stored as is (not hashed, unlike API tokens): the server must produce the
 * HMAC with it on every delivery, so it has to be readable. Encrypting it with a key kept
 * beside it would add nothing; it is never returned after creation and never selected by
 * default.
 */
@ObjectType({
  description: 'An outbound webhook registered by an executive. The secret is shown once, at creation.',
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

  /** HMAC-SHA256 key of the signatures; readable because signing needs it. */
  @Column('text', { select: false })
  secret: string;

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
