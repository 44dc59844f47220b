import type { NegotiationItemFieldsFragment, NegotiationItemInput } from '@throughline/shared/graphql';

/** The fields of an item a counter-proposal may change, as the conversation compares them. */
export const COMPARED = ['target', 'amber', 'red', 'dueDate', 'name'] as const;
export type ComparedField = (typeof COMPARED)[number];

/** An item as the forms edit it (numbers as text, so a half-typed value stays as typed). */
export interface DraftItem {
  key: string;
  kind: 'KPI_TARGET' | 'OBJECTIVE';
  subjectId: string;
  name: string;
  unitOfMeasure: string;
  direction: 'HIGHER_IS_BETTER' | 'LOWER_IS_BETTER' | '';
  target: string;
  amber: string;
  red: string;
  parentId: string;
  dueDate: string;
  /** The form chose “A new KPI…” (before it has a name). */
  newKpi?: boolean;
}

/**
 * What changed in each item since the previous proposal: by item key, the fields that differ, or
 * 'new' for an item the previous proposal did not have. Items dropped are listed under `dropped`.
 */
export function changesFrom(
  previous: readonly NegotiationItemFieldsFragment[] | null | undefined,
  items: readonly NegotiationItemFieldsFragment[],
): { byKey: Map<string, ComparedField[] | 'new'>; dropped: NegotiationItemFieldsFragment[] } {
  const byKey = new Map<string, ComparedField[] | 'new'>();
  if (!previous) return { byKey, dropped: [] };
  const before = new Map(previous.map((i) => [i.key, i]));
  for (const i of items) {
    const p = before.get(i.key);
    if (!p) byKey.set(i.key, 'new');
    else {
      const changed = COMPARED.filter((f) => (p[f] ?? null) !== (i[f] ?? null));
      if (changed.length) byKey.set(i.key, changed);
    }
  }
  const keys = new Set(items.map((i) => i.key));
  return { byKey, dropped: previous.filter((p) => !keys.has(p.key)) };
}

/** A proposal's items as drafts, to start a counter-proposal from. */
export function draftsOf(items: readonly NegotiationItemFieldsFragment[]): DraftItem[] {
  const text = (v: number | null | undefined) => (v == null ? '' : String(v));
  return items.map((i) => ({
    key: i.key,
    kind: i.kind,
    subjectId: i.subjectId ?? '',
    name: i.name,
    unitOfMeasure: i.unitOfMeasure ?? '',
    direction: i.direction ?? '',
    target: text(i.target),
    amber: text(i.amber),
    red: text(i.red),
    parentId: i.parentId ?? '',
    dueDate: i.dueDate ?? '',
  }));
}

/** An empty KPI target item (existing KPI chosen later, or a new one). */
export const emptyKpiItem = (): DraftItem => ({
  key: '',
  kind: 'KPI_TARGET',
  subjectId: '',
  name: '',
  unitOfMeasure: '',
  direction: 'HIGHER_IS_BETTER',
  target: '',
  amber: '',
  red: '',
  parentId: '',
  dueDate: '',
});

/** An empty new-objective item. */
export const emptyObjectiveItem = (): DraftItem => ({ ...emptyKpiItem(), kind: 'OBJECTIVE', direction: '' });

const num = (s: string) => (s.trim() === '' ? null : Number(s));

/** Client checks of drafts, by the same field names the server uses (`items.0.target`). */
export function checkDrafts(items: readonly DraftItem[]): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!items.length) errors.items = 'Add at least one item.';
  items.forEach((i, n) => {
    const f = `items.${n}`;
    for (const k of ['target', 'amber', 'red'] as const)
      if (i[k].trim() !== '' && !Number.isFinite(Number(i[k]))) errors[`${f}.${k}`] = 'Enter a number.';
    if (i.kind === 'KPI_TARGET') {
      if (!i.subjectId && !i.name.trim()) errors[`${f}.subjectId`] = 'Choose a KPI or name a new one.';
      if (i.target.trim() === '') errors[`${f}.target`] = 'Enter the target.';
    } else if (!i.subjectId && !i.name.trim()) errors[`${f}.name`] = 'Name the objective.';
  });
  return errors;
}

/** Drafts as the API takes them. */
export function inputsOf(items: readonly DraftItem[]): NegotiationItemInput[] {
  return items.map((i) => ({
    kind: i.kind,
    key: i.key || null,
    subjectId: i.subjectId || null,
    name: i.subjectId ? null : i.name.trim() || null,
    unitOfMeasure: i.subjectId ? null : i.unitOfMeasure.trim() || null,
    direction: i.subjectId || i.kind !== 'KPI_TARGET' ? null : i.direction || null,
    target: i.kind === 'KPI_TARGET' ? num(i.target) : null,
    amber: i.kind === 'KPI_TARGET' ? num(i.amber) : null,
    red: i.kind === 'KPI_TARGET' ? num(i.red) : null,
    parentId: i.subjectId ? null : i.parentId || null,
    dueDate: i.dueDate || null,
  }));
}
