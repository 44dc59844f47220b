import { ScheduleMeetingDocument, type MeetingKind } from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { useViewer } from '../app-shell/viewer';
import { selectHome } from '../home/select-home';
import { usePeople } from '../plan/forms';
import { Field } from '../ui/components';
import { humanize } from '../ui/format';
import { FormError, useForm, type FieldErrors } from '../ui/form';
import { ScheduleParticipantPicker } from './ScheduleParticipantPicker';

/**
 * The unit a new review is of by default: the one the person heads (the widest), else their own
 * unit, else the company; never simply the first in the list.
 */
function ownUnitId(
  viewer: { role: string; heads: { id: string; kind?: string }[]; unit: { id: string } | null },
  units: { id: string; kind: string }[],
): string {
  const headed = selectHome(viewer).unitId;
  const own = viewer.unit?.id;
  return (
    [headed, own].find((id) => id && units.some((u) => u.id === id)) ??
    units.find((u) => u.kind === 'COMPANY')?.id ??
    units[0]?.id ??
    ''
  );
}

/** Schedules a review: unit, kind, title, chair, participants (picked by name) and time. */
export function ScheduleForm({
  units,
  onDone,
}: {
  units: { id: string; name: string; kind: string }[];
  onDone: (id: string) => void;
}) {
  const { viewer } = useViewer();
  const { people } = usePeople();
  const [form, setForm] = useState({
    unitId: ownUnitId(viewer, units),
    kind: 'MONTHLY_OPERATIONAL' as MeetingKind,
    title: '',
    chairId: viewer.id,
    scheduledAt: '',
  });
  const [participantIds, setParticipantIds] = useState<string[]>([]);
  const [schedule] = useMutation(ScheduleMeetingDocument);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.target.value }));
  const submit = useForm();
  const { errors } = submit;
  const onSubmit = submit.handleSubmit({
    validate: () => {
      const errs: FieldErrors = {};
      if (!form.unitId) errs.unitId = 'Pick the unit under review.';
      if (!form.scheduledAt) errs.scheduledAt = 'Pick a date and time.';
      return errs;
    },
    send: () =>
      schedule({
        variables: {
          input: {
            unitId: form.unitId,
            kind: form.kind,
            chairId: form.chairId,
            participantIds: participantIds.filter((p) => p !== form.chairId),
            title: form.title.trim() || undefined,
            scheduledAt: new Date(form.scheduledAt).toISOString(),
          },
        },
      }),
    onSuccess: (res) => {
      if (res.data) onDone(res.data.scheduleMeeting.id);
    },
  });
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Schedule a review" className="stack-sm">
      <Field label="Unit under review" error={errors.unitId}>
        {(p) => (
          <select {...p} className="input" value={form.unitId} onChange={set('unitId')}>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Kind" error={errors.kind}>
        {(p) => (
          <select {...p} className="input" value={form.kind} onChange={set('kind')}>
            {['MONTHLY_OPERATIONAL', 'QUARTERLY_STRATEGIC', 'ANNUAL_REFRESH'].map((k) => (
              <option key={k} value={k}>
                {humanize(k)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Title (optional)" error={errors.title}>
        {(p) => <input {...p} className="input" value={form.title} onChange={set('title')} />}
      </Field>
      <Field label="Chair" error={errors.chairId}>
        {(p) => (
          <select {...p} className="input" value={form.chairId} onChange={set('chairId')}>
            {people.length === 0 && <option value={viewer.id}>{viewer.name}</option>}
            {people.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <ScheduleParticipantPicker
        label="Participants"
        people={people}
        selected={participantIds.filter((p) => p !== form.chairId)}
        onChange={setParticipantIds}
        exclude={[form.chairId]}
        error={Object.entries(errors).find(([k]) => k.startsWith('participantIds'))?.[1]}
      />
      <Field label="When" error={errors.scheduledAt}>
        {(p) => (
          <input
            {...p}
            className="input"
            type="datetime-local"
            value={form.scheduledAt}
            onChange={set('scheduledAt')}
          />
        )}
      </Field>
      <p className="small faint">
        The chair and participants receive a calendar invitation by email, updated if the review moves.
      </p>
      <FormError message={errors._form} />
      <div className="form-actions">
        <button className="btn btn-primary" type="submit" disabled={submit.submitting}>
          Schedule
        </button>
      </div>
    </form>
  );
}
