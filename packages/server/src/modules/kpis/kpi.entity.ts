import { Field, Float, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { VersionedEntity } from '../../db/versioned.entity.js';
import { Direction, Frequency, KpiKind } from '@throughline/shared';
import type { Person } from '../people/person.entity.js';
import type { Unit } from '../units/unit.entity.js';

/** Measures progress toward objectives. Targets and thresholds are set per period (KpiTarget). */
@ObjectType({
  description:
    'A key performance indicator. Key results of an OKR are KPIs with a start and a target inside one quarter.',
})
@Entity()
export class Kpi extends VersionedEntity {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column('text')
  name: string;

  @Field()
  @Column('text', { default: '' })
  description: string;

  @Field()
  @Column('text')
  unitOfMeasure: string;

  @Field(() => Direction)
  @Column('varchar', { length: 20 })
  direction: Direction;

  @Field(() => KpiKind)
  @Column('varchar', { length: 10, default: KpiKind.LAGGING })
  kind: KpiKind;

  @Field(() => Frequency)
  @Column('varchar', { length: 10, default: Frequency.MONTHLY })
  frequency: Frequency;

  @Field(() => Float, {
    nullable: true,
    description: 'Value when the KPI was adopted; the start of a key result.',
  })
  @Column('double precision', { nullable: true })
  baseline: number | null;

  @Field({ description: 'Shown on the executive dashboard (hygiene: at most seven there).' })
  @Column('boolean', { default: false })
  onExecutiveDashboard: boolean;

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
}
