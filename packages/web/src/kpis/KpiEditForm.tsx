import { EditKpiDocument, type Direction, type Frequency, type KpiKind } from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { conflictFrom, fieldErrors, type Conflict } from '../graphql/errors';
import { ConflictNotice } from '../plan/ConflictNotice';
import { Field } from '../ui/components';
import { FormError, useForm, type FieldErrors } from '../ui/form';
import { parseAmount } from './targets';

/** A KPI as its edit form needs it. */
export interface EditableKpi {
  id: string;
  version: number;
  name: string;
  description: string;
  unitOfMeasure: string;
  direction: Direction;
  kind: KpiKind;
  frequency: Frequency;
  baseline: number | null;
  onExecutiveDashboard: boolean;
  owner: { id: string; name: string };
  unit: { id: string; name: string };
}

/** What the pickers offer: people for owner, units the viewer may put KPIs in. */
export interface KpiEditChoices {
  people: readonly { id: string; name: string; title?: string | null }[];
  units: readonly { id: string; name: string; viewerCan: { edit: boolean } }[];
}

type Values = {
  name: string;
  description: string;
  unitOfMeasure: string;
  direction: string;
  kind: string;
  frequency: string;
  baseline: string;
  onExecutiveDashboard: boolean;
  ownerId: string;
  unitId: string;
};

export function valuesOf(k: EditableKpi): Values {
  return {
    name: k.name,
    description: k.description,
    unitOfMeasure: k.unitOfMeasure,
    direction: k.direction,
    kind: k.kind,
    frequency: k.frequency,
    baseline: k.baseline == null ? '' : String(k.baseline),
    onExecutiveDashboard: k.onExecutiveDashboard,
    ownerId: k.owner.id,
    unitId: k.unit.id,
  };
}

/** Only what the user changed, as the update input wants it (baseline a number or null). */
export function changesOf(original: Values, edited: Values): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(edited) as (keyof Values)[]) {
    if (String(original[key]) === String(edited[key])) continue;
    if (key === 'baseline') out.baseline = parseAmount(edited.baseline);
    else if (key === 'name' || key === 'unitOfMeasure') out[key] = String(edited[key]).trim();
    else out[key] = edited[key];
  }
  return out;
}

/** Client checks; the server checks again and its messages land beside the same fields. */
export function validateKpi(v: Values): FieldErrors {
  const errs: FieldErrors = {};
  if (!v.name.trim()) errs.name = 'The name must not be empty.';
  if (!v.unitOfMeasure.trim()) errs.unitOfMeasure = 'Say what the KPI is counted in (%, pumps, days…).';
  else if (v.unitOfMeasure.trim().length > 40) errs.unitOfMeasure = 'At most 40 characters.';
  const b = parseAmount(v.baseline);
  if (b != null && !Number.isFinite(b)) errs.baseline = 'The baseline must be a number.';
  return errs;
}

/**
 * Edits every field of a KPI against the version read: only the changed fields are sent, with a
 * why for the history. A CONFLICT shows the newer values beside the user's (ConflictNotice).
 * Escape cancels.
 */
