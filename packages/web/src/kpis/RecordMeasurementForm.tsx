import { CorrectMeasurementDocument, RecordMeasurementDocument } from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Field } from '../ui/components';
import { FormError, useForm } from '../ui/form';
import { formatDate, formatValue } from '../ui/format';
import { validateMeasurement } from './chart-data';
import { dayToInstant, periodOf, today, valueInPeriod } from './record-value';

/** A current value of the KPI, as the form needs it to spot a second value for a period. */
export interface RecordedValue {
  id: string;
  value: number;
  at: string;
}

/**
 * Records one value for a day (today unless changed; back to today after each record), with
 * client-side checks first, then the server's errors by field. A second value for a period
 * the KPI already has a value for is not sent at once: the form offers to correct the first
 * (the correction keeps the old value in history) or to record a second one anyway.
 */
export function RecordMeasurementForm({
  kpiId,
  unitOfMeasure,
  frequency,
  measurements,
  onRecorded,
}: {
  kpiId: string;
  unitOfMeasure: string;
  frequency: string;
  measurements: readonly RecordedValue[];
  onRecorded: () => void;
}) {
  const [value, setValue] = useState('');
  const [day, setDay] = useState(() => today());
  const [note, setNote] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const [duplicate, setDuplicate] = useState<RecordedValue | null>(null);
  const [record] = useMutation(RecordMeasurementDocument);
  const [correct] = useMutation(CorrectMeasurementDocument);
  const form = useForm();
  const { errors } = form;
  const number = () => Number(value.trim().replace(',', '.'));
  const period = day ? periodOf(frequency, day) : null;

  const done = (text: string) => {
    setSaved(text);
    setDuplicate(null);
    setValue('');
    setNote('');
    setDay(today());
    onRecorded();
  };
  const recordIt = () =>
    form.run({
      send: () =>
        record({
          variables: {
            input: { kpiId, value: number(), at: dayToInstant(day), note: note.trim() || null },
          },
        }),
      onSuccess: () => done(`Recorded ${formatValue(number(), unitOfMeasure)} for ${formatDate(day)}.`),
    });
  const correctIt = (first: RecordedValue) =>
    form.run({
      send: () =>
        correct({
          variables: { input: { measurementId: first.id, value: number(), note: note.trim() || null } },
        }),
      onSuccess: () =>
        done(
          `Corrected the value for ${formatDate(first.at)}: ${formatValue(first.value, unitOfMeasure)} → ${formatValue(number(), unitOfMeasure)}. The old value stays in the history.`,
        ),
    });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    const problems = validateMeasurement({ value, at: day ? dayToInstant(day) : '', note });
    if (Object.keys(problems).length) {
      form.setErrors(problems);
      return;
    }
    const first = valueInPeriod(measurements, frequency, day);
    if (first) {
      form.setErrors({});
      setDuplicate(first);
      return;
    }
    void recordIt();
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Record a measurement">
      <div className="form-grid form-grid-roomy">
        <Field label={`Value${unitOfMeasure ? ` (${unitOfMeasure})` : ''}`} error={errors.value}>
          {(p) => (
            <input
              {...p}
              className="input"
              inputMode="decimal"
              name="value"
              value={value}
              onChange={(e) => {
                setValue(e.target.value);
                setDuplicate(null);
              }}
            />
          )}
        </Field>
        <Field
          label="For date"
          error={errors.at}
          hint={day && period ? `${formatDate(day)} · period: ${period.label}` : undefined}
        >
          {(p) => (
            <input
              {...p}
              className="input"
              type="date"
              name="at"
              value={day}
              max={today()}
              onChange={(e) => {
                setDay(e.target.value);
                setDuplicate(null);
              }}
            />
          )}
        </Field>
      </div>
      <div className="mt-3">
        <Field
          label="Note (optional)"
          error={errors.note}
          hint="What explains this value? Kept in the history."
        >
          {(p) => (
            <textarea
              {...p}
              className="input"
              name="note"
              rows={2}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
          )}
        </Field>
      </div>
      {duplicate && period && (
        <div className="banner banner-warn mt-3 stack-sm" role="alert" data-testid="duplicate-value">
          <p>
            {period.label[0].toUpperCase() + period.label.slice(1)} already has a value:{' '}
            <strong>{formatValue(duplicate.value, unitOfMeasure)}</strong> for {formatDate(duplicate.at)}. A
            second value would replace it on the chart.
          </p>
          <div className="row row-wrap">
            <button
              type="button"
              className="btn btn-primary"
              disabled={form.submitting}
              onClick={() => void correctIt(duplicate)}
            >
              Correct it to {formatValue(number(), unitOfMeasure)}
            </button>
            <button type="button" className="btn" disabled={form.submitting} onClick={() => void recordIt()}>
              Record a second value
            </button>
            <button type="button" className="btn btn-ghost" onClick={() => setDuplicate(null)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      <FormError message={errors._form ?? errors.kpiId ?? errors.measurementId} className="mt-3" />
      <div className="form-actions">
        <button className="btn btn-primary" type="submit" disabled={form.submitting || !!duplicate}>
          {form.submitting ? 'Recording…' : 'Record value'}
        </button>
        {saved && (
          <span className="tone-green small" role="status">
            {saved}
          </span>
        )}
      </div>
    </form>
  );
}
