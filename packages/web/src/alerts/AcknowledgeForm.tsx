import { AcknowledgeAlertWithNoteDocument } from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { Field } from '../ui/components';
import { FormError, useForm } from '../ui/form';
import './alerts.css';

const MAX_NOTE = 2000;

/** Acknowledge one alert with an optional note (what is being done about it). */
export function AcknowledgeForm({
  alertId,
  onDone,
  onCancel,
}: {
  alertId: string;
  onDone: () => void;
  onCancel: () => void;
}) {
  const [note, setNote] = useState('');
  const [acknowledge] = useMutation(AcknowledgeAlertWithNoteDocument);
  const form = useForm();
  return (
    <form
      className="alert-ack-form"
      aria-label="Acknowledge alert"
      onSubmit={form.handleSubmit({
        validate: (): Record<string, string> =>
          note.length > MAX_NOTE ? { note: `Keep the note under ${MAX_NOTE} characters.` } : {},
        send: () => acknowledge({ variables: { id: alertId, note: note.trim() || null } }),
        onSuccess: onDone,
      })}
    >
      <Field
        label="Note"
        hint="What is being done about it (optional; shown with the alert)."
        error={form.errors.note}
      >
        {(p) => (
          <textarea
            {...p}
            className="input"
            rows={2}
            value={note}
            autoFocus
            onChange={(e) => setNote(e.target.value)}
          />
        )}
      </Field>
      <FormError message={form.errors._form ?? form.errors.id} />
      <div className="alert-ack-buttons">
        <button type="submit" className="btn btn-primary btn-sm" disabled={form.submitting}>
          {form.submitting ? 'Acknowledging…' : 'Acknowledge alert'}
        </button>
        <button type="button" className="btn btn-sm btn-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
