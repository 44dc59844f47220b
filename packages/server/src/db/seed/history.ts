/**
 * History entries as the write path records them (`recordChange`), for subjects the seed wrote
 * directly: a CREATE with the subject's snapshot, or an UPDATE with the diff from before.
 */
import { HistoryAction, type SubjectType } from '@throughline/shared';
import type { EntityManager } from 'typeorm';
import { diffSnapshots, snapshotOf } from '../../modules/history/history.service.js';
import type { Row } from '../builders/rows.js';

export interface Change {
  /** The subject's snapshot before the change (`snapshotOf`). */
  before: Record<string, unknown> | null;
  reason?: string;
}

/** The history row of a subject as it stands now in the transaction: CREATE, or UPDATE when `change` is given. */
export async function historyRow(
  m: EntityManager,
  type: SubjectType,
  id: string,
  actorId: string,
  at: Date,
  change?: Change,
): Promise<Row> {
  const snapshot = await snapshotOf(m, type, id);
  return {
    subject_type: type,
    subject_id: id,
    action: change ? HistoryAction.UPDATE : HistoryAction.CREATE,
    actor_id: actorId,
    at,
    changes: JSON.stringify(change ? diffSnapshots(change.before, snapshot) : {}),
    snapshot: JSON.stringify(snapshot),
    reason: change?.reason ?? null,
  };
}
