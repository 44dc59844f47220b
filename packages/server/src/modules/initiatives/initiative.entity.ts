import { Field, Float, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { VersionedEntity } from '../../db/versioned.entity.js';
import { InitiativeStatus } from '@throughline/shared';
import { DateOnlyScalar } from '../../graphql/scalars.js';
import type { Person } from '../people/person.entity.js';
import type { Plan } from '../plans/plan.entity.js';
import type { Unit } from '../units/unit.entity.js';

/** The work meant to move KPIs. One that supports no objective is flagged as an orphan. */
@ObjectType({ description: 'Work meant to move KPIs toward objectives.' })
@Entity()
export class Initiative extends VersionedEntity {
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

  @Field(() => InitiativeStatus)
  @Column('varchar', { length: 20, default: InitiativeStatus.PROPOSED })
  status: InitiativeStatus;

  @Field(() => DateOnlyScalar, { nullable: true })
  @Column('date', { nullable: true })
  startDate: string | null;

  @Field(() => DateOnlyScalar, { nullable: true })
  @Column('date', { nullable: true })
  endDate: string | null;

  @Field(() => Float, { nullable: true, description: 'Budget in the organisation currency.' })
  @Column('double precision', { nullable: true })
  budget: number | null;

  @Field(() => Float, { description: 'People committed to this initiative (full-time equivalents).' })
  @Column('double precision', { default: 0 })
  capacity: number;
}
