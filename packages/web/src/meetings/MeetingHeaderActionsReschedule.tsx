import { RescheduleMeetingDocument, type MeetingScheduleQuery } from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { usePeople } from '../plan/forms';
import { Field } from '../ui/components';
import { FormError, useForm, type FieldErrors } from '../ui/form';
import { ScheduleParticipantPicker } from './ScheduleParticipantPicker';

type Meeting = NonNullable<MeetingScheduleQuery['meeting']>;

/** "2027-01-05T09:00" in the browser's zone, as a datetime-local input holds it. */
export function localInputValue(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Moves a scheduled review and changes who takes part. */
export function MeetingHeaderActionsReschedule({
  meeting: m,
  onDone,
  onCancel,
}: {
  meeting: Meeting;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { people } = usePeople();
  const [when, setWhen] = useState(localInputValue(m.scheduledAt));
  const [participantIds, setParticipantIds] = useState(m.participants.map((p) => p.id));
  const [update] = useMutation(RescheduleMeetingDocument);
  const form = useForm();
  const { errors } = form;
  const onSubmit = form.handleSubmit({
    validate: () => {
      const errs: FieldErrors = {};
      if (!when || Number.isNaN(new Date(when).getTime())) errs.scheduledAt = 'Pick a date and time.';
      return errs;
    },
    send: () =>
      update({
        variables: {
          input: { id: m.id, version: m.version, scheduledAt: new Date(when).toISOString(), participantIds },
        },
      }),
    onSuccess: () => onDone(),
  });
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Reschedule the review" className="card stack-sm">
      <Field label="New date and time" error={errors.scheduledAt}>
        {(p) => (
          <input
            {...p}
            className="input"
            type="datetime-local"
            value={when}
            onChange={(e) => setWhen(e.target.value)}
          />
        )}
      </Field>
      <ScheduleParticipantPicker
        label="Participants"
        people={people.length ? people : m.participants}
        selected={participantIds}
        onChange={setParticipantIds}
        exclude={[m.chair.id]}
        error={Object.entries(errors).find(([k]) => k.startsWith('participantIds'))?.[1]}
      />
      <FormError message={errors._form ?? errors.id} />
      <div className="form-actions">
        <button className="btn btn-primary" type="submit" disabled={form.submitting}>
          Save and tell participants
        </button>
        <button className="btn btn-ghost" type="button" onClick={onCancel}>
          Keep as it is
        </button>
      </div>
    </form>
  );
}
