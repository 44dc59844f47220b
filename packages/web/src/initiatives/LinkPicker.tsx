import { useState } from 'react';
import { fieldErrors } from '../graphql/errors';
import { ChoiceSelect, Field } from '../ui/components';
import { FormError, useForm, type FieldErrors } from '../ui/form';

/** Picks one more item to link (an objective or a KPI) and links it. */
export function LinkPicker({
  label,
  buttonLabel,
  options,
  onLink,
}: {
  label: string;
  buttonLabel: string;
  options: readonly { id: string; label: string }[];
  onLink: (id: string) => Promise<unknown>;
}) {
  const [choice, setChoice] = useState('');
  const form = useForm();
  const onSubmit = form.handleSubmit({
    validate: (): FieldErrors => (choice ? {} : { choice: 'Choose one first.' }),
    send: () => onLink(choice),
    onSuccess: () => setChoice(''),
    // The link's field (objectiveId, kpiId) is this picker's only field: show any refusal beside it.
    onError: (err) => ({ choice: Object.values(fieldErrors(err))[0] ?? 'Could not link it.' }),
  });
  if (options.length === 0) return null;
  return (
    <form onSubmit={onSubmit} noValidate className="form-grid mt-3 items-end link-picker" aria-label={label}>
      <Field label={label} error={form.errors.choice}>
        {(p) => <ChoiceSelect fieldProps={p} value={choice} onChange={setChoice} options={options} />}
      </Field>
      <div>
        <button className="btn" type="submit" disabled={form.submitting}>
          {buttonLabel}
        </button>
      </div>
      <FormError message={form.errors._form} />
    </form>
  );
}
