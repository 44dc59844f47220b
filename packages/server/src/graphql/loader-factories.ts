import DataLoader from 'dataloader';
import { isUuid } from './ids.js';
import { DataSource, EntityTarget, In, IsNull, ObjectLiteral } from 'typeorm';

/**
 * Loads active rows of an entity by id in one `IN (...)` query per batch, in key order
 * (null for a missing or archived id).
 */
export function entityByIdLoader<T extends ObjectLiteral & { id: string }>(
  db: DataSource,
  entity: EntityTarget<T>,
  opts: { includeArchived?: boolean } = {},
): DataLoader<string, T | null> {
  return new DataLoader(async (ids) => {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return ids.map(() => null);
    const where: Record<string, unknown> = { id: In(valid) };
    if (!opts.includeArchived) where.archivedAt = IsNull();
    const rows = await db.getRepository(entity).find({ where: where as never });
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/**
 * Groups the rows of one query by key: `sql` gets the key array as $1 and must return a
 * `key` column. Returns, per key in order, the list of `map(row)` (empty when none).
 */
export function groupLoader<V>(
  db: DataSource,
  sql: string,
  map: (row: Record<string, any>) => V,
): DataLoader<string, V[]> {
  return new DataLoader(async (keys) => {
    const rows: Record<string, any>[] = await db.query(sql, [keys]);
    const groups = new Map<string, V[]>();
    for (const r of rows) {
      const list = groups.get(r.key) ?? [];
      list.push(map(r));
      groups.set(r.key, list);
    }
    return keys.map((k) => groups.get(k) ?? []);
  });
}

/** Like groupLoader but one value (or null) per key. */
export function singleLoader<V>(
  db: DataSource,
  sql: string,
  map: (row: Record<string, any>) => V,
): DataLoader<string, V | null> {
  return new DataLoader(async (keys) => {
    const rows: Record<string, any>[] = await db.query(sql, [keys]);
    const byKey = new Map<string, V>(rows.map((r) => [r.key, map(r)]));
    return keys.map((k) => byKey.get(k) ?? null);
  });
}
