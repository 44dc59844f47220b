import {
  PeopleDocument,
  SetKpiTargetDocument,
  UpdateKpiDocument,
  UpdateObjectiveDocument,
  type Direction,
  type Frequency,
  type Perspective,
} from '@throughline/shared/graphql';
import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { conflictFrom, fieldErrors, type Conflict } from '../graphql/errors';
import { Field } from '../ui/components';
import { FormError, useForm, type FieldErrors } from '../ui/form';
import { humanize } from '../ui/format';
import { ConflictNotice } from './ConflictNotice';
import { escapeCancels } from './keyboard';

/** Visible people for owner pickers, and a name lookup for conflict messages. */
export function usePeople() {
  const { data } = useQuery(PeopleDocument, { fetchPolicy: 'cache-first' });
  const people = useMemo(() => data?.people ?? [], [data]);
  const names = useMemo(() => Object.fromEntries(people.map((p) => [p.id, p.name])), [people]);
  return { people, names };
}

/** Only the fields that differ from the original, so a save (and a conflict) is about what the user changed. */
export function changedFields<T extends Record<string, unknown>>(original: T, edited: T): Partial<T> {
  const out: Partial<T> = {};
  for (const k of Object.keys(edited) as (keyof T)[]) {
    const a = original[k] ?? '';
    const b = edited[k] ?? '';
    if (String(a) !== String(b)) out[k] = edited[k];
  }
  return out;
}

/**
 * A versioned edit form's state machine: send only changed fields with the version read; on
 * CONFLICT show the newer values and let the user take theirs or save again on top.
 */
function useVersionedSave<V extends Record<string, unknown>>(opts: {
  mutate: (input: Partial<V> & { id: string; version: number; reason?: string }) => Promise<unknown>;
  names?: Record<string, string>;
}) {
  const form = useForm();
  const [conflict, setConflict] = useState<Conflict | null>(null);
  function save(id: string, version: number, changes: Partial<V>, reason: string) {
    return form.run({
      validate: (): FieldErrors => (Object.keys(changes).length === 0 ? { _form: 'Nothing changed.' } : {}),
      send: () =>
        opts.mutate({ id, version, ...changes, ...(reason.trim() ? { reason: reason.trim() } : {}) }),
      onSuccess: () => setConflict(null),
      onError: (err) => {
        const c = conflictFrom(err, changes as Record<string, unknown>, opts.names);
        if (c) setConflict(c);
        return c ? null : fieldErrors(err);
      },
    });
  }
  return {
    errors: form.errors,
    submitting: form.submitting,
    conflict,
    setConflict,
    saved: form.succeeded,
    save,
  };
}

/** An objective as the edit form needs it. */
export interface EditableObjective {
  id: string;
  version: number;
  title: string;
  perspective: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  owner: { id: string };
  description?: string;
  unit?: { id: string };
  parent?: { id: string } | null;
}

const PERSPECTIVES = ['FINANCIAL', 'CUSTOMER', 'INTERNAL_PROCESS', 'LEARNING_GROWTH'];

/**
 * Edits an objective: title, description, owner, unit, parent (moving it in the tree; the server
 * refuses a cycle), perspective and period, with a why for the history. `units` and `parents`
 * add those pickers; `onCancel` makes Escape close the form; focus starts in the title.
 */
