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
import type { Person } from '../modules/people/person.entity.js';

/** What an account link does. */
export type AccountTokenKind = 'INVITATION' | 'PASSWORD_RESET';

/**
 * A single-use link that lets a person set their password: an invitation (`/invitation/<token>`)
 * or a password reset (`/reset-password/<token>`). Only the SHA-256 of the token is stored; it
 * works until `expiresAt` (by the server's clock) and once (`usedAt`). A new invitation or reset
 * of the same person replaces the open ones (they are marked used).
 */
@Entity()
@Index(['personId', 'kind'])
export class AccountToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  personId: string;

  @ManyToOne('Person', { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn()
  person?: Relation<Person>;

  @Column('varchar', { length: 20 })
  kind: AccountTokenKind;

  @Index({ unique: true })
  @Column('text')
  tokenHash: string;

  /** Who sent the invitation (null for resets, which the person asks for). */
  @Column('uuid', { nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz')
  expiresAt: Date;

  /** When the link was used, or replaced by a newer one: it works no more. */
  @Column('timestamptz', { nullable: true })
  usedAt: Date | null;
}
