import { Field, ID, Int, ObjectType } from 'type-graphql';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { DateOnlyScalar } from '../../graphql/scalars.js';
import { NegotiationSide, NegotiationStatus } from './planning.enums.js';

/** A person brought into a negotiation by one side: may comment, and propose when that side has the turn. */
export interface NegotiationParticipant {
  personId: string;
  side: NegotiationSide;
  addedById: string;
}

/**
 * Catchball: an objective's owner (or an executive) proposes objectives, KPIs and targets for a period
 * to a unit; the unit's head accepts or counter-proposes; back and forth until agreed or withdrawn.
 */
@ObjectType({ description: 'A catchball negotiation of objectives, KPIs and targets for a period.' })
@Entity()
export class Negotiation {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => Int)
  @VersionColumn()
  version: number;

  @Index()
  @Column('uuid')
  windowId: string;

  @Index()
  @Column('uuid')
  planId: string;

  /** The unit proposed to. */
  @Index()
  @Column('uuid')
  unitId: string;

  /** The objective the proposal serves (its owner proposes), if any. */
  @Column('uuid', { nullable: true })
  objectiveId: string | null;

  @Field()
  @Column('text')
  title: string;

  @Index()
  @Column('uuid')
  proposerId: string;

  /** The unit's head when the proposal was made: the unit's side. */
  @Index()
  @Column('uuid')
  counterpartId: string;

  @Column('jsonb', { default: () => "'[]'" })
  participants: NegotiationParticipant[];

  @Field(() => NegotiationStatus)
  @Column('varchar', { length: 12 })
  status: NegotiationStatus;

  @Field(() => NegotiationSide, { description: 'Whose turn it is to accept or counter (while OPEN).' })
  @Column('varchar', { length: 10 })
  turn: NegotiationSide;

  @Field(() => DateOnlyScalar)
  @Column('date')
  periodStart: string;

  @Field(() => DateOnlyScalar)
  @Column('date')
  periodEnd: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Why the last accept could not be applied (e.g. a KPI changed since the proposal); cleared by a new round.',
  })
  @Column('text', { nullable: true })
  blockedReason: string | null;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { nullable: true })
  closedAt: Date | null;

  @Field(() => Date)
  @Column('timestamptz')
  openedAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  /** Every person with a part in it (for visibility and notification). */
  partyIds(): string[] {
    return [this.proposerId, this.counterpartId, ...this.participants.map((p) => p.personId)];
  }

  /** The side a person speaks for, or null. */
  sideOf(personId: string): NegotiationSide | null {
    if (personId === this.proposerId) return NegotiationSide.PROPOSER;
    if (personId === this.counterpartId) return NegotiationSide.UNIT;
    return this.participants.find((p) => p.personId === personId)?.side ?? null;
  }

  /** The principal of a side (who accepts for it). */
  principalOf(side: NegotiationSide): string {
    return side === NegotiationSide.PROPOSER ? this.proposerId : this.counterpartId;
  }
}
