import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Outbox of graph events. Written in the same transaction as the change; the sequence
 * id travels through NOTIFY (ids only, far below the 8,000-byte limit) and lets a
 * listener that reconnects catch up on what it missed.
 */
@Entity()
export class GraphEvent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  seq: string;

  /** e.g. `kpiChanged`, `alertRaised`, `decisionRecorded`, `actionChanged`, `objectiveChanged`. */
  @Column('varchar', { length: 40 })
  topic: string;

  @Column('uuid')
  subjectId: string;

  /** Unit of the subject; subscriptions filter by unit subtree and by the policy. */
  @Column('uuid', { nullable: true })
  unitId: string | null;

  @Column('jsonb', { default: {} })
  payload: Record<string, unknown>;

  @Column('timestamptz', { default: () => 'now()' })
  at: Date;
}
