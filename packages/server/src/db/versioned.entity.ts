import { Field, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/**
 * Columns every structurally edited object of the graph has: a version for optimistic
 * concurrency (an edit against a stale version is a CONFLICT), an archive stamp (archived
 * objects leave live views but stay in history), and creation/update instants.
 */
@ObjectType() // never emitted: type-graphql 2 emits only types reachable from the schema
export abstract class VersionedEntity {
  @Field(() => Int, { description: 'Send it back with an edit; a stale one fails with CONFLICT.' })
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
