import {
  CreatePlanDocument,
  PlansDocument,
  ViewerDocument,
  type Framework,
} from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { useEffect, useRef, useState } from 'react';
import { Field } from '../ui/components';
import { FormError, useForm, type FieldErrors } from '../ui/form';
import { FRAMEWORKS, nextQuarter } from './frameworks';

/**
 * A new plan: its name, framework, unit and period. The plan lists (this page's and every plan
 * picker's) refresh before the form says it is done.
 */
export function CreatePlanForm({
  units,
  onCreated,
  onCancel,
}: {
  units: { id: string; name: string }[];
  onCreated: (plan: { id: string; name: string }) => void;
  onCancel: () => void;
}) {
  const period = nextQuarter(new Date());
  const [name, setName] = useState('');
  const [framework, setFramework] = useState<string>(FRAMEWORKS[0].id);
  const [unitId, setUnitId] = useState(units[0]?.id ?? '');
  const [periodStart, setPeriodStart] = useState(period.start);
  const [periodEnd, setPeriodEnd] = useState(period.end);
  const [create] = useMutation(CreatePlanDocument, {
    refetchQueries: [{ query: ViewerDocument }, { query: PlansDocument }],
    awaitRefetchQueries: true,
  });
  const form = useForm();
  const { errors } = form;
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const onSubmit = form.handleSubmit({
    validate: () => {
      const errs: FieldErrors = {};
      if (!name.trim()) errs.name = 'Give the plan a name.';
      if (!unitId) errs.unitId = 'Choose the unit the plan is for.';
      if (!periodStart) errs.periodStart = 'Choose the first day of the period.';
      if (!periodEnd) errs.periodEnd = 'Choose the last day of the period.';
      else if (periodStart && periodEnd < periodStart)
        errs.periodEnd = 'The period must end after it starts.';
      return errs;
    },
    send: () =>
      create({
        variables: {
          input: { name: name.trim(), framework: framework as Framework, unitId, periodStart, periodEnd },
        },
      }),
    onSuccess: (r) => {
      if (r.data) onCreated(r.data.createPlan);
    },
  });
  const hint = FRAMEWORKS.find((f) => f.id === framework)?.hint;
  return (
    <form onSubmit={onSubmit} noValidate aria-label="New plan" className="stack-sm">
      <div className="form-grid">
        <Field label="Name" error={errors.name}>
          {(p) => (
            <input
              {...p}
              ref={first}
              className="input"
              value={name}
              placeholder="e.g. Strategy 2028"
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </Field>
        <Field label="Framework" error={errors.framework} hint={hint}>
          {(p) => (
            <select {...p} className="input" value={framework} onChange={(e) => setFramework(e.target.value)}>
              {FRAMEWORKS.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Unit" error={errors.unitId}>
          {(p) => (
            <select {...p} className="input" value={unitId} onChange={(e) => setUnitId(e.target.value)}>
              {units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
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
              value={periodStart}
              onChange={(e) => setPeriodStart(e.target.value)}
            />
          )}
        </Field>
        <Field label="Period end" error={errors.periodEnd}>
          {(p) => (
            <input
              {...p}
              type="date"
              className="input"
              value={periodEnd}
              onChange={(e) => setPeriodEnd(e.target.value)}
            />
          )}
        </Field>
      </div>
      <FormError message={errors._form} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={form.submitting}>
          Create plan
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
