import { RecordDecisionDocument } from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { ChoiceSelect, Field } from '../ui/components';
import { FormError, useForm, type FieldErrors } from '../ui/form';
import type { Person } from './ActionItem';

/** Records a decision of an open meeting: what was decided, its owner, and why. */
export function DecisionForm({
  meetingId,
  people,
  defaultOwner,
  onDone,
}: {
  meetingId: string;
  people: Person[];
  defaultOwner: string;
  onDone: () => void;
}) {
  const [text, setText] = useState('');
  const [rationale, setRationale] = useState('');
  const [ownerId, setOwnerId] = useState(defaultOwner);
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
        variables: { input: { meetingId, text: text.trim(), ownerId, rationale: rationale.trim() || null } },
      }),
    onSuccess: () => {
      setText('');
      setRationale('');
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
      <FormError message={errors._form} />
      <div className="form-actions">
        <button className="btn btn-primary" type="submit" disabled={form.submitting}>
          Record decision
        </button>
      </div>
    </form>
  );
}
