import { AddActionDocument } from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { ChoiceSelect, Field } from '../ui/components';
import { FormError, useForm, type FieldErrors } from '../ui/form';
import type { Person } from './ActionItem';

/** Adds an action to an open meeting: what, who, by when, and the decision it carries out. */
export function ActionForm({
  meetingId,
  people,
  decisions,
  defaultOwner,
  onDone,
}: {
  meetingId: string;
  people: Person[];
  decisions: { id: string; text: string }[];
  defaultOwner: string;
  onDone: () => void;
}) {
  const [text, setText] = useState('');
  const [ownerId, setOwnerId] = useState(defaultOwner);
  const [dueDate, setDueDate] = useState('');
  const [decisionId, setDecisionId] = useState('');
  const [add] = useMutation(AddActionDocument);
  const form = useForm();
  const { errors } = form;
  const onSubmit = form.handleSubmit({
    validate: () => {
      const errs: FieldErrors = {};
      if (!text.trim()) errs.text = 'What needs doing?';
      if (!ownerId) errs.ownerId = 'Every action has a named owner.';
      if (!dueDate) errs.dueDate = 'Every action has a due date.';
      return errs;
    },
    send: () =>
      add({
        variables: {
          input: {
            meetingId,
            text: text.trim(),
            ownerId,
            dueDate: new Date(dueDate + 'T17:00:00Z').toISOString(),
            decisionId: decisionId || null,
          },
        },
      }),
    onSuccess: () => {
      setText('');
      setDueDate('');
      onDone();
    },
  });
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Add an action" className="stack-sm">
      <Field label="Action" error={errors.text}>
        {(p) => (
          <input
            {...p}
            className="input"
            name="action"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="e.g. Get two quotes for the QC station"
          />
        )}
      </Field>
      <div className="form-grid">
        <Field label="Owner" error={errors.ownerId}>
          {(p) => (
            <ChoiceSelect
              fieldProps={p}
              value={ownerId}
              onChange={setOwnerId}
              options={people.map((x) => ({ id: x.id, label: x.name }))}
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
        <Field label="Carries out decision" error={errors.decisionId}>
          {(p) => (
            <select
              {...p}
              className="input"
              value={decisionId}
              onChange={(e) => setDecisionId(e.target.value)}
            >
              <option value="">—</option>
              {decisions.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.text}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <FormError message={errors._form} />
      <div className="form-actions">
        <button className="btn" type="submit" disabled={form.submitting}>
          Add action
        </button>
      </div>
    </form>
  );
}
