/** Pure rules behind the initiative edit form: its values as text, client checks, and what changed. */
import type { InitiativeStatus, UpdateInitiativeInput } from '@throughline/shared/graphql';
import type { FieldErrors } from '../ui/form';

/** The statuses in their lifecycle order, with the words the app uses for them. */
export const INITIATIVE_STATUSES: readonly { value: InitiativeStatus; label: string }[] = [
  { value: 'PROPOSED' as InitiativeStatus, label: 'Proposed' },
  { value: 'ACTIVE' as InitiativeStatus, label: 'Active' },
  { value: 'PAUSED' as InitiativeStatus, label: 'Paused' },
  { value: 'COMPLETED' as InitiativeStatus, label: 'Completed' },
  { value: 'STOPPED' as InitiativeStatus, label: 'Stopped' },
];

/** An initiative as the edit form reads it. */
export interface EditableInitiative {
  id: string;
  version: number;
  title: string;
  status: InitiativeStatus;
  startDate?: string | null;
  endDate?: string | null;
  budget?: number | null;
  capacity: number;
  owner: { id: string };
  unit: { id: string };
}

/** The form's values: every field as the inputs hold it (text). */
export interface InitiativeFormValues {
  title: string;
  status: InitiativeStatus;
  ownerId: string;
  unitId: string;
  startDate: string;
  endDate: string;
  budget: string;
  capacity: string;
}

export function initiativeFormValues(i: EditableInitiative): InitiativeFormValues {
  return {
    title: i.title,
    status: i.status,
    ownerId: i.owner.id,
    unitId: i.unit.id,
    startDate: i.startDate ?? '',
    endDate: i.endDate ?? '',
    budget: i.budget == null ? '' : String(i.budget),
    capacity: String(i.capacity),
  };
}

/** A number typed by a person ("12 000", "1,5" is refused: say it plainly), or NaN. */
function amount(text: string): number {
  const t = text.replace(/[\s_]/g, '');
  return t === '' ? NaN : Number(t);
}

/** The checks the browser can make before sending (the server checks them again). */
export function validateInitiativeForm(v: InitiativeFormValues): FieldErrors {
  const errs: FieldErrors = {};
  if (!v.title.trim()) errs.title = 'The title must not be empty.';
  if (!v.ownerId) errs.ownerId = 'Choose an owner.';
  if (!v.unitId) errs.unitId = 'Choose a unit.';
  if (v.startDate && v.endDate && v.endDate < v.startDate)
    errs.endDate = 'The end must not be before the start.';
  if (v.budget.trim() !== '') {
    const b = amount(v.budget);
    if (!Number.isFinite(b)) errs.budget = 'The budget must be a number, e.g. 120000.';
    else if (b < 0) errs.budget = 'The budget must not be negative.';
  }
  const c = amount(v.capacity);
  if (!Number.isFinite(c)) errs.capacity = 'The capacity must be a number of people (FTE), e.g. 2.5.';
  else if (c < 0) errs.capacity = 'The capacity must not be negative.';
  return errs;
}

/**
 * Only what the user changed, typed for `updateInitiative` (a save — and a conflict — is about
 * those fields alone). A cleared date or budget is sent as null: the server clears it.
 */
export function initiativeChanges(
  original: InitiativeFormValues,
  edited: InitiativeFormValues,
): Omit<UpdateInitiativeInput, 'id' | 'version'> {
  const out: Omit<UpdateInitiativeInput, 'id' | 'version'> = {};
  if (edited.title.trim() !== original.title) out.title = edited.title.trim();
  if (edited.status !== original.status) out.status = edited.status;
  if (edited.ownerId !== original.ownerId) out.ownerId = edited.ownerId;
  if (edited.unitId !== original.unitId) out.unitId = edited.unitId;
  if (edited.startDate !== original.startDate) out.startDate = edited.startDate || null;
  if (edited.endDate !== original.endDate) out.endDate = edited.endDate || null;
  if (edited.budget.trim() !== original.budget) {
    out.budget = edited.budget.trim() === '' ? null : amount(edited.budget);
    if (out.budget === (original.budget === '' ? null : Number(original.budget))) delete out.budget;
  }
  if (amount(edited.capacity) !== Number(original.capacity)) out.capacity = amount(edited.capacity);
  return out;
}

/** The form's values from a CONFLICT's current row (the newer values someone else saved). */
export function valuesFromCurrent(
  current: Record<string, unknown>,
  fallback: InitiativeFormValues,
): InitiativeFormValues {
  const day = (v: unknown) => (v == null ? '' : String(v).slice(0, 10));
  return {
    title: current.title == null ? fallback.title : String(current.title),
    status: (current.status as InitiativeStatus | undefined) ?? fallback.status,
    ownerId: current.ownerId == null ? fallback.ownerId : String(current.ownerId),
    unitId: current.unitId == null ? fallback.unitId : String(current.unitId),
    startDate: 'startDate' in current ? day(current.startDate) : fallback.startDate,
    endDate: 'endDate' in current ? day(current.endDate) : fallback.endDate,
    budget: 'budget' in current ? (current.budget == null ? '' : String(current.budget)) : fallback.budget,
    capacity: current.capacity == null ? fallback.capacity : String(current.capacity),
  };
}
