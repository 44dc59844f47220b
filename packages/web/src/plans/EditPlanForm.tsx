import {
  PlansDocument,
  UpdatePlanDocument,
  ViewerDocument,
  type Framework,
} from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { useEffect, useRef, useState } from 'react';
import { conflictFrom, fieldErrors, type Conflict } from '../graphql/errors';
import { ConflictNotice } from '../plan/ConflictNotice';
import { Field } from '../ui/components';
import { FormError, useForm, type FieldErrors } from '../ui/form';
import { FRAMEWORKS } from './frameworks';

interface EditablePlan {
  id: string;
  name: string;
  framework: string;
  periodStart: string;
  periodEnd: string;
  version: number;
}

/** Rename a plan, change its period or framework; a save against a newer version shows both values. */
export function EditPlanForm({
  plan,
  onDone,
  onSaved,
  onEditing,
}: {
  plan: EditablePlan;
  /** Closes the form without saving (Cancel, Escape). */
  onDone: () => void;
  onSaved: (name: string) => void;
  /** Tells the plan's presence what is being edited (null when the form closes). */
  onEditing?: (label: string | null) => void;
}) {
  const original = {
    name: plan.name,
    framework: plan.framework,
    periodStart: plan.periodStart,
    periodEnd: plan.periodEnd,
  };
  const [values, setValues] = useState(original);
  const [version, setVersion] = useState(plan.version);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [update] = useMutation(UpdatePlanDocument, {
    refetchQueries: [{ query: ViewerDocument }, { query: PlansDocument }],
    awaitRefetchQueries: true,
  });
  const form = useForm();
  const { errors } = form;
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => {
    first.current?.focus();
    onEditing?.(`Plan “${plan.name}”`);
    return () => onEditing?.(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const set = (k: keyof typeof original) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [k]: e.target.value }));
  const changes = () =>
    Object.fromEntries(
      (Object.keys(original) as (keyof typeof original)[])
        .filter((k) => values[k] !== original[k])
        .map((k) => [k, values[k]]),
    ) as Partial<typeof original>;
  const onSubmit = form.handleSubmit({
    validate: () => {
      const errs: FieldErrors = {};
      if (!values.name.trim()) errs.name = 'The name must not be empty.';
      if (values.periodEnd < values.periodStart) errs.periodEnd = 'The period must end after it starts.';
      return errs;
    },
    send: () => {
      const c = changes();
      return update({
        variables: {
          input: {
            id: plan.id,
            version,
            ...c,
            name: c.name?.trim(),
            framework: c.framework as Framework | undefined,
          },
        },
      });
    },
    onSuccess: (r) => {
      setConflict(null);
      onSaved(r.data?.updatePlan.name ?? values.name);
    },
    onError: (err) => {
      const c = conflictFrom(err, changes());
      if (c) {
        setConflict(c);
        return null;
      }
      return fieldErrors(err);
    },
  });
  const hint = FRAMEWORKS.find((f) => f.id === values.framework)?.hint;
  return (
    <form
      onSubmit={onSubmit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onDone();
      }}
      noValidate
      aria-label={`Edit plan ${plan.name}`}
      className="stack-sm plan-edit"
    >
      {conflict && (
        <ConflictNotice
          conflict={conflict}
          onUseTheirs={() => {
            const c = conflict.current;
            setValues({
              name: String(c.name ?? values.name),
              framework: String(c.framework ?? values.framework),
              periodStart: String(c.periodStart ?? values.periodStart).slice(0, 10),
              periodEnd: String(c.periodEnd ?? values.periodEnd).slice(0, 10),
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
        <Field label="Name" error={errors.name}>
          {(p) => <input {...p} ref={first} className="input" value={values.name} onChange={set('name')} />}
        </Field>
        <Field label="Framework" error={errors.framework} hint={hint}>
          {(p) => (
            <select {...p} className="input" value={values.framework} onChange={set('framework')}>
              {FRAMEWORKS.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Period start" error={errors.periodStart}>
          {(p) => (
            <input
              {...p}
              type="date"
              className="input"
              value={values.periodStart}
              onChange={set('periodStart')}
            />
          )}
        </Field>
        <Field label="Period end" error={errors.periodEnd}>
          {(p) => (
            <input
              {...p}
              type="date"
              className="input"
              value={values.periodEnd}
              onChange={set('periodEnd')}
            />
          )}
        </Field>
      </div>
      <FormError message={errors._form} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={form.submitting}>
          Save plan
        </button>
        <button type="button" className="btn" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
