import { CancelMeetingDocument, type MeetingScheduleQuery } from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { Field } from '../ui/components';
import { FormError, useForm, type FieldErrors } from '../ui/form';

type Meeting = NonNullable<MeetingScheduleQuery['meeting']>;

/** Cancels a scheduled review with a reason the participants are told. */
export function MeetingHeaderActionsCancel({
  meeting: m,
  onDone,
  onCancel,
}: {
  meeting: Meeting;
  onDone: () => void;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState('');
  const [cancel] = useMutation(CancelMeetingDocument);
  const form = useForm();
  const { errors } = form;
  const onSubmit = form.handleSubmit({
    validate: () => {
      const errs: FieldErrors = {};
      if (!reason.trim()) errs.reason = 'Say why, so participants know.';
      return errs;
    },
    send: () => cancel({ variables: { id: m.id, reason: reason.trim(), version: m.version } }),
    onSuccess: () => onDone(),
  });
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Cancel the review" className="card stack-sm">
      <Field label="Reason for cancelling" error={errors.reason}>
        {(p) => (
          <textarea
            {...p}
            className="input"
            rows={2}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        )}
      </Field>
      <FormError message={errors._form ?? errors.id} />
      <div className="form-actions">
        <button className="btn btn-danger" type="submit" disabled={form.submitting}>
          Cancel the review
        </button>
        <button className="btn btn-ghost" type="button" onClick={onCancel}>
          Keep it
        </button>
      </div>
    </form>
  );
}
