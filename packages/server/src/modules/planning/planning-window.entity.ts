import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { DateOnlyScalar } from '../../graphql/scalars.js';

/** A plan (or one unit's part of it) opened for planning a period: proposals may be made in it. */
@ObjectType({ description: "A plan, or one unit's part of it, open for planning a period (catchball)." })
@Entity()
export class PlanningWindow {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @VersionColumn()
  version: number;

  @Index()
  @Column('uuid')
  planId: string;

  /** The unit whose part is open (with the units below it); null: the whole plan (its unit's subtree). */
  @Column('uuid', { nullable: true })
  unitId: string | null;

  /** The unit the window covers, for visibility: `unitId` or the plan's unit. */
  @Index()
  @Column('uuid')
  scopeUnitId: string;

  @Field(() => DateOnlyScalar)
  @Column('date')
  periodStart: string;

  @Field(() => DateOnlyScalar)
  @Column('date')
  periodEnd: string;

  @Column('uuid')
  openedById: string;

  @Field(() => Date)
  @Column('timestamptz')
  openedAt: Date;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { nullable: true })
  closedAt: Date | null;

  @Column('uuid', { nullable: true })
  closedById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
