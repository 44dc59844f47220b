import { ApprovalRuleKind, ChangeRequestStatus, SubjectType } from '@throughline/shared';
import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { VersionedEntity } from '../../db/versioned.entity.js';
import type { Person } from '../people/person.entity.js';
import type { Plan } from '../plans/plan.entity.js';

/**
 * A change that waits for an approver's yes (a plan's approval rule): the stored change, the
 * subject's version it was asked against, who asked and why, and how it was decided.
 */
@ObjectType({
  description:
    'A change that needs an approver’s yes before it applies (a KPI target on the executive dashboard, archiving an objective, starting a costly initiative).',
})
@Entity()
@Index(['status', 'requestedAt'])
export class ChangeRequest extends VersionedEntity {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ApprovalRuleKind)
  @Column('varchar', { length: 30 })
  kind: ApprovalRuleKind;

  @Field(() => ChangeRequestStatus)
  @Column('varchar', { length: 20, default: ChangeRequestStatus.PENDING })
  status: ChangeRequestStatus;

  @Index()
  @Column('uuid')
  planId: string;

  @ManyToOne('Plan', { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn()
  plan?: Relation<Plan>;

  @Field(() => SubjectType)
  @Column('varchar', { length: 20 })
  subjectType: SubjectType;

  @Field(() => ID)
  @Index()
  @Column('uuid')
  subjectId: string;

  @Field({ description: 'The subject’s name when the request was made.' })
  @Column('text')
  subjectName: string;

  /** The subject's version the change was asked against (a later change makes it OUTDATED). */
  @Field({ description: 'The subject’s version the change was asked against.' })
  @Column('int')
  subjectVersion: number;

  /** The subject's unit: visibility follows it (restricted units stay restricted). */
  @Index()
  @Column('uuid')
  unitId: string;

  /** The change itself, as the guarded mutation's input (replayed on approval). */
  @Column('jsonb')
  payload: Record<string, unknown>;

  @Field({ description: 'The change in words, e.g. “Target 95 → 92 % for 1 Jan – 31 Mar 2027”.' })
  @Column('text')
  summary: string;

  @Field({ description: 'Why the requester asks for it.' })
  @Column('text')
  reason: string;

  @Index()
  @Column('uuid')
  requesterId: string;

  @ManyToOne('Person', { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn()
  requester?: Relation<Person>;

  /** Named approvers besides the executives (owners of the objectives above the subject). */
  @Column('uuid', { array: true, default: () => "'{}'" })
  approverIds: string[];

  @Field(() => Date)
  @Column('timestamptz')
  requestedAt: Date;

  @Column('uuid', { nullable: true })
  decidedById: string | null;

  @ManyToOne('Person', { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn()
  decidedBy?: Relation<Person>;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { nullable: true })
  decidedAt: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'The approver’s comment, or why nothing applied (OUTDATED).',
  })
  @Column('text', { nullable: true })
  decisionComment: string | null;
}
