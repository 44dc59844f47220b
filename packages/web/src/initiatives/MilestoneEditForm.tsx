import { InitiativeMilestoneUpdateDocument } from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { conflictFrom, fieldErrors } from '../graphql/errors';
import { Field } from '../ui/components';
import { FormError, useForm, type FieldErrors } from '../ui/form';

export interface EditableMilestone {
  id: string;
  title: string;
  dueDate: string;
  version: number;
}

/** Renames a milestone or moves its due date, against the version read. */
export function MilestoneEditForm({
  milestone,
  onDone,
  onCancel,
}: {
  milestone: EditableMilestone;
  onDone: () => void;
  onCancel: () => void;
}) {
  const [title, setTitle] = useState(milestone.title);
  const [dueDate, setDueDate] = useState(milestone.dueDate);
  // The version read when the editor opened: a change saved meanwhile by someone else is a CONFLICT.
  const [version] = useState(milestone.version);
  const [update] = useMutation(InitiativeMilestoneUpdateDocument);
  const form = useForm();
  const { errors } = form;
  const onSubmit = form.handleSubmit({
    validate: () => {
      const errs: FieldErrors = {};
      if (!title.trim()) errs.title = 'Name the milestone.';
      if (!dueDate) errs.dueDate = 'Pick a due date.';
      if (!errs.title && !errs.dueDate && title.trim() === milestone.title && dueDate === milestone.dueDate)
        errs._form = 'Nothing changed.';
      return errs;
    },
    send: () =>
      update({
        variables: {
          input: {
            id: milestone.id,
            version,
            ...(title.trim() !== milestone.title ? { title: title.trim() } : {}),
            ...(dueDate !== milestone.dueDate ? { dueDate } : {}),
          },
        },
      }),
    onSuccess: onDone,
    onError: (err) =>
      conflictFrom(err, {})
        ? {
            _form: `Someone else changed this milestone meanwhile (now “${String(
              conflictFrom(err, {})!.current.title ?? milestone.title,
            )}”). Close the editor to see it, then change it again.`,
          }
        : fieldErrors(err),
  });
  return (
    <form
      onSubmit={onSubmit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
      noValidate
      className="form-grid items-end milestone-edit"
      aria-label={`Edit milestone ${milestone.title}`}
    >
      <Field label="Milestone" error={errors.title}>
        {(p) => (
          <input
            {...p}
            className="input"
            autoFocus
            value={title}
            onChange={(e) => setTitle(e.target.value)}
          />
        )}
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
      <div className="form-actions">
        <button className="btn btn-primary btn-sm" type="submit" disabled={form.submitting}>
          Save milestone
        </button>
        <button className="btn btn-sm" type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <FormError message={errors._form} />
    </form>
  );
}
