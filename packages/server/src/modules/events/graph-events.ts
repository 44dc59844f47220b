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
 * Whether graph events are written at all. Always true, except in a server started with
 * THROUGHLINE_BENCHMARK_ONLY_UNSAFE_NO_GRAPH_EVENTS (config.ts), which the write benchmark uses as
 * its baseline: subscriptions, webhooks and notifications then never hear of a change.
 */
let publishing = true;

/** Turns the outbox off (`false`) for the write benchmark's baseline; the server logs it loudly. */
export function setGraphEventPublishing(on: boolean): void {
  publishing = on;
}

/** False only in a benchmark baseline server (see `setGraphEventPublishing`). */
export function graphEventPublishing(): boolean {
  return publishing;
}

/**
 * Records a graph event in the caller's transaction and notifies listeners at commit
 * (NOTIFY is transactional). The notification carries only the sequence number; listeners
 * read the row, and after a reconnect catch up by sequence.
 */
export function publishGraphEvent(m: EntityManager, event: GraphEventInput): Promise<void> {
  return publishGraphEvents(m, [event]);
}

/**
 * Records several graph events in one INSERT, in order, and sends one notification (the highest
 * seq): listeners read every row after the last one they saw, so one NOTIFY covers the batch.
 */
export async function publishGraphEvents(m: EntityManager, events: GraphEventInput[]): Promise<void> {
  if (!publishing || events.length === 0) return;
  if (events.length === 1) {
    const [e] = events;
    await m.query(
      `WITH e AS (INSERT INTO graph_event (topic, subject_id, unit_id, payload) VALUES ($1, $2, $3, $4) RETURNING seq)
       SELECT pg_notify($5, seq::text) FROM e`,
      [e.topic, e.subjectId, e.unitId, JSON.stringify(e.payload ?? {}), GRAPH_EVENTS_CHANNEL],
    );
    return;
  }
  await m.query(
    `WITH e AS (
       INSERT INTO graph_event (topic, subject_id, unit_id, payload)
       SELECT t, s, u, p::jsonb FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::text[]) WITH ORDINALITY AS x(t, s, u, p, n)
       ORDER BY n RETURNING seq)
     SELECT pg_notify($5, max(seq)::text) FROM e`,
    [
      events.map((e) => e.topic),
      events.map((e) => e.subjectId),
      events.map((e) => e.unitId),
      events.map((e) => JSON.stringify(e.payload ?? {})),
      GRAPH_EVENTS_CHANNEL,
    ],
  );
}
