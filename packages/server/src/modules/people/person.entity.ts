import { Field, ID, Int, ObjectType } from 'type-graphql';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import type { Relation } from 'typeorm';
import { Role } from '@throughline/shared';
import type { Unit } from '../units/unit.entity.js';

/** A named individual. Ownership is always a person, never a department. */
@ObjectType({
  description: 'A named individual; every objective, KPI, initiative, decision and action has one as owner.',
})
@Entity()
export class Person {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column('text')
  name: string;

  @Field()
  @Index({ unique: true })
  @Column('text')
  email: string;

  @Field({ description: 'Job title, e.g. "Head of Operations".' })
  @Column('text', { default: '' })
  title: string;

  @Field(() => Role)
  @Column('varchar', { length: 20, default: Role.MEMBER })
  role: Role;

  /** The person's home unit: membership decides what a RESTRICTED unit shows them. */
  @Index()
  @Column('uuid')
  unitId: string;

  @ManyToOne('Unit', { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn()
  unit?: Relation<Unit>;

  /** scrypt hash (`scrypt$N$salt$hash`); null for people who cannot log in. */
  @Column('text', { nullable: true, select: false })
  passwordHash: string | null;

  @Field(() => Int)
  @VersionColumn()
  version: number;

  @Field(() => Date, {
    nullable: true,
    description: 'Set when the person left; their objects count as unowned.',
  })
  @Column('timestamptz', { nullable: true })
  archivedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
