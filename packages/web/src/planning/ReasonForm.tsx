import { useState } from 'react';
import { Field } from '../ui/components';
import { FormError, useForm } from '../ui/form';
import './planning.css';

/** A one-text form (withdraw with a reason, a comment): sends the text, then closes. */
export function ReasonForm({
  label,
  field,
  submitLabel,
  required,
  send,
  onDone,
  onCancel,
}: {
  label: string;
  field: string;
  submitLabel: string;
  required: boolean;
  send: (text: string) => Promise<unknown>;
  onDone: () => void;
  onCancel: () => void;
}) {
  const [text, setText] = useState('');
  const form = useForm();
  return (
    <form
      className="nego-subform"
      aria-label={submitLabel}
      onSubmit={form.handleSubmit({
        validate: (): Record<string, string> =>
          required && !text.trim() ? { [field]: `Write the ${label.toLowerCase()}.` } : {},
        send: () => send(text.trim()),
        onSuccess: onDone,
      })}
    >
      <Field label={label} error={form.errors[field]}>
        {(p) => (
          <textarea
            {...p}
            className="input"
            rows={2}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        )}
      </Field>
      <FormError message={form.errors._form ?? form.errors.negotiationId ?? form.errors.version} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary btn-sm" disabled={form.submitting}>
          {submitLabel}
        </button>
        <button type="button" className="btn btn-ghost btn-sm" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
