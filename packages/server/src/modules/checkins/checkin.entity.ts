import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  VersionColumn,
} from 'typeorm';
import type { Relation } from 'typeorm';
import { CheckInStatus, SubjectType } from '@throughline/shared';
import type { Person } from '../people/person.entity.js';

/** Where a sentence of a drafted check-in came from. */
export enum CheckInSourceKind {
  MEASUREMENT = 'MEASUREMENT',
  HEALTH = 'HEALTH',
  PARTNER_DATA = 'PARTNER_DATA',
  MILESTONE = 'MILESTONE',
  ACTION = 'ACTION',
  DECISION = 'DECISION',
}
registerEnumType(CheckInSourceKind, {
  name: 'CheckInSourceKind',
  description: 'Where a sentence of a drafted check-in came from.',
});

/** Which part of a check-in a drafted sentence belongs to. */
export enum CheckInField {
  HAPPENED = 'HAPPENED',
  NEXT = 'NEXT',
  BLOCKERS = 'BLOCKERS',
}
registerEnumType(CheckInField, { name: 'CheckInField', description: 'A text part of a check-in.' });

/** One sentence of a drafted check-in and the fact it was written from. */
@ObjectType({ description: 'A sentence of a drafted check-in and where it came from.' })
export class CheckInSource {
  @Field({ description: 'The sentence as the draft wrote it.' })
  sentence: string;

  @Field(() => CheckInField)
  field: CheckInField;

  @Field(() => CheckInSourceKind)
  kind: CheckInSourceKind;

  @Field({ description: 'What it came from, for people (e.g. “Value of 27 Nov 2026 (ERP)”).' })
  label: string;

  @Field(() => ID, { nullable: true, description: 'The measurement, milestone, action or decision.' })
  subjectId: string | null;

  @Field(() => Date, { nullable: true })
  at: Date | null;
}

/**
 * An owner's check-in on a KPI (a key result is a KPI of an OKR plan) or an initiative: how it
 * stands, their confidence and notes. Posted once and kept; the next one supersedes it in the views.
 */
@ObjectType({ description: 'An owner’s check-in on a KPI, key result or initiative.' })
@Entity()
@Index('check_in_subject_posted', ['subjectId', 'postedAt'])
export class CheckIn {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => SubjectType, { description: 'KPI or INITIATIVE.' })
  @Column('varchar', { length: 20 })
  subjectType: SubjectType;

  @Field(() => ID)
  @Column('uuid')
  subjectId: string;

  /** The subject's unit when it was posted (visibility and events). */
  @Index()
  @Column('uuid')
  unitId: string;

  @Index()
  @Column('uuid')
  authorId: string;

  @ManyToOne('Person', { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn()
  author?: Relation<Person>;

  @Field(() => CheckInStatus)
  @Column('varchar', { length: 20 })
  status: CheckInStatus;

  @Field(() => Int, { description: 'The author’s confidence, 1 (none) to 10 (certain).' })
  @Column('int')
  confidence: number;

  @Field({ description: 'What happened since the last check-in.' })
  @Column('text', { default: '' })
  happened: string;

  @Field({ description: 'What is next.' })
  @Column('text', { default: '' })
  next: string;

  @Field({ description: 'What stands in the way.' })
  @Column('text', { default: '' })
  blockers: string;

  @Field(() => [String], { description: 'Links (http or https) to documents or tickets.' })
  @Column('jsonb', { default: [] })
  links: string[];

  @Field(() => [CheckInSource], { description: 'The drafted sentences it started from, with their sources.' })
  @Column('jsonb', { default: [] })
  sources: CheckInSource[];

  @Field(() => Date, { description: 'When it was posted (server clock).' })
  @Column('timestamptz')
  postedAt: Date;

  @Field(() => Int)
  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
