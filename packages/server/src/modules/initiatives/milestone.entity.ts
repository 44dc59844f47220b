import { Field, ID, Int, ObjectType } from 'type-graphql';
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
import { DateOnlyScalar } from '../../graphql/scalars.js';
import type { Initiative } from './initiative.entity.js';

/** A dated deliverable of an initiative; overdue ones drive delivery health and drift alerts. */
@ObjectType({ description: 'A dated deliverable of an initiative.' })
@Entity()
export class Milestone {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column('uuid')
  initiativeId: string;

  @ManyToOne('Initiative', { onDelete: 'CASCADE' })
  @JoinColumn()
  initiative?: Relation<Initiative>;

  @Field()
  @Column('text')
  title: string;

  @Field(() => DateOnlyScalar)
  @Column('date')
  dueDate: string;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { nullable: true })
  completedAt: Date | null;

  @Field(() => Int)
  @VersionColumn()
  version: number;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { nullable: true })
  archivedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
