import { LinkKpiDocument } from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { ChoiceSelect, Field } from '../ui/components';
import { FormError, useForm, type FieldErrors } from '../ui/form';

/** Links a KPI to an objective it measures (from any objective the viewer may link). */
export function LinkKpiForm({
  objectives,
  kpis,
  onLinked,
}: {
  objectives: { id: string; title: string }[];
  kpis: { id: string; name: string }[];
  onLinked: (link: { kpiId: string; objectiveId: string }) => void;
}) {
  const [kpiId, setKpiId] = useState('');
  const [objectiveId, setObjectiveId] = useState('');
  const [link] = useMutation(LinkKpiDocument);
  const form = useForm();
  const { errors } = form;
  const onSubmit = form.handleSubmit({
    validate: () => {
      const errs: FieldErrors = {};
      if (!kpiId) errs.kpiId = 'Pick a KPI.';
      if (!objectiveId) errs.objectiveId = 'Pick an objective.';
      return errs;
    },
    send: () => link({ variables: { kpiId, objectiveId } }),
    onSuccess: () => onLinked({ kpiId, objectiveId }),
  });
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Link a KPI to an objective" className="stack-sm">
      <div className="form-grid">
        <Field label="KPI" error={errors.kpiId}>
          {(p) => (
            <ChoiceSelect
              fieldProps={p}
              value={kpiId}
              onChange={setKpiId}
              options={kpis.map((k) => ({ id: k.id, label: k.name }))}
            />
          )}
        </Field>
        <Field label="measures objective" error={errors.objectiveId}>
          {(p) => (
            <ChoiceSelect
              fieldProps={p}
              value={objectiveId}
              onChange={setObjectiveId}
              options={objectives.map((o) => ({ id: o.id, label: o.title }))}
            />
          )}
        </Field>
      </div>
      <FormError message={errors._form} />
      <div className="form-actions">
        <button type="submit" className="btn" disabled={form.submitting}>
          Link
        </button>
        {form.succeeded && (
          <span className="tone-green small" role="status">
            Linked.
          </span>
        )}
      </div>
    </form>
  );
}
