import { Field, ID, Int, ObjectType } from 'type-graphql';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import type { Relation } from 'typeorm';
import { MeetingKind } from '@throughline/shared';
import type { Unit } from '../units/unit.entity.js';

/**
 * When a unit's reviews of one kind fall: "the first Tuesday of the month, 09:00" in the
 * organisation's time zone (`config.timeZone`), with default participants. When a review of
 * the unit and kind closes, the next occurrence is scheduled.
 */
@ObjectType({
  description:
    "When a unit's monthly operational or quarterly strategic reviews fall, e.g. the first Tuesday of the month at 09:00, with default participants.",
})
@Entity()
@Index(['unitId', 'kind'], { unique: true })
export class ReviewRhythm {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  unitId: string;

  @ManyToOne('Unit', { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn()
  unit?: Relation<Unit>;

  @Field(() => MeetingKind)
  @Column('varchar', { length: 30 })
  kind: MeetingKind;

  @Field(() => Int, { description: '1–4: the first to fourth such weekday of the month; -1: the last.' })
  @Column('int')
  ordinal: number;

  @Field(() => Int, { description: 'ISO weekday: 1 Monday … 7 Sunday.' })
  @Column('int')
  weekday: number;

  @Field({ description: 'Wall-clock time "HH:MM" in the organisation\'s time zone.' })
  @Column('varchar', { length: 5 })
  time: string;

  /** Who chairs the reviews it schedules (null: the chair of the review that closed). */
  @Column('uuid', { nullable: true })
  chairId: string | null;

  /** Invited to every review it schedules, besides the chair. */
  @Column('jsonb', { default: [] })
  participantIds: string[];

  @Field(() => Int)
  @VersionColumn()
  version: number;

  @Field(() => Date)
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
