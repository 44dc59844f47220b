import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { VersionedEntity } from '../../db/versioned.entity.js';
import type { Objective } from '../objectives/objective.entity.js';
import type { Person } from '../people/person.entity.js';
import type { Plan } from '../plans/plan.entity.js';

/**
 * A cause-and-effect arrow of a strategy map: progress on the cause objective drives the effect
 * objective (learning & growth → internal process → customer → financial). Part of the graph:
 * versioned, archived rather than deleted, with history on the effect objective.
 */
@ObjectType({
  description:
    'A cause-and-effect link between two objectives of one plan: progress on the cause drives the effect. Visible when both objectives are.',
})
@Entity()
@Index('UQ_objective_cause_link_active', ['causeObjectiveId', 'effectObjectiveId'], {
  unique: true,
  where: '"archived_at" IS NULL',
})
export class ObjectiveCauseLink extends VersionedEntity {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column('uuid')
  planId: string;

  @ManyToOne('Plan', { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn()
  plan?: Relation<Plan>;

  @Index()
  @Column('uuid')
  causeObjectiveId: string;

  @ManyToOne('Objective', { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn()
  causeObjective?: Relation<Objective>;

  @Index()
  @Column('uuid')
  effectObjectiveId: string;

  @ManyToOne('Objective', { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn()
  effectObjective?: Relation<Objective>;

  @Field({ description: 'Why the cause drives the effect (may be empty).' })
  @Column('text', { default: '' })
  note: string;

  @Column('uuid', { nullable: true })
  createdById: string | null;

  @ManyToOne('Person', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn()
  createdBy?: Relation<Person>;
}
