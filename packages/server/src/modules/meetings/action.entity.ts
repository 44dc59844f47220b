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
import { ActionStatus } from '@throughline/shared';
import type { Person } from '../people/person.entity.js';
import type { Decision } from './decision.entity.js';
import type { Meeting } from './meeting.entity.js';

/** A task agreed in a meeting, with an owner and a due date; open ones carry over to the next review of the scope. */
@ObjectType({
  description:
    'A task agreed in a review, with an owner and a due date. Open actions carry over to the next review of the scope.',
})
@Entity()
@Index(['unitId', 'status', 'dueDate'])
export class Action {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column('uuid')
  meetingId: string;

  @ManyToOne('Meeting', { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn()
  meeting?: Relation<Meeting>;

  /** The meeting's unit, copied so follow-through and visibility need no join. */
  @Column('uuid')
  unitId: string;

  @Index()
  @Column('uuid', { nullable: true })
  decisionId: string | null;

  @ManyToOne('Decision', { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn()
  decision?: Relation<Decision>;

  @Field()
  @Column('text')
  text: string;

  @Index()
  @Column('uuid')
  ownerId: string;

  @ManyToOne('Person', { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn()
  owner?: Relation<Person>;

  @Field(() => Date)
  @Column('timestamptz')
  dueDate: Date;

  @Field(() => ActionStatus)
  @Column('varchar', { length: 20, default: ActionStatus.OPEN })
  status: ActionStatus;

  @Field(() => Date, {
    nullable: true,
    description: 'When it was marked DONE (follow-through compares it with the due date).',
  })
  @Column('timestamptz', { nullable: true })
  completedAt: Date | null;

  @Field(() => Int)
  @VersionColumn()
  version: number;

  @Field(() => Date)
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
