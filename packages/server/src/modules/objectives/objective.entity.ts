import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { VersionedEntity } from '../../db/versioned.entity.js';
import { Perspective } from '@throughline/shared';
import { DateOnlyScalar } from '../../graphql/scalars.js';
import type { Person } from '../people/person.entity.js';
import type { Plan } from '../plans/plan.entity.js';
import type { Unit } from '../units/unit.entity.js';

/** What the organisation wants to achieve; cascades company → department → team through `parent`. */
@ObjectType({
  description: 'What the organisation wants to achieve. Cascades from company to department to team.',
})
@Entity()
export class Objective extends VersionedEntity {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column('text')
  title: string;

  @Field({ description: 'Plain text of the co-edited description.' })
  @Column('text', { default: '' })
  description: string;

  @Index()
  @Column('uuid')
  planId: string;

  @ManyToOne('Plan', { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn()
  plan?: Relation<Plan>;

  @Index()
  @Column('uuid')
  ownerId: string;

  @ManyToOne('Person', { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn()
  owner?: Relation<Person>;

  @Index()
  @Column('uuid')
  unitId: string;

  @ManyToOne('Unit', { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn()
  unit?: Relation<Unit>;

  @Index()
  @Column('uuid', { nullable: true })
  parentId: string | null;

  @ManyToOne('Objective', { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn()
  parent?: Relation<Objective>;

  @Field(() => Perspective, { nullable: true, description: 'Balanced Scorecard perspective.' })
  @Column('varchar', { length: 30, nullable: true })
  perspective: Perspective | null;

  @Field(() => DateOnlyScalar, {
    nullable: true,
    description: 'Start of the period the objective is set for (e.g. a quarter).',
  })
  @Column('date', { nullable: true })
  periodStart: string | null;

  @Field(() => DateOnlyScalar, { nullable: true })
  @Column('date', { nullable: true })
  periodEnd: string | null;

  @Field(() => Int, { description: 'Order among siblings.' })
  @Column('int', { default: 0 })
  position: number;
}
