import type { Policy } from '../auth/policy';

/** Drops rows the viewer may not see (and nulls). Every list and nested field goes through it. */
export function visibleOnly<T>(policy: Policy, rows: (T | null | undefined | Error)[], unitOf: (row: T) => string): T[] {
  return rows.filter((r): r is T => !!r && !(r instanceof Error) && policy.can('read', { unitId: unitOf(r) }));
}
