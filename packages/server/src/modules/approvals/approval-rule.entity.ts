import { ApprovalRuleKind, ChangeRequestStatus } from '@throughline/shared';
import { Field, Float, ID, ObjectType, registerEnumType } from 'type-graphql';
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
import type { Plan } from '../plans/plan.entity.js';

registerEnumType(ApprovalRuleKind, {
  name: 'ApprovalRuleKind',
  description: 'Which changes of a plan need an approver’s yes before they apply.',
});
registerEnumType(ChangeRequestStatus, {
  name: 'ChangeRequestStatus',
  description: 'Where a change request stands.',
});

/** One kind of change of a plan that needs approval (set by executives with `setApprovalRules`). */
@ObjectType({ description: 'A kind of change of a plan that needs an approver’s yes before it applies.' })
@Entity()
@Index(['planId', 'kind'], { unique: true })
export class ApprovalRule {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  planId: string;

  @ManyToOne('Plan', { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn()
  plan?: Relation<Plan>;

  @Field(() => ApprovalRuleKind)
  @Column('varchar', { length: 30 })
  kind: ApprovalRuleKind;

  @Field(() => Float, {
    nullable: true,
    description: 'INITIATIVE_START only: starting needs approval when the budget is above this amount.',
  })
  @Column('double precision', { nullable: true })
  budgetAbove: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
