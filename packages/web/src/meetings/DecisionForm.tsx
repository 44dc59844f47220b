import { RecordDecisionDocument } from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { SubjectCombobox } from '../decisions/SubjectCombobox';
import type { Subject } from '../decisions/subject';
import { ChoiceSelect, Field } from '../ui/components';
import { FormError, useForm, type FieldErrors } from '../ui/form';
import type { Person } from './ActionItem';

/** Records a decision of an open meeting: what was decided, its owner, why, its subject and when to revisit it. */
export function DecisionForm({
  meetingId,
  unitId,
  people,
  defaultOwner,
  onDone,
}: {
  meetingId: string;
  /** The meeting's unit: the subject search offers only what its whole audience may see. */
  unitId: string;
  people: Person[];
  defaultOwner: string;
  onDone: () => void;
}) {
  const [text, setText] = useState('');
  const [rationale, setRationale] = useState('');
  const [ownerId, setOwnerId] = useState(defaultOwner);
  const [subject, setSubject] = useState<Subject | null>(null);
  const [revisitOn, setRevisitOn] = useState('');
  const [record] = useMutation(RecordDecisionDocument);
  const form = useForm();
  const { errors } = form;
  const onSubmit = form.handleSubmit({
    validate: () => {
      const errs: FieldErrors = {};
      if (!text.trim()) errs.text = 'What was decided?';
      if (!ownerId) errs.ownerId = 'Every decision has a named owner.';
      return errs;
    },
    send: () =>
      record({
        variables: {
          input: {
            meetingId,
            text: text.trim(),
            ownerId,
            rationale: rationale.trim() || null,
            subjectId: subject?.id ?? null,
            revisitOn: revisitOn || null,
          },
        },
      }),
    onSuccess: () => {
      setText('');
      setRationale('');
      setSubject(null);
      setRevisitOn('');
      onDone();
    },
  });
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Record a decision" className="stack-sm">
      <Field label="Decision" error={errors.text}>
        {(p) => (
          <input
            {...p}
            className="input"
            name="decision"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="e.g. Fund the second final-QC station now"
          />
        )}
      </Field>
      <div className="form-grid">
        <Field label="Owner" error={errors.ownerId}>
          {(p) => (
            <ChoiceSelect
              fieldProps={p}
              name="decisionOwner"
              value={ownerId}
              onChange={setOwnerId}
              options={people.map((x) => ({ id: x.id, label: x.name }))}
            />
          )}
        </Field>
        <Field label="Why (rationale)" error={errors.rationale}>
          {(p) => (
            <input
              {...p}
              className="input"
              value={rationale}
              onChange={(e) => setRationale(e.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="form-grid">
        <Field label="Subject" error={errors.subjectId} hint="The objective, KPI or initiative it is about.">
          {(p) => <SubjectCombobox fieldProps={p} value={subject} onChange={setSubject} unitId={unitId} />}
        </Field>
        <Field label="Revisit on" error={errors.revisitOn} hint="It comes back on the agenda from this day.">
          {(p) => (
            <input
              {...p}
              type="date"
              className="input"
              name="revisitOn"
              value={revisitOn}
              onChange={(e) => setRevisitOn(e.target.value)}
            />
          )}
        </Field>
      </div>
      <FormError message={errors._form} />
      <div className="form-actions">
        <button className="btn btn-primary" type="submit" disabled={form.submitting}>
          Record decision
        </button>
      </div>
    </form>
  );
}
