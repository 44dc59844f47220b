import { SecurityEventKind } from '@throughline/shared';
import { GraphQLJSON } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { DateTimeScalar } from '../../graphql/scalars.js';

/**
 * One entry of the security audit log: who did what to which account, when and from where.
 * Append-only: the table's triggers refuse UPDATE, DELETE and TRUNCATE (migration SecurityLog),
 * so not even the server can rewrite what happened. Written by `recordSecurityEvent`.
 */
@ObjectType({ description: 'An entry of the security audit log (executives): who, what, when, from where.' })
@Entity()
@Index('ix_security_event_at', ['at', 'id'])
@Index('ix_security_event_person', ['personId', 'at'])
@Index('ix_security_event_actor', ['actorId', 'at'])
@Index('ix_security_event_kind', ['kind', 'at'])
export class SecurityEvent {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => SecurityEventKind)
  @Column('varchar', { length: 40 })
  kind: SecurityEventKind;

  /** Real time, from the database (like sessions: a fact of the world, not of the strategy calendar). */
  @Field(() => DateTimeScalar)
  @Column('timestamptz', { default: () => 'clock_timestamp()' })
  at: Date;

  /** The person who acted (for a partner token: its owner); null for anonymous attempts. */
  @Column('uuid', { nullable: true })
  actorId: string | null;

  /** The partner token that acted, when one did. */
  @Field(() => ID, { nullable: true, description: 'The partner token that acted, when one did.' })
  @Column('uuid', { nullable: true })
  actorTokenId: string | null;

  /** The person whose account this is about (signed in, created, archived, given a role…). */
  @Column('uuid', { nullable: true })
  personId: string | null;

  /** The address typed at a sign-in (failed or throttled ones too); never the password. */
  @Field(() => String, {
    nullable: true,
    description: 'The email address typed (sign-ins); never the password.',
  })
  @Column('varchar', { length: 320, nullable: true })
  email: string | null;

  @Field(() => String, { nullable: true, description: 'The source address of the request.' })
  @Column('varchar', { length: 64, nullable: true })
  ip: string | null;

  @Field(() => String, { nullable: true, description: "The request's user agent (browser or script)." })
  @Column('varchar', { length: 512, nullable: true })
  userAgent: string | null;

  @Field(() => GraphQLJSON, { description: 'What else is known (e.g. the old and new role), as JSON.' })
  @Column('jsonb', { default: {} })
  detail: Record<string, unknown>;
}
