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
import { SubjectType } from '@throughline/shared';
import { DateOnlyScalar } from '../../graphql/scalars.js';
import type { Person } from '../people/person.entity.js';
import type { Meeting } from './meeting.entity.js';

/** What a meeting decided, with a named owner, optionally about an objective, KPI or initiative. */
@ObjectType({
  description: 'What a review decided, with a named owner and an optional subject in the graph.',
})
@Entity()
export class Decision {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column('uuid')
  meetingId: string;

  @ManyToOne('Meeting', { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn()
  meeting?: Relation<Meeting>;

  /** The meeting's unit, copied so registers and visibility need no join. */
  @Index()
  @Column('uuid')
  unitId: string;

  @Field()
  @Column('text')
  text: string;

  @Field({ description: 'Why it was decided.' })
  @Column('text', { default: '' })
  rationale: string;

  @Index()
  @Column('uuid')
  ownerId: string;

  @ManyToOne('Person', { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn()
  owner?: Relation<Person>;

  @Field(() => ID, { nullable: true, description: 'The objective, KPI or initiative it is about.' })
  @Index()
  @Column('uuid', { nullable: true })
  subjectId: string | null;

  @Field(() => SubjectType, { nullable: true })
  @Column('varchar', { length: 20, nullable: true })
  subjectType: SubjectType | null;

  @Field(() => DateOnlyScalar, {
    nullable: true,
    description: 'When to look at it again: it appears on the first agenda of its scope from then on.',
  })
  @Column('date', { nullable: true })
  revisitOn: string | null;

  /** The decision this one replaces (it stays, SUPERSEDED). */
  @Index()
  @Column('uuid', { nullable: true })
  supersedesId: string | null;

  /** The later decision that replaced this one; set once, never cleared (one successor). */
  @Index({ unique: true })
  @Column('uuid', { nullable: true })
  supersededById: string | null;

  @Field(() => Date, { nullable: true, description: 'When a later decision replaced this one.' })
  @Column('timestamptz', { nullable: true })
  supersededAt: Date | null;

  @Field(() => Int)
  @VersionColumn()
  version: number;

  @Field(() => Date)
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
