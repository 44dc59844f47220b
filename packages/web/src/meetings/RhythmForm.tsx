import { SetReviewRhythmDocument, type MeetingKind } from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { usePeople } from '../plan/forms';
import { Field } from '../ui/components';
import { FormError, useForm, type FieldErrors } from '../ui/form';
import { ScheduleParticipantPicker } from './ScheduleParticipantPicker';

/** A rhythm as the form starts from (an existing one, when changing it). */
export interface RhythmDraft {
  unitId: string;
  kind: MeetingKind;
  ordinal: number;
  weekday: number;
  time: string;
  participantIds: string[];
  version?: number;
}

export const ORDINALS = [
  { value: 1, label: 'First' },
  { value: 2, label: 'Second' },
  { value: 3, label: 'Third' },
  { value: 4, label: 'Fourth' },
  { value: -1, label: 'Last' },
];
export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** Sets a unit's review rhythm: which weekday of the month (or quarter), at what time, and who is invited. */
export function RhythmForm({
  units,
  initial,
  onDone,
  onCancel,
}: {
  units: { id: string; name: string }[];
  initial: RhythmDraft;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { people } = usePeople();
  const [draft, setDraft] = useState(initial);
  const [save] = useMutation(SetReviewRhythmDocument);
  const form = useForm();
  const { errors } = form;
  const set =
    <K extends keyof RhythmDraft>(k: K, parse: (v: string) => RhythmDraft[K]) =>
    (e: { target: { value: string } }) =>
      setDraft((d) => ({ ...d, [k]: parse(e.target.value) }));
  const onSubmit = form.handleSubmit({
    validate: () => {
      const errs: FieldErrors = {};
      if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(draft.time)) errs.time = 'Give a time such as 09:00.';
      return errs;
    },
    send: () => save({ variables: { input: { ...draft, version: draft.version ?? null } } }),
    onSuccess: () => onDone(),
  });
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Set a review rhythm" className="stack-sm">
      <div className="form-grid">
        <Field label="Unit" error={errors.unitId}>
          {(p) => (
            <select {...p} className="input" value={draft.unitId} onChange={set('unitId', String)}>
              {units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Review" error={errors.kind}>
          {(p) => (
            <select
              {...p}
              className="input"
              value={draft.kind}
              onChange={set('kind', (v) => v as MeetingKind)}
            >
              <option value="MONTHLY_OPERATIONAL">Monthly operational</option>
              <option value="QUARTERLY_STRATEGIC">Quarterly strategic (first month of each quarter)</option>
            </select>
          )}
        </Field>
        <Field label="Which" error={errors.ordinal}>
          {(p) => (
            <select {...p} className="input" value={draft.ordinal} onChange={set('ordinal', Number)}>
              {ORDINALS.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Weekday" error={errors.weekday}>
          {(p) => (
            <select {...p} className="input" value={draft.weekday} onChange={set('weekday', Number)}>
              {WEEKDAYS.map((w, i) => (
                <option key={w} value={i + 1}>
                  {w}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Time" error={errors.time}>
          {(p) => (
            <input {...p} className="input" type="time" value={draft.time} onChange={set('time', String)} />
          )}
        </Field>
      </div>
      <ScheduleParticipantPicker
        label="Default participants"
        people={people}
        selected={draft.participantIds}
        onChange={(ids) => setDraft((d) => ({ ...d, participantIds: ids }))}
        error={Object.entries(errors).find(([k]) => k.startsWith('participantIds'))?.[1]}
      />
      <FormError message={errors._form} />
      <div className="form-actions">
        <button className="btn btn-primary" type="submit" disabled={form.submitting}>
          Save rhythm
        </button>
        <button className="btn btn-ghost" type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
