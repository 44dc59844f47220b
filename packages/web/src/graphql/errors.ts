import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { ErrorCode } from '@throughline/shared';

/** One GraphQL error as the server formats it: a message, a code and maybe the field at fault. */
export interface ApiError {
  message: string;
  code?: string;
  field?: string;
  current?: Record<string, unknown>;
}

/** Flattens whatever Apollo threw into the server's errors (or one network error). */
export function apiErrors(error: unknown): ApiError[] {
  if (!error) return [];
  if (CombinedGraphQLErrors.is(error)) {
    return error.errors.map((e) => ({
      message: e.message,
      code: e.extensions?.code as string | undefined,
      field: e.extensions?.field as string | undefined,
      current: e.extensions?.current as Record<string, unknown> | undefined,
    }));
  }
  const message = error instanceof Error ? error.message : String(error);
  return [
    {
      message: /fetch|network/i.test(message)
        ? 'The server cannot be reached. Check your connection and try again.'
        : message,
    },
  ];
}

/**
 * Errors keyed by form field: `input.value` → `value`, `inputs.3.at` → `3.at`. Errors without a
 * field land under `_form` so the form can show them above its buttons.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of apiErrors(error)) {
    const key = e.field ? e.field.replace(/^(input|inputs)\./, '') : '_form';
    if (!out[key]) out[key] = e.message;
  }
  return out;
}

/** A CONFLICT: someone saved a newer version while this form was open. */
export interface Conflict {
  message: string;
  /** The newer values, field by field, only where they differ from what this user tried to save. */
  newer: { field: string; label: string; theirs: string; yours: string }[];
  current: Record<string, unknown>;
}

const LABELS: Record<string, string> = {
  title: 'Title',
  name: 'Name',
  description: 'Description',
  ownerId: 'Owner',
  unitId: 'Unit',
  perspective: 'Perspective',
  status: 'Status',
  budget: 'Budget',
  capacity: 'Capacity',
  startDate: 'Start',
  endDate: 'End',
  unitOfMeasure: 'Unit of measure',
  direction: 'Direction',
  frequency: 'Frequency',
  baseline: 'Baseline',
  periodStart: 'Period start',
  periodEnd: 'Period end',
  parentId: 'Parent objective',
};

function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) return v.slice(0, 10);
  return String(v);
}

/**
 * Turns a CONFLICT error into a message a person can act on: who-ever saved first wins, and the
 * form shows the newer value next to the one this user typed. Null when the error is not a conflict.
 */
export function conflictFrom(
  error: unknown,
  attempted: Record<string, unknown>,
  names: Record<string, string> = {},
): Conflict | null {
  const e = apiErrors(error).find((x) => x.code === ErrorCode.CONFLICT);
  if (!e) return null;
  const current = e.current ?? {};
  const newer: Conflict['newer'] = [];
  for (const [field, yours] of Object.entries(attempted)) {
    if (field === 'id' || field === 'version' || field === 'reason' || !(field in current)) continue;
    const theirs = current[field];
    if (show(theirs) === show(yours)) continue;
    newer.push({
      field,
      label: LABELS[field] ?? field,
      theirs: names[String(theirs)] ?? show(theirs),
      yours: names[String(yours)] ?? show(yours),
    });
  }
  return {
    message:
      'Someone else saved a change to this while you were editing' +
      (typeof current.version === 'number' ? ` (it is now at version ${current.version})` : '') +
      '. Nothing of yours was saved. Review the newer values, then save again to apply yours on top.',
    newer,
    current,
  };
}
