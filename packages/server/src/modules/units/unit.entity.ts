import { Field, Float, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { VersionedEntity } from '../../db/versioned.entity.js';
import { UnitKind, UnitVisibility } from '@throughline/shared';

/** The share of a unit's available capacity kept free unless its head or an executive sets another (issue 12). */
export const DEFAULT_STRATEGIC_RESERVE = 0.1;
/** The largest strategic reserve a unit may keep: half its capacity. */
export const MAX_STRATEGIC_RESERVE = 0.5;

/** A node of the organisation tree (company → departments → teams); visibility is scoped by units. */
@ObjectType({ description: 'A node of the organisation tree: company, department or team.' })
@Entity()
export class Unit extends VersionedEntity {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column('text')
  name: string;

  @Field(() => UnitKind)
  @Column('varchar', { length: 20 })
  kind: UnitKind;

  @Field(() => UnitVisibility, {
    description: 'RESTRICTED units are visible only to executives and their own members.',
  })
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

  // The relation declares the foreign key; the head is read through loaders by `headId`. Typed by
  // its id only, so this entity and Person's do not import each other.
  @ManyToOne('Person', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn()
  head?: Relation<{ id: string }>;

  @Field(() => Float, { description: 'People available for initiative work (capacity planning).' })
  @Column('double precision', { default: 0 })
  availableCapacity: number;

  @Field(() => Float, {
    description:
      'Strategic reserve: the share of available capacity (0–0.5) kept free for what comes up; 0.1 (10%) unless the unit’s head or an executive sets it. Committed work beyond available × (1 − reserve) raises a CAPACITY_RESERVE_USED alert.',
  })
  @Column('double precision', { default: DEFAULT_STRATEGIC_RESERVE })
  strategicReserve: number;
}
