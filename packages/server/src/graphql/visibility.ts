import type { Policy } from '../auth/policy.js';
import { badInput } from './errors.js';
import { isUuid } from './ids.js';

/** Drops rows the viewer may not see (and nulls). Every list and nested field goes through it. */
export function visibleOnly<T>(
  policy: Policy,
  rows: (T | null | undefined | Error)[],
  unitOf: (row: T) => string,
): T[] {
  return rows.filter(
    (r): r is T => !!r && !(r instanceof Error) && policy.can('read', { unitId: unitOf(r) }),
  );
}

/** Units to list for `unitId` (its visible subtree) or all visible units; an unknown or invisible unit is bad input. */
export function unitScope(policy: Policy, unitId: string | null | undefined, field = 'unitId'): string[] {
  if (unitId == null) return policy.visibleUnitIds();
  if (!isUuid(unitId) || !policy.canSeeUnit(unitId)) throw badInput(field, `No unit with id ${unitId}.`);
  return policy.visibleSubtree(unitId);
}

/** An optional id argument must be a UUID (else it would reach SQL and fail there). */
export function optionalId(value: string | null | undefined, field: string, what: string): string | null {
  if (value == null) return null;
  if (!isUuid(value)) throw badInput(field, `No ${what} with id ${value}.`);
  return value;
}
