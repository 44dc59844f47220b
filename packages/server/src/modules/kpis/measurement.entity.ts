import { Field, Float, ID, ObjectType } from 'type-graphql';
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
import type { Person } from '../people/person.entity.js';
import type { Kpi } from './kpi.entity.js';

/**
 * A KPI's value at an instant. A correction inserts a new row and marks the old one
 * superseded, so history keeps every value ever recorded.
 */
@ObjectType({ description: "A KPI's value for a period, with who or what recorded it." })
@Entity()
@Index('measurement_kpi_at_current', ['kpiId', 'at'], { where: 'superseded_at IS NULL' })
export class Measurement {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  kpiId: string;

  @ManyToOne('Kpi', { onDelete: 'CASCADE' })
  @JoinColumn()
  kpi?: Relation<Kpi>;

  @Field(() => Float)
  @Column('double precision')
  value: number;

  @Field(() => Date)
  @Column('timestamptz')
  at: Date;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  note: string | null;

  @Column('uuid', { nullable: true })
  recordedById: string | null;

  @ManyToOne('Person', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn()
  recordedBy?: Relation<Person>;

  /** Partner API token that pushed it, when it came from a source system. */
  @Column('uuid', { nullable: true })
  sourceTokenId: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Name of the source system for partner-fed values (e.g. "ERP").',
  })
  @Column('text', { nullable: true })
  source: string | null;

  @Field(() => Date, { nullable: true, description: 'Set when a correction replaced this value.' })
  @Column('timestamptz', { nullable: true })
  supersededAt: Date | null;

  @Field(() => ID, { nullable: true, description: 'The measurement this one corrects.' })
  @Column('uuid', { nullable: true })
  correctsId: string | null;

  @Field(() => Date)
  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;
}
