import DataLoader from 'dataloader';
import { SubjectType } from '@throughline/shared';
import type { DataSource } from 'typeorm';
import { isUuid } from '../../graphql/ids.js';

const AS_OF = Symbol('asOf');

/** Marks an object rebuilt from history as "as it stood at `at`"; nested fields then read history too. */
export function markAsOf<T extends object>(obj: T, at: Date): T {
  Object.defineProperty(obj, AS_OF, { value: at, enumerable: false });
  return obj;
}

/** The instant an object was rebuilt at, or undefined for live objects. */
export function asOfOf(obj: object): Date | undefined {
  return (obj as Record<symbol, Date | undefined>)[AS_OF];
}

/** Rebuilds an entity instance from a history snapshot. */
export function fromSnapshot<T extends object>(
  cls: new () => T,
  snapshot: Record<string, unknown>,
  at: Date,
): T {
  const obj = Object.assign(new cls(), snapshot);
  // Snapshots written before updatedAt was kept have none: the creation instant is the best known.
  const o = obj as Record<string, unknown>;
  o.updatedAt ??= o.createdAt;
  for (const k of ['createdAt', 'updatedAt', 'archivedAt', 'completedAt'] as const) {
    const v = (obj as Record<string, unknown>)[k];
    if (typeof v === 'string') (obj as Record<string, unknown>)[k] = new Date(v);
  }
  return markAsOf(obj, at);
}

const key = (id: string, at: Date) => `${id}|${at.toISOString()}`;

/** Per-request loaders for reads "as of" an instant; keys are `id|ISO instant`. */
export function createAsOfLoaders(db: DataSource) {
  const snapshot = new DataLoader<string, Record<string, unknown> | null>(async (keys) => {
    const rows = await db.query(
      `SELECT k.key, h.snapshot FROM unnest($1::text[]) AS k(key)
         CROSS JOIN LATERAL (SELECT snapshot FROM history_entry
            WHERE subject_id = split_part(k.key, '|', 1)::uuid AND at <= split_part(k.key, '|', 2)::timestamptz
              AND subject_type = split_part(k.key, '|', 3)
            ORDER BY at DESC, id DESC LIMIT 1) h`,
      [keys],
    );
    const m = new Map(
      rows.map((r: { key: string; snapshot: Record<string, unknown> }) => [r.key, r.snapshot]),
    );
    return keys.map((k) => (m.get(k) as Record<string, unknown>) ?? null);
  });
  /** Objectives of a plan as they stood (archived ones left out). */
  const planObjectives = new DataLoader<string, Record<string, unknown>[]>(async (keys) =>
    Promise.all(
      keys.map(async (k) => {
        const [planId, iso] = k.split('|');
        const rows = await db.query(
          `SELECT DISTINCT ON (subject_id) snapshot FROM history_entry
            WHERE subject_type = 'OBJECTIVE' AND at <= $2 AND snapshot->>'planId' = $1
            ORDER BY subject_id, at DESC, id DESC`,
          [planId, iso],
        );
        return rows
          .map((r: { snapshot: Record<string, unknown> }) => r.snapshot)
          .filter((s: Record<string, unknown>) => !s.archivedAt);
      }),
    ),
  );
  /** Latest measurement known at the instant (recorded by then, not yet corrected then). */
  const measurement = new DataLoader<string, Record<string, any> | null>(async (keys) => {
    const rows = await db.query(
      `SELECT k.key, m.* FROM unnest($1::text[]) AS k(key)
         CROSS JOIN LATERAL (SELECT * FROM measurement
            WHERE kpi_id = split_part(k.key, '|', 1)::uuid
              AND at <= split_part(k.key, '|', 2)::timestamptz AND recorded_at <= split_part(k.key, '|', 2)::timestamptz
              AND (superseded_at IS NULL OR superseded_at > split_part(k.key, '|', 2)::timestamptz)
            ORDER BY at DESC, recorded_at DESC LIMIT 1) m`,
      [keys],
    );
    const m = new Map(rows.map((r: { key: string }) => [r.key, r]));
    return keys.map((k) => (m.get(k) as Record<string, any>) ?? null);
  });
  return {
    // Ids that are not UUIDs name nothing; they must not reach SQL (a uuid cast would fail).
    /** The state of a subject of this type (an id of another kind of object reads as nothing). */
    snapshotAt: (type: SubjectType, id: string, at: Date) =>
      isUuid(id) ? snapshot.load(`${key(id, at)}|${type}`) : Promise.resolve(null),
    planObjectivesAt: (planId: string, at: Date) =>
      isUuid(planId) ? planObjectives.load(key(planId, at)) : Promise.resolve([]),
    measurementAt: (kpiId: string, at: Date) =>
      isUuid(kpiId) ? measurement.load(key(kpiId, at)) : Promise.resolve(null),
  };
}
