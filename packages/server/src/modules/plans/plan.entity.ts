import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { VersionedEntity } from '../../db/versioned.entity.js';
import { Framework } from '@throughline/shared';
import { DateOnlyScalar } from '../../graphql/scalars.js';
import type { Unit } from '../units/unit.entity.js';

/** A strategy for a period, following a framework; its narrative is a co-edited document. */
@ObjectType({
  description: 'A strategy for a period (e.g. "Strategy 2027"), shown in the terms of its framework.',
})
@Entity()
export class Plan extends VersionedEntity {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column('text')
  name: string;

  @Field(() => Framework)
  @Column('varchar', { length: 30 })
  framework: Framework;

  @Field(() => DateOnlyScalar)
  @Column('date')
  periodStart: string;

  @Field(() => DateOnlyScalar)
  @Column('date')
  periodEnd: string;

  @Column('uuid')
  unitId: string;

  @ManyToOne('Unit', { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn()
  unit?: Relation<Unit>;

  /** Plain-text copy of the co-edited narrative, kept by the collaboration server for reading and search. */
  @Field({ description: 'Plain text of the co-edited narrative.' })
  @Column('text', { default: '' })
  narrativeText: string;

  /** Days an alert on this plan's work may stay unacknowledged before it escalates one level up (alerts module). */
  @Field(() => Int, {
    description:
      'Days an alert on this plan’s objectives, KPIs or initiatives may stay open and unacknowledged before it escalates to the next head up the unit tree.',
  })
  @Column('int', { default: 3 })
  alertEscalationDays: number;

  /** Days between check-ins on this plan's active initiatives (check-ins module). */
  @Field(() => Int, { description: 'Days (1–90) between check-ins on this plan’s active initiatives.' })
  @Column('int', { default: 7 })
  checkInEveryDays: number;
}
