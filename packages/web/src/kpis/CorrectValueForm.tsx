import { CorrectMeasurementDocument } from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Field } from '../ui/components';
import { FormError, useForm, type FieldErrors } from '../ui/form';
import { formatDate, formatValue } from '../ui/format';
import { parseAmount } from './targets';

/**
 * Corrects one recorded value: the server keeps the old one (superseded, in the history) and the
 * list shows what it was. A note says why. Escape cancels.
 */
export function CorrectValueForm({
  measurement,
  unitOfMeasure,
  onSaved,
  onCancel,
}: {
  measurement: { id: string; value: number; at: string; note?: string | null };
  unitOfMeasure: string;
  onSaved: (message: string) => void;
  onCancel: () => void;
}) {
  const [value, setValue] = useState(String(measurement.value));
  const [note, setNote] = useState('');
  const [correct] = useMutation(CorrectMeasurementDocument);
  const f = useForm();
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => {
    first.current?.focus();
    first.current?.select();
  }, []);
  const uom = unitOfMeasure ? ` (${unitOfMeasure})` : '';
  function submit(e: FormEvent) {
    e.preventDefault();
    const n = parseAmount(value);
    void f.run({
      validate: (): FieldErrors => {
        if (n == null || !Number.isFinite(n)) return { value: 'Enter a number.' };
        if (n === measurement.value) return { value: 'That is the value already recorded.' };
        if (note.length > 2000) return { note: 'At most 2000 characters.' };
        return {};
      },
      send: () =>
        correct({
          variables: { input: { measurementId: measurement.id, value: n!, note: note.trim() || null } },
        }),
      onSuccess: () =>
        onSaved(
          `Corrected the value for ${formatDate(measurement.at)}: ${formatValue(measurement.value, unitOfMeasure)} → ${formatValue(n!, unitOfMeasure)}. The old value stays in the history.`,
        ),
    });
  }
  return (
    <form
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
      noValidate
      aria-label={`Correct the value for ${formatDate(measurement.at)}`}
      className="stack-sm kpi-correct-form"
    >
      <div className="form-grid">
        <Field label={`Corrected value${uom}`} error={f.errors.value}>
          {(p) => (
            <input
              {...p}
              ref={first}
              className="input"
              inputMode="decimal"
              name="value"
              value={value}
              onChange={(e) => setValue(e.target.value)}
            />
          )}
        </Field>
        <Field label="Why (kept with the value)" error={f.errors.note}>
          {(p) => (
            <input
              {...p}
              className="input"
              name="note"
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
          )}
        </Field>
      </div>
      <FormError message={f.errors._form ?? f.errors.measurementId} />
      <div className="form-actions mt-0">
        <button className="btn btn-primary btn-sm" type="submit" disabled={f.submitting}>
          {f.submitting ? 'Saving…' : 'Save correction'}
        </button>
        <button className="btn btn-ghost btn-sm" type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