export function ObjectiveForm({
  objective,
  onSaved,
  onCancel,
  units,
  parents,
}: {
  objective: EditableObjective;
  onSaved?: (changed: Record<string, unknown>, saved: { version: number }) => void;
  onCancel?: () => void;
  units?: readonly { id: string; name: string }[];
  parents?: readonly { id: string; title: string }[];
}) {
  const { people, names } = usePeople();
  const original = {
    title: objective.title,
    description: objective.description ?? '',
    ownerId: objective.owner.id,
    unitId: objective.unit?.id ?? '',
    parentId: objective.parent?.id ?? '',
    perspective: objective.perspective ?? '',
    periodStart: objective.periodStart ?? '',
    periodEnd: objective.periodEnd ?? '',
  };
  const titleRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (onCancel) titleRef.current?.focus();
    // Only when the form opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  // What the form opened with (or last saved): a save sends only what differs from it, so a
  // live refresh of the page neither resets what the user typed nor sends fields they left alone.
  const [base, setBase] = useState(original);
  const [form, setForm] = useState(original);
  const [version, setVersion] = useState(objective.version);
  const [reason, setReason] = useState('');
  const [mutate] = useMutation(UpdateObjectiveDocument);
  const s = useVersionedSave<typeof original>({
    mutate: ({ parentId, unitId, ...input }) =>
      mutate({
        variables: {
          input: {
            ...input,
            perspective: (input.perspective || undefined) as Perspective | undefined,
            periodStart: input.periodStart || undefined,
            periodEnd: input.periodEnd || undefined,
            ...(parentId !== undefined ? { parentId: parentId || null } : {}),
            ...(unitId ? { unitId } : {}),
          },
        },
      }).then((r) => {
        saved.current = r.data?.updateObjective.version ?? null;
        return r;
      }),
    names,
  });
  const saved = useRef<number | null>(null);
  const set = (k: keyof typeof original) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.target.value }));

  async function saveAt(at: number) {
    if (!form.title.trim()) return;
    const changes = changedFields(base, form);
    if (await s.save(objective.id, at, changes, reason)) {
      const next = saved.current ?? at + 1;
      setReason('');
      setBase(form);
      setVersion(next);
      onSaved?.(changes, { version: next });
    }
  }
  function submit(e: FormEvent) {
    e.preventDefault();
    void saveAt(version);
  }
  return (
    <form
      onSubmit={submit}
      onKeyDown={onCancel ? escapeCancels(onCancel) : undefined}
      noValidate
      aria-label="Edit objective"
      className="stack-sm"
    >
      {s.conflict && (
        <ConflictNotice
          conflict={s.conflict}
          onUseTheirs={() => {
            const c = s.conflict!.current as Record<string, unknown>;
            const theirs = {
              title: String(c.title ?? form.title),
              description: String(c.description ?? form.description),
              ownerId: String(c.ownerId ?? form.ownerId),
              unitId: String(c.unitId ?? form.unitId),
              parentId: c.parentId === undefined ? form.parentId : String(c.parentId ?? ''),
              perspective: String(c.perspective ?? ''),
              periodStart: String(c.periodStart ?? '').slice(0, 10),
              periodEnd: String(c.periodEnd ?? '').slice(0, 10),
            };
            setForm(theirs);
            setBase(theirs);
            setVersion(Number(c.version));
            s.setConflict(null);
          }}
          onKeepMine={() => {
            const at = Number(s.conflict!.current.version);
            setVersion(at);
            s.setConflict(null);
            void saveAt(at);
          }}
        />
      )}
      <Field
        label="Title"
        error={s.errors.title ?? (form.title.trim() ? undefined : 'The title must not be empty.')}
      >
        {(p) => <input {...p} ref={titleRef} className="input" value={form.title} onChange={set('title')} />}
      </Field>
      {objective.description !== undefined && (
        <Field label="Description" error={s.errors.description}>
          {(p) => (
            <textarea
              {...p}
              className="input"
              rows={2}
              value={form.description}
              onChange={set('description')}
            />
          )}
        </Field>
      )}
      <div className="form-grid">
        {parents && (
          <Field label="Parent objective" error={s.errors.parentId}>
            {(p) => (
              <select {...p} className="input" value={form.parentId} onChange={set('parentId')}>
                <option value="">— Top level —</option>
                {parents.map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.title}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        {units && (
          <Field label="Unit" error={s.errors.unitId}>
            {(p) => (
              <select {...p} className="input" value={form.unitId} onChange={set('unitId')}>
                {!units.some((u) => u.id === form.unitId) && <option value={form.unitId}>(current)</option>}
                {units.map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field label="Owner" error={s.errors.ownerId}>
          {(p) => (
            <select {...p} className="input" value={form.ownerId} onChange={set('ownerId')}>
              {people.length === 0 && <option value={form.ownerId}>…</option>}
              {people.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Perspective" error={s.errors.perspective}>
          {(p) => (
            <select {...p} className="input" value={form.perspective} onChange={set('perspective')}>
              <option value="">—</option>
              {PERSPECTIVES.map((x) => (
                <option key={x} value={x}>
                  {humanize(x)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Period start" error={s.errors.periodStart}>
          {(p) => (
            <input
              {...p}
              className="input"
              type="date"
              value={form.periodStart}
              onChange={set('periodStart')}
            />
          )}
        </Field>
        <Field label="Period end" error={s.errors.periodEnd}>
          {(p) => (
            <input {...p} className="input" type="date" value={form.periodEnd} onChange={set('periodEnd')} />
          )}
        </Field>
      </div>
      <Field label="Why (kept in the history)" error={s.errors.reason}>
        {(p) => (
          <input
            {...p}
            className="input"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder="e.g. agreed in the Q2 review"
          />
        )}
      </Field>
      <FormError message={s.errors._form} />
      <div className="form-actions">
        <button className="btn btn-primary" type="submit" disabled={s.submitting}>
          {s.submitting ? 'Saving…' : 'Save objective'}
        </button>
        {onCancel && (
          <button className="btn" type="button" onClick={onCancel}>
            Close
          </button>
        )}
        {s.saved && (
          <span className="tone-green small" role="status">
            Saved. Everyone viewing this plan sees the change.
          </span>
        )}
      </div>
    </form>
  );
}

/** A KPI as the edit form needs it. */
export interface EditableKpi {
  id: string;
  version: number;
  name: string;
  unitOfMeasure: string;
  direction: Direction;
  frequency: Frequency;
  baseline: number | null;
  owner: { id: string };
}

/** Edits a KPI's name, owner, unit, direction, frequency and baseline. */
export function KpiForm({ kpi, onSaved }: { kpi: EditableKpi; onSaved?: () => void }) {
  const { people, names } = usePeople();
  const original = {
    name: kpi.name,
    ownerId: kpi.owner.id,
    unitOfMeasure: kpi.unitOfMeasure,
    direction: kpi.direction,
    frequency: kpi.frequency,
    baseline: kpi.baseline == null ? '' : String(kpi.baseline),
  };
  const [form, setForm] = useState(original);
  const [version, setVersion] = useState(kpi.version);
  const [reason, setReason] = useState('');
  const [mutate] = useMutation(UpdateKpiDocument);
  const s = useVersionedSave<typeof original>({
    mutate: ({ baseline, ...input }) =>
      mutate({
        variables: {
          input: {
            ...input,
            ...(baseline !== undefined ? { baseline: baseline === '' ? null : Number(baseline) } : {}),
          },
        },
      }),
    names,
  });
  const set = (k: keyof typeof original) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.target.value }));
  const baselineError =
    form.baseline !== '' && !Number.isFinite(Number(form.baseline))
      ? 'The baseline must be a number.'
      : undefined;
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (baselineError || !form.name.trim()) return;
    if (await s.save(kpi.id, version, changedFields(original, form), reason)) {
      setReason('');
      onSaved?.();
    }
  }
  return (
    <form onSubmit={submit} noValidate aria-label={`Edit KPI ${kpi.name}`} className="stack-sm">
      {s.conflict && (
        <ConflictNotice
          conflict={s.conflict}
          onUseTheirs={() => {
            const c = s.conflict!.current as Record<string, unknown>;
            setForm({
              name: String(c.name ?? form.name),
              ownerId: String(c.ownerId ?? form.ownerId),
              unitOfMeasure: String(c.unitOfMeasure ?? form.unitOfMeasure),
              direction: (c.direction as Direction | undefined) ?? form.direction,
              frequency: (c.frequency as Frequency | undefined) ?? form.frequency,
              baseline: c.baseline == null ? '' : String(c.baseline),
            });
            setVersion(Number(c.version));
            s.setConflict(null);
          }}
          onKeepMine={() => {
            setVersion(Number(s.conflict!.current.version));
            s.setConflict(null);
          }}
        />
      )}
      <div className="form-grid">
        <Field
          label="Name"
          error={s.errors.name ?? (form.name.trim() ? undefined : 'The name must not be empty.')}
        >
          {(p) => <input {...p} className="input" value={form.name} onChange={set('name')} />}
        </Field>
        <Field label="Owner" error={s.errors.ownerId}>
          {(p) => (
            <select {...p} className="input" value={form.ownerId} onChange={set('ownerId')}>
              {people.length === 0 && <option value={form.ownerId}>…</option>}
              {people.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Unit of measure" error={s.errors.unitOfMeasure}>
          {(p) => (
            <input {...p} className="input" value={form.unitOfMeasure} onChange={set('unitOfMeasure')} />
          )}
        </Field>
        <Field label="Direction" error={s.errors.direction}>
          {(p) => (
            <select {...p} className="input" value={form.direction} onChange={set('direction')}>
              <option value="HIGHER_IS_BETTER">Higher is better</option>
              <option value="LOWER_IS_BETTER">Lower is better</option>
            </select>
          )}
        </Field>
        <Field label="Frequency" error={s.errors.frequency}>
          {(p) => (
            <select {...p} className="input" value={form.frequency} onChange={set('frequency')}>
              {['WEEKLY', 'MONTHLY', 'QUARTERLY'].map((f) => (
                <option key={f} value={f}>
                  {humanize(f)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Baseline" error={s.errors.baseline ?? baselineError}>
          {(p) => (
            <input
              {...p}
              className="input"
              inputMode="decimal"
              value={form.baseline}
              onChange={set('baseline')}
            />
          )}
        </Field>
      </div>
      <Field label="Why (kept in the history)">
        {(p) => <input {...p} className="input" value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <FormError message={s.errors._form} />
      <div className="form-actions">
        <button className="btn btn-primary" type="submit" disabled={s.submitting}>
          {s.submitting ? 'Saving…' : 'Save KPI'}
        </button>
        {s.saved && (
          <span className="tone-green small" role="status">
            Saved.
          </span>
        )}
      </div>
    </form>
  );
}

/** Sets a KPI's target and amber/red thresholds for a period. */
export function TargetForm({
  kpi,
  onSaved,
  autoFocus,
}: {
  kpi: { id: string; version: number; direction: string };
  onSaved?: () => void;
  autoFocus?: boolean;
}) {
  const targetRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (autoFocus) targetRef.current?.focus();
    // Only when the form opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const now = new Date();
  const q = Math.floor(now.getUTCMonth() / 3) * 3;
  const [form, setForm] = useState({
    periodStart: new Date(Date.UTC(now.getUTCFullYear(), q, 1)).toISOString().slice(0, 10),
    periodEnd: new Date(Date.UTC(now.getUTCFullYear(), q + 3, 0)).toISOString().slice(0, 10),
    target: '',
    amber: '',
    red: '',
  });
  const [mutate] = useMutation(SetKpiTargetDocument);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.target.value }));
  const s = useForm();
  const errors = s.errors;
  /** A threshold cell: null when empty, NaN when not a number (validate says so). */
  const num = (k: 'target' | 'amber' | 'red') => (form[k] === '' ? null : Number(form[k]));
  const onSubmit = s.handleSubmit({
    validate: () => {
      const errs: FieldErrors = {};
      if (form.target === '') errs.target = 'Enter a number.';
      for (const k of ['target', 'amber', 'red'] as const)
        if (form[k] !== '' && !Number.isFinite(Number(form[k]))) errs[k] = 'Must be a number.';
      if (form.periodEnd < form.periodStart) errs.periodEnd = 'The period must end after it starts.';
      return errs;
    },
    send: () =>
      mutate({
        variables: {
          input: {
            kpiId: kpi.id,
            version: kpi.version,
            periodStart: form.periodStart,
            periodEnd: form.periodEnd,
            target: num('target')!,
            amber: num('amber'),
            red: num('red'),
          },
        },
      }),
    onSuccess: () => onSaved?.(),
    onError: (err) =>
      conflictFrom(err, {})
        ? {
            _form:
              'Someone else changed this KPI while you were editing. Reload it and set the target again.',
          }
        : fieldErrors(err),
  });
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Set target" className="stack-sm">
      <div className="form-grid">
        <Field label="Period start" error={errors.periodStart}>
          {(p) => (
            <input
              {...p}
              className="input"
              type="date"
              value={form.periodStart}
              onChange={set('periodStart')}
            />
          )}
        </Field>
        <Field label="Period end" error={errors.periodEnd}>
          {(p) => (
            <input {...p} className="input" type="date" value={form.periodEnd} onChange={set('periodEnd')} />
          )}
        </Field>
        <Field label="Target" error={errors.target}>
          {(p) => (
            <input
              {...p}
              ref={targetRef}
              className="input"
              inputMode="decimal"
              value={form.target}
              onChange={set('target')}
            />
          )}
        </Field>
        <Field label="Amber at" error={errors.amber} hint="Defaults to the target">
          {(p) => (
            <input {...p} className="input" inputMode="decimal" value={form.amber} onChange={set('amber')} />
          )}
        </Field>
        <Field label="Red at" error={errors.red} hint="Defaults to 10% worse">
          {(p) => (
            <input {...p} className="input" inputMode="decimal" value={form.red} onChange={set('red')} />
          )}
        </Field>
      </div>
      <FormError message={errors._form} />
      <div className="form-actions">
        <button className="btn btn-primary" type="submit" disabled={s.submitting}>
          {s.submitting ? 'Saving…' : 'Set target'}
        </button>
        {s.succeeded && (
          <span className="tone-green small" role="status">
            Target set.
          </span>
        )}
      </div>
    </form>
  );
}
