import { HistoryAction, SubjectType } from '@throughline/shared';
import type { EntityManager } from 'typeorm';
import type { Viewer } from '../../auth/policy.js';

const TABLE: Partial<Record<SubjectType, string>> = {
  [SubjectType.UNIT]: 'unit',
  [SubjectType.PERSON]: 'person',
  [SubjectType.PLAN]: 'plan',
  [SubjectType.OBJECTIVE]: 'objective',
  [SubjectType.KPI]: 'kpi',
  [SubjectType.INITIATIVE]: 'initiative',
  [SubjectType.MILESTONE]: 'milestone',
  [SubjectType.MEETING]: 'meeting',
  [SubjectType.DECISION]: 'decision',
  [SubjectType.ACTION]: 'action',
  [SubjectType.REVIEW_RHYTHM]: 'review_rhythm',
  [SubjectType.CHECK_IN]: 'check_in',
  [SubjectType.NEGOTIATION]: 'negotiation',
  [SubjectType.CHANGE_REQUEST]: 'change_request',
};

/** Links kept in a subject's snapshot, so the graph can be read as it stood. */
const LINKS: Partial<Record<SubjectType, { name: string; sql: string }[]>> = {
  [SubjectType.OBJECTIVE]: [
    { name: 'kpiIds', sql: `SELECT kpi_id AS id FROM objective_kpi WHERE objective_id = $1 ORDER BY kpi_id` },
    {
      name: 'causeObjectiveIds',
      sql: `SELECT cause_objective_id AS id FROM objective_cause_link WHERE effect_objective_id = $1 AND archived_at IS NULL ORDER BY cause_objective_id`,
    },
  ],
  [SubjectType.INITIATIVE]: [
    {
      name: 'objectiveIds',
      sql: `SELECT objective_id AS id FROM initiative_objective WHERE initiative_id = $1 ORDER BY objective_id`,
    },
    {
      name: 'kpiIds',
      sql: `SELECT kpi_id AS id FROM initiative_kpi WHERE initiative_id = $1 ORDER BY kpi_id`,
    },
  ],
  [SubjectType.KPI]: [
    {
      name: 'targets',
      sql: `SELECT id, period_start, period_end, target, amber, red FROM kpi_target WHERE kpi_id = $1 ORDER BY period_start`,
    },
  ],
};

/** Never copied into history. */
const SECRET = new Set(['passwordHash']);

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** The subject's current state, camelCased, with its links; null when it does not exist. */
export async function snapshotOf(
  m: EntityManager,
  type: SubjectType,
  id: string,
): Promise<Record<string, unknown> | null> {
  const table = TABLE[type];
  if (!table) throw new Error(`no history table for ${type}`);
  const [row] = await m.query(`SELECT to_jsonb(t) AS j FROM "${table}" t WHERE id = $1`, [id]);
  if (!row) return null;
  const snap: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row.j as Record<string, unknown>))
    if (!SECRET.has(camel(k))) snap[camel(k)] = v;
  for (const link of LINKS[type] ?? []) {
    const rows = await m.query(link.sql, [id]);
    snap[link.name] =
      link.name === 'targets'
        ? rows.map((r: Record<string, unknown>) =>
            Object.fromEntries(Object.entries(r).map(([k, v]) => [camel(k), v])),
          )
        : rows.map((r: { id: string }) => r.id);
  }
  return snap;
}

/** Field-by-field difference between two snapshots (version and timestamps left out). */
export function diffSnapshots(before: Record<string, unknown> | null, after: Record<string, unknown> | null) {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const k of keys) {
    // Bookkeeping columns change with every write; the diff is about what the change meant.
    if (k === 'version' || k === 'createdAt' || k === 'updatedAt') continue;
    const b = before?.[k] ?? null;
    const a = after?.[k] ?? null;
    if (JSON.stringify(b) !== JSON.stringify(a)) changes[k] = { before: b, after: a };
  }
  return changes;
}

/**
 * Writes one history entry for a change, in the caller's transaction: who, when, what
 * changed (before → after), why, and the state after. Call it after the change is applied,
 * with the snapshot taken before it (null for a create).
 */
export async function recordHistory(
  m: EntityManager,
  viewer: Viewer,
  entry: {
    subjectType: SubjectType;
    subjectId: string;
    action: HistoryAction;
    before: Record<string, unknown> | null;
    reason?: string | null;
  },
): Promise<Record<string, unknown>> {
  const after = await snapshotOf(m, entry.subjectType, entry.subjectId);
  if (!after) throw new Error(`${entry.subjectType} ${entry.subjectId} vanished inside its own transaction`);
  const changes = diffSnapshots(entry.before, after);
  await m.query(
    `INSERT INTO history_entry (subject_type, subject_id, action, actor_id, actor_token_id, at, changes, snapshot, reason)
     VALUES ($1, $2, $3, $4, $5, clock_timestamp(), $6, $7, $8)`,
    [
      entry.subjectType,
      entry.subjectId,
      entry.action,
      viewer.personId,
      viewer.tokenId,
      JSON.stringify(changes),
      JSON.stringify(after),
      entry.reason ?? null,
    ],
  );
  return after;
}

/** The subject's snapshot as it stood at `asOf` (null when it did not exist yet). */
export async function snapshotAsOf(
  m: EntityManager | { query: EntityManager['query'] },
  subjectId: string,
  asOf: Date,
): Promise<Record<string, unknown> | null> {
  const [row] = await m.query(
    `SELECT snapshot FROM history_entry WHERE subject_id = $1 AND at <= $2 ORDER BY at DESC, id DESC LIMIT 1`,
    [subjectId, asOf],
  );
  return row?.snapshot ?? null;
}
