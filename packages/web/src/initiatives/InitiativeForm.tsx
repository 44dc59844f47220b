import { InitiativeUpdateDocument } from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { conflictFrom, fieldErrors, type Conflict } from '../graphql/errors';
import { ConflictNotice } from '../plan/ConflictNotice';
import { Field } from '../ui/components';
import { FormError, useForm } from '../ui/form';
import {
  INITIATIVE_STATUSES,
  initiativeChanges,
  initiativeFormValues,
  validateInitiativeForm,
  valuesFromCurrent,
  type EditableInitiative,
  type InitiativeFormValues,
} from './initiative-form-model';

export interface InitiativeFormOptions {
  people: readonly { id: string; name: string }[];
  /** Units the viewer may put work in (plus the initiative's own). */
  units: readonly { id: string; name: string }[];
}

/**
 * Edits an initiative's title, status, owner, unit, dates, budget and capacity, with a why for
 * the history. Sends only the changed fields with the version read when the form opened; when
 * someone else saved first, shows their values next to these (CONFLICT) and lets the user choose.
 */
export function InitiativeForm({
  initiative,
  options,
  onSaved,
  onCancel,
}: {
  initiative: EditableInitiative;
  options: InitiativeFormOptions;
  onSaved?: () => void;
  onCancel?: () => void;
}) {
  const [original, setOriginal] = useState(() => initiativeFormValues(initiative));
  const [values, setValues] = useState(original);
  const [version, setVersion] = useState(initiative.version);
  const [reason, setReason] = useState('');
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [mutate] = useMutation(InitiativeUpdateDocument);
  const form = useForm();
  const { errors } = form;
  const names = Object.fromEntries([...options.people, ...options.units].map((x) => [x.id, x.name]));
  const set =
    (k: keyof InitiativeFormValues) =>
    (e: { target: { value: string } }): void =>
      setValues((v) => ({ ...v, [k]: e.target.value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const changes = initiativeChanges(original, values);
    const ok = await form.run({
      validate: () => {
        const errs = validateInitiativeForm(values);
        if (!Object.keys(errs).length && !Object.keys(changes).length) errs._form = 'Nothing changed.';
        return errs;
      },
      send: () =>
        mutate({
          variables: {
            input: {
              id: initiative.id,
              version,
              ...changes,
              ...(reason.trim() ? { reason: reason.trim() } : {}),
            },
          },
        }),
      onSuccess: (res) => {
        setConflict(null);
        const saved = res.data?.updateInitiative;
        if (saved) {
          const now = initiativeFormValues(saved);
          setOriginal(now);
          setValues(now);
          setVersion(saved.version);
        }
        setReason('');
      },
      onError: (err) => {
        const c = conflictFrom(err, changes as Record<string, unknown>, names);
        setConflict(c);
        return c ? null : fieldErrors(err);
      },
    });
    if (ok) onSaved?.();
  }

  const unitChoices = options.units.some((u) => u.id === values.unitId)
    ? options.units
    : [{ id: values.unitId, name: names[values.unitId] ?? '…' }, ...options.units];
  return (
    <form onSubmit={submit} noValidate aria-label="Edit initiative" className="stack-sm">
      {conflict && (
        <ConflictNotice
          conflict={conflict}
          onUseTheirs={() => {
            const theirs = valuesFromCurrent(conflict.current, values);
            setOriginal(theirs);
            setValues(theirs);
            setVersion(Number(conflict.current.version));
            setConflict(null);
          }}
          onKeepMine={() => {
            // Only what this user changed is sent again, now on top of the newer version.
            setVersion(Number(conflict.current.version));
            setConflict(null);
          }}
        />
      )}
      <Field label="Title" error={errors.title}>
        {(p) => <input {...p} className="input" value={values.title} onChange={set('title')} />}
      </Field>
      <div className="form-grid">
        <Field label="Status" error={errors.status}>
          {(p) => (
            <select {...p} className="input" value={values.status} onChange={set('status')}>
              {INITIATIVE_STATUSES.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Owner" error={errors.ownerId}>
          {(p) => (
            <select {...p} className="input" value={values.ownerId} onChange={set('ownerId')}>
              {!options.people.some((x) => x.id === values.ownerId) && (
                <option value={values.ownerId}>{names[values.ownerId] ?? '…'}</option>
              )}
              {options.people.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Unit" error={errors.unitId}>
          {(p) => (
            <select {...p} className="input" value={values.unitId} onChange={set('unitId')}>
              {unitChoices.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Start" error={errors.startDate}>
          {(p) => (
            <input
              {...p}
              className="input"
              type="date"
              value={values.startDate}
              onChange={set('startDate')}
            />
          )}
        </Field>
        <Field label="End" error={errors.endDate}>
          {(p) => (
            <input {...p} className="input" type="date" value={values.endDate} onChange={set('endDate')} />
          )}
        </Field>
        <Field label="Budget" error={errors.budget} hint="Empty when it has none">
          {(p) => (
            <input
              {...p}
              className="input"
              inputMode="decimal"
              value={values.budget}
              onChange={set('budget')}
            />
          )}
        </Field>
        <Field label="Capacity (FTE)" error={errors.capacity} hint="People committed, full-time equivalents">
          {(p) => (
            <input
              {...p}
              className="input"
              inputMode="decimal"
              value={values.capacity}
              onChange={set('capacity')}
            />
          )}
        </Field>
      </div>
      <Field label="Why (kept in the history)" error={errors.reason}>
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
      <FormError message={errors._form ?? errors.version} />
      <div className="form-actions">
        <button className="btn btn-primary" type="submit" disabled={form.submitting}>
          {form.submitting ? 'Saving…' : 'Save initiative'}
        </button>
        {onCancel && (
          <button className="btn" type="button" onClick={onCancel}>
            Close editor
          </button>
        )}
        {form.succeeded && (
          <span className="tone-green small" role="status">
            Saved. Everyone viewing this initiative sees the change.
          </span>
        )}
      </div>
    </form>
  );
}