export function KpiEditForm({
  kpi,
  choices,
  onSaved,
  onCancel,
}: {
  kpi: EditableKpi;
  choices: KpiEditChoices;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const original = valuesOf(kpi);
  const [form, setForm] = useState(original);
  const [version, setVersion] = useState(kpi.version);
  const [reason, setReason] = useState('');
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [mutate] = useMutation(EditKpiDocument);
  const f = useForm();
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const names = Object.fromEntries([
    ...choices.people.map((p) => [p.id, p.name]),
    ...choices.units.map((u) => [u.id, u.name]),
  ]);
  const set = (k: keyof Values) => (e: { target: { value: string } }) =>
    setForm((v) => ({ ...v, [k]: e.target.value }));
  // A unit the viewer may not add to still shows when it is the KPI's own.
  const units = choices.units.filter((u) => u.viewerCan.edit || u.id === form.unitId);

  function submit(e: FormEvent) {
    e.preventDefault();
    const changes = changesOf(original, form);
    void f.run({
      validate: () => {
        const errs = validateKpi(form);
        if (!Object.keys(errs).length && Object.keys(changes).length === 0) errs._form = 'Nothing changed.';
        return errs;
      },
      send: () =>
        mutate({
          variables: {
            input: { id: kpi.id, version, ...changes, ...(reason.trim() ? { reason: reason.trim() } : {}) },
          },
        }),
      onSuccess: () => {
        setConflict(null);
        onSaved();
      },
      onError: (err) => {
        const c = conflictFrom(err, changes, names);
        if (c) setConflict(c);
        return c ? null : fieldErrors(err);
      },
    });
  }
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      onCancel();
    }
  };
  const err = f.errors;
  return (
    <form onSubmit={submit} onKeyDown={onKeyDown} noValidate aria-label="Edit KPI" className="stack-sm">
      {conflict && (
        <ConflictNotice
          conflict={conflict}
          onUseTheirs={() => {
            const c = conflict.current;
            const pick = (k: keyof Values) => (k in c ? c[k] : form[k]);
            setForm({
              name: String(pick('name')),
              description: String(pick('description') ?? ''),
              unitOfMeasure: String(pick('unitOfMeasure')),
              direction: String(pick('direction')),
              kind: String(pick('kind')),
              frequency: String(pick('frequency')),
              baseline: c.baseline == null ? '' : String(c.baseline),
              onExecutiveDashboard: Boolean(pick('onExecutiveDashboard')),
              ownerId: String(pick('ownerId')),
              unitId: String(pick('unitId')),
            });
            setVersion(Number(c.version));
            setConflict(null);
          }}
          onKeepMine={() => {
            setVersion(Number(conflict.current.version));
            setConflict(null);
          }}
        />
      )}
      <div className="form-grid">
        <Field label="Name" error={err.name}>
          {(p) => (
            <input
              {...p}
              ref={first}
              className="input"
              name="name"
              value={form.name}
              onChange={set('name')}
            />
          )}
        </Field>
        <Field label="Unit of measure" error={err.unitOfMeasure} hint="e.g. %, pumps, days">
          {(p) => (
            <input
              {...p}
              className="input"
              name="unitOfMeasure"
              value={form.unitOfMeasure}
              onChange={set('unitOfMeasure')}
            />
          )}
        </Field>
      </div>
      <Field label="Description" error={err.description}>
        {(p) => (
          <textarea
            {...p}
            className="input"
            name="description"
            rows={2}
            value={form.description}
            onChange={set('description')}
          />
        )}
      </Field>
      <div className="form-grid">
        <Field label="Direction" error={err.direction}>
          {(p) => (
            <select
              {...p}
              className="input"
              name="direction"
              value={form.direction}
              onChange={set('direction')}
            >
              <option value="HIGHER_IS_BETTER">Higher is better</option>
              <option value="LOWER_IS_BETTER">Lower is better</option>
            </select>
          )}
        </Field>
        <Field label="Kind" error={err.kind} hint="Leading: moves first. Lagging: shows the result.">
          {(p) => (
            <select {...p} className="input" name="kind" value={form.kind} onChange={set('kind')}>
              <option value="LEADING">Leading</option>
              <option value="LAGGING">Lagging</option>
            </select>
          )}
        </Field>
        <Field label="Frequency" error={err.frequency}>
          {(p) => (
            <select
              {...p}
              className="input"
              name="frequency"
              value={form.frequency}
              onChange={set('frequency')}
            >
              <option value="WEEKLY">Weekly</option>
              <option value="MONTHLY">Monthly</option>
              <option value="QUARTERLY">Quarterly</option>
            </select>
          )}
        </Field>
        <Field label="Baseline" error={err.baseline} hint="Empty: none">
          {(p) => (
            <input
              {...p}
              className="input"
              name="baseline"
              inputMode="decimal"
              value={form.baseline}
              onChange={set('baseline')}
            />
          )}
        </Field>
        <Field label="Owner" error={err.ownerId}>
          {(p) => (
            <select {...p} className="input" name="ownerId" value={form.ownerId} onChange={set('ownerId')}>
              {!choices.people.some((x) => x.id === form.ownerId) && (
                <option value={form.ownerId}>{kpi.owner.name}</option>
              )}
              {choices.people.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Unit" error={err.unitId}>
          {(p) => (
            <select {...p} className="input" name="unitId" value={form.unitId} onChange={set('unitId')}>
              {!units.some((u) => u.id === form.unitId) && (
                <option value={form.unitId}>{kpi.unit.name}</option>
              )}
              {units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <label className="kpi-check">
        <input
          type="checkbox"
          name="onExecutiveDashboard"
          checked={form.onExecutiveDashboard}
          onChange={(e) => setForm((v) => ({ ...v, onExecutiveDashboard: e.target.checked }))}
        />
        On the executive dashboard
      </label>
      {err.onExecutiveDashboard && (
        <div className="field-error" role="alert">
          {err.onExecutiveDashboard}
        </div>
      )}
      <Field label="Why (kept in the history)" error={err.reason}>
        {(p) => (
          <input
            {...p}
            className="input"
            name="reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder="e.g. agreed in the Q2 review"
          />
        )}
      </Field>
      <FormError message={err._form ?? err.id} />
      <div className="form-actions">
        <button className="btn btn-primary" type="submit" disabled={f.submitting}>
          {f.submitting ? 'Saving…' : 'Save KPI'}
        </button>
        <button className="btn btn-ghost" type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
