import { Field, Float, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { DateOnlyScalar } from '../../graphql/scalars.js';
import type { Kpi } from './kpi.entity.js';

/** A KPI's target for one period, with its amber and red thresholds (absolute values on the KPI's scale). */
@ObjectType({
  description: "A KPI's target for a period with amber and red thresholds on the KPI's own scale.",
})
@Entity()
@Index(['kpiId', 'periodStart'], { unique: true })
export class KpiTarget {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  kpiId: string;

  @ManyToOne('Kpi', { onDelete: 'CASCADE' })
  @JoinColumn()
  kpi?: Relation<Kpi>;

  @Field(() => DateOnlyScalar)
  @Column('date')
  periodStart: string;

  @Field(() => DateOnlyScalar)
  @Column('date')
  periodEnd: string;

  @Field(() => Float)
  @Column('double precision')
  target: number;

  @Field(() => Float, { nullable: true, description: 'Worse than this (by direction) is AT_RISK.' })
  @Column('double precision', { nullable: true })
  amber: number | null;

  @Field(() => Float, { nullable: true, description: 'Worse than this (by direction) is OFF_TRACK.' })
  @Column('double precision', { nullable: true })
  red: number | null;
}
