import { QuickCreateInitiativeDocument } from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { useViewer } from '../app-shell/viewer';
import { ChoiceSelect, Field } from '../ui/components';
import { FormError, useForm, type FieldErrors } from '../ui/form';
import { usePeople } from './forms';
import { escapeCancels, useFocusOnOpen } from './keyboard';
import { OwnerUnitFields } from './OwnerUnitFields';

/**
 * "Add initiative" under an objective: title, owner, unit, dates, and optionally one of the
 * objective's KPIs it moves. Budget, capacity and milestones live on the initiative's own page.
 */
export function QuickInitiativeForm({
  planId,
  objective,
  units,
  onCreated,
  onCancel,
}: {
  planId: string;
  objective: {
    id: string;
    title: string;
    unit: { id: string };
    kpis: readonly { id: string; name: string }[];
  };
  units: readonly { id: string; name: string }[];
  onCreated: (created: { id: string; title: string; version: number }, kpiId: string | null) => void;
  onCancel: () => void;
}) {
  const { viewer } = useViewer();
  const { people } = usePeople();
  const [form, setForm] = useState({
    title: '',
    ownerId: viewer.id,
    unitId: units.some((u) => u.id === objective.unit.id) ? objective.unit.id : (units[0]?.id ?? ''),
    startDate: '',
    endDate: '',
    kpiId: '',
  });
  const [create] = useMutation(QuickCreateInitiativeDocument);
  const f = useForm();
  const titleRef = useFocusOnOpen<HTMLInputElement>();
  const set = (k: keyof typeof form) => (v: string) => setForm((x) => ({ ...x, [k]: v }));
  const onSubmit = f.handleSubmit({
    validate: () => {
      const errs: FieldErrors = {};
      if (!form.title.trim()) errs.title = 'Give the initiative a title.';
      if (!form.unitId) errs.unitId = 'Pick a unit.';
      if (!form.ownerId) errs.ownerId = 'Pick an owner.';
      if (form.startDate && form.endDate && form.endDate < form.startDate)
        errs.endDate = 'The end must not be before the start.';
      return errs;
    },
    send: () =>
      create({
        variables: {
          input: {
            planId,
            title: form.title.trim(),
            ownerId: form.ownerId,
            unitId: form.unitId,
            startDate: form.startDate || null,
            endDate: form.endDate || null,
            objectiveIds: [objective.id],
            kpiIds: form.kpiId ? [form.kpiId] : [],
          },
        },
      }),
    onSuccess: (r) => {
      if (r.data) onCreated(r.data.createInitiative, form.kpiId || null);
    },
  });
  const label = `Add initiative to “${objective.title}”`;
  return (
    <form
      onSubmit={onSubmit}
      onKeyDown={escapeCancels(onCancel)}
      noValidate
      aria-label={label}
      className="stack-sm"
    >
      <h3 className="quick-title">{label}</h3>
      <div className="form-grid">
        <Field label="Title" error={f.errors.title}>
          {(p) => (
            <input
              {...p}
              ref={titleRef}
              className="input"
              value={form.title}
              onChange={(e) => set('title')(e.target.value)}
            />
          )}
        </Field>
        <OwnerUnitFields
          ownerId={form.ownerId}
          unitId={form.unitId}
          onOwner={set('ownerId')}
          onUnit={set('unitId')}
          people={people}
          units={units}
          errors={f.errors}
        />
        <Field label="Start" error={f.errors.startDate}>
          {(p) => (
            <input
              {...p}
              type="date"
              className="input"
              value={form.startDate}
              onChange={(e) => set('startDate')(e.target.value)}
            />
          )}
        </Field>
        <Field label="End" error={f.errors.endDate}>
          {(p) => (
            <input
              {...p}
              type="date"
              className="input"
              value={form.endDate}
              onChange={(e) => set('endDate')(e.target.value)}
            />
          )}
        </Field>
        <Field label="Moves KPI (optional)" error={f.errors.kpiIds}>
          {(p) => (
            <ChoiceSelect
              fieldProps={p}
              value={form.kpiId}
              onChange={set('kpiId')}
              options={objective.kpis.map((k) => ({ id: k.id, label: k.name }))}
            />
          )}
        </Field>
      </div>
      <FormError message={f.errors._form} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={f.submitting}>
          {f.submitting ? 'Saving…' : 'Save initiative'}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
