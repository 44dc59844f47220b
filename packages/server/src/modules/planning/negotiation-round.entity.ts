import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Direction } from '@throughline/shared';
import { DateOnlyScalar } from '../../graphql/scalars.js';
import { NegotiationItemKind, NegotiationRoundKind, NegotiationSide } from './planning.enums.js';

/** One item of a proposal, as kept in its round (JSON). */
@ObjectType({ description: 'One thing a proposal sets: a KPI target for the period, or an objective.' })
export class NegotiationItem {
  @Field({ description: 'Stable across rounds: the same item in a counter-proposal has the same key.' })
  key!: string;

  @Field(() => NegotiationItemKind)
  kind!: NegotiationItemKind;

  @Field(() => ID, { nullable: true, description: 'The existing KPI (KPI_TARGET) or objective (OBJECTIVE).' })
  subjectId!: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "The existing subject's version when this round was made: a later change is a CONFLICT at agreement.",
  })
  subjectVersion!: number | null;

  @Field({ description: "The KPI's name or the objective's title." })
  name!: string;

  @Field(() => String, { nullable: true, description: 'A new KPI: its unit of measure.' })
  unitOfMeasure!: string | null;

  @Field(() => Direction, { nullable: true })
  direction!: Direction | null;

  @Field(() => Float, { nullable: true })
  target!: number | null;

  @Field(() => Float, { nullable: true })
  amber!: number | null;

  @Field(() => Float, { nullable: true })
  red!: number | null;

  @Field(() => ID, { nullable: true, description: 'A new objective: the objective it sits under.' })
  parentId!: string | null;

  @Field(() => DateOnlyScalar, {
    nullable: true,
    description: 'When it is due (an objective: its period end).',
  })
  dueDate!: string | null;
}

/** One round of a negotiation: who, when, what (the items, for a proposal), why. Never changed. */
@ObjectType({ description: 'One round of a negotiation: who, when, what and why.' })
@Entity()
@Unique(['negotiationId', 'number'])
export class NegotiationRound {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column('uuid')
  negotiationId: string;

  @Field(() => Int)
  @Column('int')
  number: number;

  @Field(() => NegotiationRoundKind)
  @Column('varchar', { length: 12 })
  kind: NegotiationRoundKind;

  @Column('uuid')
  authorId: string;

  @Field(() => NegotiationSide)
  @Column('varchar', { length: 10 })
  side: NegotiationSide;

  @Field(() => [NegotiationItem], { nullable: true, description: 'The full proposal (PROPOSAL, COUNTER).' })
  @Column('jsonb', { nullable: true })
  items: NegotiationItem[] | null;

  @Field({ description: 'Why (a counter-proposal needs a reason), or the comment.' })
  @Column('text', { default: '' })
  reason: string;

  /** JOINED: the person brought in. */
  @Column('uuid', { nullable: true })
  personId: string | null;

  @Field(() => Date)
  @Column('timestamptz')
  at: Date;
}
