import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  VersionColumn,
} from 'typeorm';
import type { Relation } from 'typeorm';
import type { Person } from '../people/person.entity.js';

/** How often a person's digest is emailed: every morning, Monday mornings, or never. */
export enum DigestFrequency {
  DAILY = 'DAILY',
  WEEKLY = 'WEEKLY',
  OFF = 'OFF',
}
registerEnumType(DigestFrequency, {
  name: 'DigestFrequency',
  description: 'How often the digest is emailed: DAILY (07:00), WEEKLY (Mondays 07:00) or OFF.',
});

/**
 * A person's choice of email notifications. No row = the defaults (digest OFF, assignment
 * messages on): nobody is mailed a digest they did not ask for.
 */
@Entity()
export class NotificationPreference {
  @PrimaryColumn('uuid')
  personId: string;

  @ManyToOne('Person', { onDelete: 'CASCADE' })
  @JoinColumn()
  person?: Relation<Person>;

  @Column('varchar', { length: 10, default: DigestFrequency.OFF })
  digestFrequency: DigestFrequency;

  /** An email when someone gives them an action or a decision. */
  @Column('boolean', { default: true })
  assignmentEmails: boolean;

  /**
   * When the digest was last turned on (or its frequency changed): a digest due before it is
   * not sent (turning it on at 10:00 does not mail this morning's at once).
   */
  @Column('timestamptz', { nullable: true })
  digestSince: Date | null;

  @VersionColumn()
  version: number;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;
}

/**
 * One email the notifications module decided to send, claimed before it is sent: the unique
 * `key` (a digest: person + frequency + the local date it was due; an assignment: the event and
 * the person) makes every instance and every restart agree it was taken, so it is never sent
 * twice. A row claimed but never marked sent (the process died in between) is not retried.
 */
@Entity()
export class NotificationDelivery {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column('varchar', { length: 200 })
  key: string;

  /** DIGEST or ASSIGNMENT. */
  @Column('varchar', { length: 20 })
  kind: string;

  @Index()
  @Column('uuid')
  personId: string;

  @ManyToOne('Person', { onDelete: 'CASCADE' })
  @JoinColumn()
  person?: Relation<Person>;

  /** For a digest: when it was due (07:00 in TIME_ZONE); else when the event happened. */
  @Column('timestamptz')
  dueAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  claimedAt: Date;

  /** SENT, EMPTY (nothing to say: not sent), FAILED (the SMTP server refused; see error) or CLAIMED. */
  @Column('varchar', { length: 10, default: 'CLAIMED' })
  state: string;

  @Column('timestamptz', { nullable: true })
  sentAt: Date | null;

  @Column('text', { nullable: true })
  error: string | null;
}

/** How far the assignment messages have read the event outbox (`graph_event.seq`), shared by every instance. */
@Entity()
export class NotificationCursor {
  @PrimaryColumn('varchar', { length: 40 })
  name: string;

  @Column('bigint')
  seq: string;
}

/** What the Account page shows and changes. */
@ObjectType({ description: 'The signed-in person’s email notifications.' })
export class NotificationSettings {
  @Field(() => DigestFrequency)
  digestFrequency: DigestFrequency;

  @Field({ description: 'An email when someone gives them an action or a decision.' })
  assignmentEmails: boolean;

  @Field({
    description: 'False when the server has no SMTP_URL: nothing is emailed; the digest is read in the app.',
  })
  emailDelivery: boolean;

  @Field(() => Date, {
    nullable: true,
    description: 'When the next digest is due (07:00 in the organisation’s time zone).',
  })
  nextDigestAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When a digest was last emailed to them.' })
  lastDigestSentAt: Date | null;

  @Field({ description: 'The organisation’s time zone the digest hour is in.' })
  timeZone: string;

  @Field(() => Int)
  version: number;
}
