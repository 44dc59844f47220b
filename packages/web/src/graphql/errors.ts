import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { ErrorCode, formatDate, formatNumber, humanize } from '@throughline/shared';

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

/** What kind of value a conflicting field holds: how it is shown, and how a name is found for an id. */
export type ConflictKind =
  | 'text'
  | 'number'
  | 'date'
  | 'yesNo'
  | 'choice'
  | 'person'
  | 'unit'
  | 'objective'
  | 'id';

/** One field both sides changed: the newer saved value and this user's, as text and as sent. */
export interface ConflictField {
  field: string;
  label: string;
  kind: ConflictKind;
  theirs: string;
  yours: string;
  theirsValue: unknown;
  yoursValue: unknown;
}

/** A CONFLICT: someone saved a newer version while this form was open. */
export interface Conflict {
  message: string;
  /** The newer values, field by field, only where they differ from what this user tried to save. */
  newer: ConflictField[];
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
  dueDate: 'Due',
  unitOfMeasure: 'Unit of measure',
  direction: 'Direction',
  frequency: 'Frequency',
  kind: 'Leading or lagging',
  baseline: 'Baseline',
  amberThreshold: 'Amber threshold',
  redThreshold: 'Red threshold',
  onExecutiveDashboard: 'On the executive dashboard',
  framework: 'Framework',
  periodStart: 'Period start',
  periodEnd: 'Period end',
  parentId: 'Parent objective',
  value: 'Value',
  target: 'Target',
  targetValue: 'Target',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}(T|$)/;
const ENUM = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;
const ID_KINDS: Record<string, ConflictKind> = { ownerId: 'person', unitId: 'unit', parentId: 'objective' };

const empty = (v: unknown) => v === null || v === undefined || v === '';
const numeric = (v: unknown) =>
  typeof v === 'number'
    ? Number.isFinite(v)
    : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v));

/** The kind of a field from its name and both values (a decimal column arrives as a string). */
export function conflictKind(field: string, a: unknown, b: unknown): ConflictKind {
  const values = [a, b].filter((v) => !empty(v));
  if (ID_KINDS[field]) return ID_KINDS[field];
  if (values.length === 0) return 'text';
  if (values.every((v) => typeof v === 'boolean')) return 'yesNo';
  if (values.every((v) => v instanceof Date || (typeof v === 'string' && ISO_DAY.test(v)))) return 'date';
  if (values.every((v) => typeof v === 'string' && UUID.test(v))) return /Id$/.test(field) ? 'id' : 'text';
  if (values.every(numeric) && !['title', 'name', 'description'].includes(field)) return 'number';
  if (values.every((v) => typeof v === 'string' && ENUM.test(v))) return 'choice';
  return 'text';
}

/** One value as a person reads it, by kind: "31 Mar 2027", "120,000", "Yes", "On track"; "—" when empty. */
export function showConflictValue(kind: ConflictKind, v: unknown): string {
  if (empty(v)) return '—';
  switch (kind) {
    case 'date':
      return formatDate(v instanceof Date ? v : String(v).slice(0, 10));
    case 'number':
      return formatNumber(Number(v));
    case 'yesNo':
      return v ? 'Yes' : 'No';
    case 'choice':
      return humanize(String(v));
    default:
      return String(v);
  }
}

/** The same value on both sides, whatever its form: 120000 and "120000.00", a Date and its day. */
function same(kind: ConflictKind, a: unknown, b: unknown): boolean {
  if (empty(a) && empty(b)) return true;
  if (empty(a) || empty(b)) return false;
  if (kind === 'number') return Number(a) === Number(b);
  if (kind === 'date') return showConflictValue(kind, a) === showConflictValue(kind, b);
  return String(a) === String(b);
}

function labelOf(field: string): string {
  return LABELS[field] ?? humanize(field.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase());
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
    const kind = conflictKind(field, theirs, yours);
    if (same(kind, theirs, yours)) continue;
    newer.push({
      field,
      label: labelOf(field),
      kind,
      theirs: names[String(theirs)] ?? showConflictValue(kind, theirs),
      yours: names[String(yours)] ?? showConflictValue(kind, yours),
      theirsValue: theirs,
      yoursValue: yours,
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
