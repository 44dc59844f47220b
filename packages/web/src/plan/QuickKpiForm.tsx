import { QuickCreateKpiDocument, type Direction, type Frequency } from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useViewer } from '../app-shell/viewer';
import { Field } from '../ui/components';
import { FormError, useForm, type FieldErrors } from '../ui/form';
import { humanize } from '../ui/format';
import { TargetForm, usePeople } from './forms';
import { escapeCancels, useFocusOnOpen } from './keyboard';
import { OwnerUnitFields } from './OwnerUnitFields';

type NewKpi = { id: string; name: string; direction: Direction; version: number };

/**
 * "Add KPI" under an objective: name, unit of measure, direction, frequency, owner and unit; then
 * the target for a period, in the same place. Full editing lives on the KPI's own page.
 */
export function QuickKpiForm({
  objective,
  units,
  onCreated,
  onDone,
}: {
  objective: { id: string; title: string; unit: { id: string } };
  units: readonly { id: string; name: string }[];
  onCreated: (kpi: NewKpi) => void;
  onDone: (kpiId: string | null) => void;
}) {
  const { viewer } = useViewer();
  const { people } = usePeople();
  const [form, setForm] = useState({
    name: '',
    unitOfMeasure: '',
    direction: 'HIGHER_IS_BETTER' as Direction,
    frequency: 'MONTHLY' as Frequency,
    ownerId: viewer.id,
    unitId: units.some((u) => u.id === objective.unit.id) ? objective.unit.id : (units[0]?.id ?? ''),
  });
  const [created, setCreated] = useState<NewKpi | null>(null);
  const [create] = useMutation(QuickCreateKpiDocument);
  const f = useForm();
  const nameRef = useFocusOnOpen<HTMLInputElement>();
  const set = (k: keyof typeof form) => (v: string) => setForm((x) => ({ ...x, [k]: v }));
  const onSubmit = f.handleSubmit({
    validate: () => {
      const errs: FieldErrors = {};
      if (!form.name.trim()) errs.name = 'Give the KPI a name.';
      if (!form.unitOfMeasure.trim()) errs.unitOfMeasure = 'Say what it is measured in (%, days, €).';
      if (!form.unitId) errs.unitId = 'Pick a unit.';
      if (!form.ownerId) errs.ownerId = 'Pick an owner.';
      return errs;
    },
    send: () =>
      create({
        variables: {
          input: {
            name: form.name.trim(),
            unitOfMeasure: form.unitOfMeasure.trim(),
            direction: form.direction,
            frequency: form.frequency,
            ownerId: form.ownerId,
            unitId: form.unitId,
            objectiveIds: [objective.id],
          },
        },
      }),
    onSuccess: (r) => {
      if (!r.data) return;
      setCreated(r.data.createKpi);
      onCreated(r.data.createKpi);
    },
  });
  const label = `Add KPI to “${objective.title}”`;
  if (created)
    return (
      <div className="stack-sm" onKeyDown={escapeCancels(() => onDone(created.id))}>
        <h3 className="quick-title">
          Target for “{created.name}” <span className="small faint">(optional)</span>
        </h3>
        <TargetForm kpi={created} autoFocus onSaved={() => onDone(created.id)} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={() => onDone(created.id)}>
            Done
          </button>
          <Link to={`/kpis/${created.id}`} className="small">
            Open the KPI’s page for every field
          </Link>
        </div>
      </div>
    );
  return (
    <form
      onSubmit={onSubmit}
      onKeyDown={escapeCancels(() => onDone(null))}
      noValidate
      aria-label={label}
      className="stack-sm"
    >
      <h3 className="quick-title">{label}</h3>
      <div className="form-grid">
        <Field label="Name" error={f.errors.name}>
          {(p) => (
            <input
              {...p}
              ref={nameRef}
              className="input"
              value={form.name}
              onChange={(e) => set('name')(e.target.value)}
            />
          )}
        </Field>
        <Field label="Unit of measure" error={f.errors.unitOfMeasure}>
          {(p) => (
            <input
              {...p}
              className="input"
              value={form.unitOfMeasure}
              onChange={(e) => set('unitOfMeasure')(e.target.value)}
              placeholder="%, days, €"
            />
          )}
        </Field>
        <Field label="Direction" error={f.errors.direction}>
          {(p) => (
            <select
              {...p}
              className="input"
              value={form.direction}
              onChange={(e) => set('direction')(e.target.value)}
            >
              <option value="HIGHER_IS_BETTER">Higher is better</option>
              <option value="LOWER_IS_BETTER">Lower is better</option>
            </select>
          )}
        </Field>
        <Field label="Frequency" error={f.errors.frequency}>
          {(p) => (
            <select
              {...p}
              className="input"
              value={form.frequency}
              onChange={(e) => set('frequency')(e.target.value)}
            >
              {['WEEKLY', 'MONTHLY', 'QUARTERLY'].map((x) => (
                <option key={x} value={x}>
                  {humanize(x)}
                </option>
              ))}
            </select>
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
      </div>
      <FormError message={f.errors._form} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={f.submitting}>
          {f.submitting ? 'Saving…' : 'Save KPI'}
        </button>
        <button type="button" className="btn" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
