import type { EntityManager } from 'typeorm';

/** The NOTIFY channel that carries outbox sequence numbers between server instances. */
export const GRAPH_EVENTS_CHANNEL = 'throughline_graph_events';

/** One event about a subject of the graph. Payloads hold ids and small facts, never documents. */
export interface GraphEventInput {
  topic: string;
  subjectId: string;
  unitId: string | null;
  payload?: Record<string, unknown>;
}

/**
 * Records a graph event in the caller's transaction and notifies listeners at commit
 * (NOTIFY is transactional). The notification carries only the sequence number; listeners
 * read the row, and after a reconnect catch up by sequence.
 */
export async function publishGraphEvent(m: EntityManager, event: GraphEventInput): Promise<void> {
  const [row] = await m.query(
    `INSERT INTO graph_event (topic, subject_id, unit_id, payload) VALUES ($1, $2, $3, $4) RETURNING seq`,
    [event.topic, event.subjectId, event.unitId, JSON.stringify(event.payload ?? {})],
  );
  await m.query(`SELECT pg_notify($1, $2)`, [GRAPH_EVENTS_CHANNEL, String(row.seq)]);
}
