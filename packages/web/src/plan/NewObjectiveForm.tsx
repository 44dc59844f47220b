import { CreateObjectiveDocument, type Perspective } from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { useViewer } from '../app-shell/viewer';
import { Field } from '../ui/components';
import { FormError, useForm, type FieldErrors } from '../ui/form';
import { humanize } from '../ui/format';
import { usePeople } from './forms';
import { escapeCancels, useFocusOnOpen } from './keyboard';
import { OwnerUnitFields } from './OwnerUnitFields';

const PERSPECTIVES = ['FINANCIAL', 'CUSTOMER', 'INTERNAL_PROCESS', 'LEARNING_GROWTH'];

/**
 * Adds an objective to the plan, at the top level or under a parent: title, owner, unit,
 * perspective. Keyboard first: focus starts in the title, Enter saves, Escape cancels.
 */
export function NewObjectiveForm({
  planId,
  parent,
  units,
  onCreated,
  onCancel,
}: {
  planId: string;
  parent: { id: string; title: string; unit: { id: string } } | null;
  units: readonly { id: string; name: string }[];
  onCreated: (created: { id: string; title: string; version: number }) => void;
  onCancel: () => void;
}) {
  const { viewer } = useViewer();
  const { people } = usePeople();
  const firstUnit =
    parent && units.some((u) => u.id === parent.unit.id) ? parent.unit.id : (units[0]?.id ?? '');
  const [form, setForm] = useState({
    title: '',
    ownerId: viewer.id,
    unitId: firstUnit,
    perspective: '',
  });
  const [create] = useMutation(CreateObjectiveDocument);
  const f = useForm();
  const titleRef = useFocusOnOpen<HTMLInputElement>();
  const set = (k: keyof typeof form) => (v: string) => setForm((x) => ({ ...x, [k]: v }));
  const onSubmit = f.handleSubmit({
    validate: () => {
      const errs: FieldErrors = {};
      if (!form.title.trim()) errs.title = 'Give the objective a title.';
      if (!form.unitId) errs.unitId = 'Pick a unit.';
      if (!form.ownerId) errs.ownerId = 'Pick an owner.';
      return errs;
    },
    send: () =>
      create({
        variables: {
          input: {
            planId,
            parentId: parent?.id ?? null,
            title: form.title.trim(),
            ownerId: form.ownerId,
            unitId: form.unitId,
            perspective: (form.perspective || null) as Perspective | null,
          },
        },
      }),
    onSuccess: (r) => {
      if (r.data) onCreated(r.data.createObjective);
    },
  });
  const label = parent ? `Add objective under “${parent.title}”` : 'Add objective';
  return (
    <form
      onSubmit={onSubmit}
      onKeyDown={escapeCancels(onCancel)}
      noValidate
      aria-label={label}
      className="stack-sm"
    >
      <h3 className="quick-title">{label}</h3>
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
      <div className="form-grid">
        <OwnerUnitFields
          ownerId={form.ownerId}
          unitId={form.unitId}
          onOwner={set('ownerId')}
          onUnit={set('unitId')}
          people={people}
          units={units}
          errors={f.errors}
        />
        <Field label="Perspective" error={f.errors.perspective}>
          {(p) => (
            <select
              {...p}
              className="input"
              value={form.perspective}
              onChange={(e) => set('perspective')(e.target.value)}
            >
              <option value="">—</option>
              {PERSPECTIVES.map((x) => (
                <option key={x} value={x}>
                  {humanize(x)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <FormError message={f.errors._form} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={f.submitting}>
          {f.submitting ? 'Saving…' : 'Save objective'}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
