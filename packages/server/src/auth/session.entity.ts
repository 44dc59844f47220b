import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A sign-in session (a browser's cookie, or a script's bearer token from `login`). Only the
 * SHA-256 of its token is stored. It ends when revoked, at `expiresAt` (absolute), or when it
 * has not been used until `idleExpiresAt` (idle). A browser's token is replaced periodically
 * (rotation); the one before stays accepted for a short grace so parallel requests do not fail.
 */
@ObjectType('Session', { description: 'One of your sign-in sessions (a browser or a script).' })
@Entity()
export class Session {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column('uuid')
  personId: string;

  @Index({ unique: true })
  @Column('text')
  tokenHash: string;

  /** The token before the last rotation: accepted until `tokenIssuedAt` + the rotation grace. */
  @Index()
  @Column('text', { nullable: true })
  previousTokenHash: string | null;

  /** When the current token was issued (sign-in, or the last rotation). */
  @Column('timestamptz', { default: () => 'now()' })
  tokenIssuedAt: Date;

  @Field({ description: 'When you signed in.' })
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field({ description: 'The session ends at this time whatever happens (absolute expiry).' })
  @Column('timestamptz')
  expiresAt: Date;

  /** Unused until this time, the session ends (idle expiry); moved on as it is used. Null: no idle limit. */
  @Column('timestamptz', { nullable: true })
  idleExpiresAt: Date | null;

  @Field({ description: 'When the session was last used (updated at most about once a minute).' })
  @Column('timestamptz', { default: () => 'now()' })
  lastSeenAt: Date;

  @Field(() => String, { nullable: true, description: "The browser's or client's User-Agent, as sent." })
  @Column('text', { nullable: true })
  userAgent: string | null;

  @Field(() => String, { nullable: true, description: 'The address it was last used from.' })
  @Column('text', { nullable: true })
  ip: string | null;

  @Column('timestamptz', { nullable: true })
  revokedAt: Date | null;
}
