import { SetStrategicReserveDocument } from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { apiErrors } from '../graphql/errors';
import { Field } from '../ui/components';
import { FormError, useForm, type FieldErrors } from '../ui/form';
import './capacity.css';

/** Sets a unit's strategic reserve (a share of its capacity kept free), 0–50%, versioned. */
export default function ReserveForm({
  unit,
  onDone,
}: {
  unit: { id: string; name: string; version: number; strategicReserve: number };
  onDone: () => void;
}) {
  const [percent, setPercent] = useState(String(Math.round(unit.strategicReserve * 1000) / 10));
  const [mutate] = useMutation(SetStrategicReserveDocument);
  const form = useForm();
  const value = Number(percent);
  return (
    <form
      className="reserve-form"
      aria-label={`Strategic reserve of ${unit.name}`}
      noValidate
      onSubmit={form.handleSubmit({
        validate: (): FieldErrors =>
          percent.trim() === '' || !Number.isFinite(value) || value < 0 || value > 50
            ? { strategicReserve: 'Enter a share between 0% and 50%.' }
            : {},
        send: () =>
          mutate({
            variables: {
              input: { id: unit.id, version: unit.version, strategicReserve: Math.round(value * 10) / 1000 },
            },
          }),
        onSuccess: onDone,
        onError: (err): FieldErrors => {
          const [e] = apiErrors(err);
          if (e?.code === 'CONFLICT')
            return { _form: `${unit.name} was changed by someone else meanwhile. Close this and try again.` };
          return e?.field === 'input.strategicReserve'
            ? { strategicReserve: e.message }
            : { _form: e?.message ?? 'The reserve could not be saved.' };
        },
      })}
    >
      <Field
        label={`Reserve of ${unit.name} (%)`}
        error={form.errors.strategicReserve}
        hint="Share of its people kept free, 0–50%"
      >
        {(p) => (
          <input
            {...p}
            className="input input-narrow"
            inputMode="decimal"
            value={percent}
            onChange={(e) => setPercent(e.target.value)}
            autoFocus
            onKeyDown={(e) => {
              if (e.key === 'Escape') onDone();
            }}
          />
        )}
      </Field>
      <FormError message={form.errors._form} />
      <div className="row">
        <button className="btn btn-primary btn-sm" type="submit" disabled={form.submitting}>
          {form.submitting ? 'Saving…' : 'Save reserve'}
        </button>
        <button className="btn btn-ghost btn-sm" type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
