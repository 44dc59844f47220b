import { AddMilestoneDocument } from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { Field } from '../ui/components';
import { FormError, useForm, type FieldErrors } from '../ui/form';

/** Adds a milestone (name and due date) to an initiative. */
export function AddMilestoneForm({ initiativeId, onAdded }: { initiativeId: string; onAdded: () => void }) {
  const [title, setTitle] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [add] = useMutation(AddMilestoneDocument);
  const form = useForm();
  const { errors } = form;
  const onSubmit = form.handleSubmit({
    validate: () => {
      const errs: FieldErrors = {};
      if (!title.trim()) errs.title = 'Name the milestone.';
      if (!dueDate) errs.dueDate = 'Pick a due date.';
      return errs;
    },
    send: () => add({ variables: { input: { initiativeId, title: title.trim(), dueDate } } }),
    onSuccess: () => {
      setTitle('');
      setDueDate('');
      onAdded();
    },
  });
  return (
    <form onSubmit={onSubmit} noValidate className="form-grid mt-3 items-end" aria-label="Add a milestone">
      <Field label="New milestone" error={errors.title}>
        {(p) => <input {...p} className="input" value={title} onChange={(e) => setTitle(e.target.value)} />}
      </Field>
      <Field label="Due" error={errors.dueDate}>
        {(p) => (
          <input
            {...p}
            className="input"
            type="date"
            value={dueDate}
            onChange={(e) => setDueDate(e.target.value)}
          />
        )}
      </Field>
      <div>
        <button className="btn" type="submit" disabled={form.submitting}>
          Add milestone
        </button>
      </div>
      <FormError message={errors._form} />
    </form>
  );
}
