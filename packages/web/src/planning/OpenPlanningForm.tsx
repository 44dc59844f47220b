import { OpenPlanningDocument, type PlanningPageQuery } from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { useViewer } from '../app-shell/viewer';
import { ChoiceSelect, Field } from '../ui/components';
import { FormError, useForm } from '../ui/form';
import './planning.css';

/** Opens a plan (executives) or the part of a unit the viewer heads for planning a period. */
export function OpenPlanningForm({
  plans,
  onDone,
  onCancel,
}: {
  plans: PlanningPageQuery['plans'];
  onDone: () => void;
  onCancel: () => void;
}) {
  const { viewer } = useViewer();
  const exec = viewer.role === 'EXECUTIVE';
  const [planId, setPlanId] = useState(plans.length === 1 ? plans[0].id : '');
  const [unitId, setUnitId] = useState(exec ? '' : (viewer.heads[0]?.id ?? ''));
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [open] = useMutation(OpenPlanningDocument);
  const form = useForm();
  return (
    <form
      className="card nego-form"
      aria-label="Open planning"
      onSubmit={form.handleSubmit({
        validate: () => {
          const e: Record<string, string> = {};
          if (!planId) e.planId = 'Choose a plan.';
          if (!start) e.periodStart = 'Choose the first day.';
          if (!end) e.periodEnd = 'Choose the last day.';
          return e;
        },
        send: () =>
          open({
            variables: { input: { planId, unitId: unitId || null, periodStart: start, periodEnd: end } },
          }),
        onSuccess: onDone,
      })}
    >
      <h2>Open planning</h2>
      <div className="form-grid">
        <Field label="Plan" error={form.errors.planId}>
          {(p) => (
            <ChoiceSelect
              fieldProps={p}
              value={planId}
              onChange={setPlanId}
              options={plans.map((x) => ({ id: x.id, label: x.name }))}
            />
          )}
        </Field>
        <Field
          label="Part"
          error={form.errors.unitId}
          hint={exec ? 'Leave empty to open the whole plan.' : 'The unit you head.'}
        >
          {(p) => (
            <ChoiceSelect
              fieldProps={p}
              value={unitId}
              onChange={setUnitId}
              options={viewer.heads.map((u) => ({ id: u.id, label: u.name }))}
            />
          )}
        </Field>
        <Field label="First day" error={form.errors.periodStart}>
          {(p) => (
            <input
              {...p}
              type="date"
              className="input"
              value={start}
              onChange={(e) => setStart(e.target.value)}
            />
          )}
        </Field>
        <Field label="Last day" error={form.errors.periodEnd}>
          {(p) => (
            <input
              {...p}
              type="date"
              className="input"
              value={end}
              onChange={(e) => setEnd(e.target.value)}
            />
          )}
        </Field>
      </div>
      <FormError message={form.errors._form} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={form.submitting}>
          {form.submitting ? 'Opening…' : 'Open for planning'}
        </button>
        <button type="button" className="btn btn-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
