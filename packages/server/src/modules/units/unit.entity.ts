import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { UnitKind, UnitVisibility } from '@throughline/shared';
import type { Person } from '../people/person.entity';

/** A node of the organisation tree (company → departments → teams); visibility is scoped by units. */
@ObjectType({ description: 'A node of the organisation tree: company, department or team.' })
@Entity()
export class Unit {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column('text')
  name: string;

  @Field(() => UnitKind)
  @Column('varchar', { length: 20 })
  kind: UnitKind;

  @Field(() => UnitVisibility, { description: 'RESTRICTED units are visible only to executives and their own members.' })
  @Column('varchar', { length: 20, default: UnitVisibility.ORGANIZATION })
  visibility: UnitVisibility;

  @Field(() => ID, { nullable: true })
  @Index()
  @Column('uuid', { nullable: true })
  parentId: string | null;

  @ManyToOne('Unit', { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn()
  parent?: Relation<Unit>;

  @Column('uuid', { nullable: true })
  headId: string | null;

  @ManyToOne('Person', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn()
  head?: Relation<Person>;

  @Field(() => Float, { description: 'People available for initiative work (capacity planning).' })
  @Column('double precision', { default: 0 })
  availableCapacity: number;

  @Field(() => Int)
  @VersionColumn()
  version: number;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { nullable: true })
  archivedAt: Date | null;

  @Field(() => Date)
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Date)
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
