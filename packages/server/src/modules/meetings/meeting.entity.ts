import { Field, ID, Int, ObjectType } from 'type-graphql';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import type { Relation } from 'typeorm';
import { MeetingKind, MeetingStatus } from '@throughline/shared';
import type { Person } from '../people/person.entity.js';
import type { Unit } from '../units/unit.entity.js';

/**
 * A review of a unit's scope (the unit and everything below it). Its scope is the unit plus
 * the kind: the "previous meeting of the same scope" is the latest closed one with both equal.
 */
@ObjectType({
  description:
    "A review of a unit's scope: a monthly operational, quarterly strategic or annual refresh meeting.",
})
@Entity()
@Index(['unitId', 'kind', 'scheduledAt'])
@Index(['rhythmId', 'scheduledAt'], { unique: true, where: 'rhythm_id IS NOT NULL' })
export class Meeting {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => MeetingKind)
  @Column('varchar', { length: 30 })
  kind: MeetingKind;

  @Field()
  @Column('text')
  title: string;

  @Index()
  @Column('uuid')
  unitId: string;

  @ManyToOne('Unit', { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn()
  unit?: Relation<Unit>;

  @Index()
  @Column('uuid')
  chairId: string;

  @ManyToOne('Person', { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn()
  chair?: Relation<Person>;

  @Field(() => MeetingStatus)
  @Column('varchar', { length: 20, default: MeetingStatus.SCHEDULED })
  status: MeetingStatus;

  @Field(() => Date)
  @Column('timestamptz')
  scheduledAt: Date;

  @Field(() => Date, { nullable: true, description: 'When it was opened (and its snapshot taken).' })
  @Column('timestamptz', { nullable: true })
  openedAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { nullable: true })
  closedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was cancelled (status CANCELLED).' })
  @Column('timestamptz', { nullable: true })
  cancelledAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it was cancelled, as participants were told.' })
  @Column('text', { nullable: true })
  cancelReason: string | null;

  @Field(() => Int, {
    description:
      "The calendar invitation's SEQUENCE: 0 when scheduled, one more for every change participants are told about.",
  })
  @Column('int', { default: 0 })
  invitationSequence: number;

  /** The rhythm that scheduled it (null when scheduled by hand); at most one meeting per rhythm and time. */
  @Column('uuid', { nullable: true })
  rhythmId: string | null;

  @Field({ description: 'Plain text of the co-edited agenda (written by the collaboration server).' })
  @Column('text', { default: '' })
  agendaText: string;

  @Field({ description: 'Plain text of the co-edited minutes; fixed when the meeting closes.' })
  @Column('text', { default: '' })
  minutesText: string;

  @Field(() => Int)
  @VersionColumn()
  version: number;

  @Field(() => Date)
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** Who takes part in a meeting besides its chair: they may record decisions and actions in it. */
@Entity()
export class MeetingParticipant {
  @PrimaryColumn('uuid')
  meetingId: string;

  @ManyToOne('Meeting', { onDelete: 'CASCADE' })
  @JoinColumn()
  meeting?: Relation<Meeting>;

  @Index()
  @PrimaryColumn('uuid')
  personId: string;

  @ManyToOne('Person', { onDelete: 'RESTRICT' })
  @JoinColumn()
  person?: Relation<Person>;
}

/** One subject of a snapshot as it stood when the meeting opened. */
export interface SnapshotRow {
  id: string;
  name: string;
  unitId: string;
  ownerId: string;
  health: string;
  /** KPIs only. */
  value?: number | null;
  target?: number | null;
  stale?: boolean;
  /** Initiatives only. */
  status?: string;
}

/**
 * The live data of a meeting's scope as it stood when the meeting opened. Kept apart from
 * the meeting row so the meeting's history entries stay small.
 */
@Entity()
export class MeetingSnapshot {
  @PrimaryColumn('uuid')
  meetingId: string;

  @ManyToOne('Meeting', { onDelete: 'CASCADE' })
  @JoinColumn()
  meeting?: Relation<Meeting>;

  @Column('timestamptz')
  takenAt: Date;

  @Column('jsonb', { default: [] })
  kpis: SnapshotRow[];

  @Column('jsonb', { default: [] })
  objectives: SnapshotRow[];

  @Column('jsonb', { default: [] })
  initiatives: SnapshotRow[];
}
