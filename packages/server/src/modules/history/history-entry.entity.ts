import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { HistoryAction, SubjectType } from '@throughline/shared';

/**
 * One change to the graph: who, when, what (before → after per field), why, and the
 * subject's full state after the change, so any subject can be read as of a past instant.
 */
@Entity()
@Index(['subjectId', 'at'])
export class HistoryEntry {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('varchar', { length: 20 })
  subjectType: SubjectType;

  @Column('uuid')
  subjectId: string;

  @Column('varchar', { length: 20 })
  action: HistoryAction;

  @Column('uuid', { nullable: true })
  actorId: string | null;

  @Column('uuid', { nullable: true })
  actorTokenId: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  at: Date;

  /** `{ field: { before, after } }` for the fields this change touched. */
  @Column('jsonb', { default: {} })
  changes: Record<string, { before: unknown; after: unknown }>;

  /** The subject's state after the change (links included), for `asOf` reads. */
  @Column('jsonb')
  snapshot: Record<string, unknown>;

  @Column('text', { nullable: true })
  reason: string | null;
}
