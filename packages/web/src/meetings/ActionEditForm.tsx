import { ActionForEditDocument, UpdateActionDocument } from '@throughline/shared/graphql';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { apiErrors } from '../graphql/errors';
import { usePeople } from '../plan/forms';
import { ChoiceSelect, Field, Loading } from '../ui/components';
import { FormError, useForm, type FieldErrors } from '../ui/form';
import './schedule.css';

/**
 * Edits an action's text, owner and due date, from the version just read; when someone changed
 * it meanwhile, says so and shows the newer values to edit on top of.
 */
export function ActionEditForm({ actionId, onDone }: { actionId: string; onDone: () => void }) {
  const { data, refetch } = useQuery(ActionForEditDocument, {
    variables: { id: actionId },
    fetchPolicy: 'network-only',
  });
  const a = data?.action;
  if (!a) return <Loading />;
  return <ActionEditFields key={a.version} action={a} onDone={onDone} onStale={() => void refetch()} />;
}

function ActionEditFields({
  action: a,
  onDone,
  onStale,
}: {
  action: { id: string; version: number; text: string; dueDate: string; owner: { id: string; name: string } };
  onDone: () => void;
  onStale: () => void;
}) {
  const { people } = usePeople();
  const [text, setText] = useState(a.text);
  const [ownerId, setOwnerId] = useState(a.owner.id);
  const [dueDate, setDueDate] = useState(a.dueDate.slice(0, 10));
  const [update] = useMutation(UpdateActionDocument);
  const form = useForm();
  const { errors } = form;
  const onSubmit = form.handleSubmit({
    validate: () => {
      const errs: FieldErrors = {};
      if (!text.trim()) errs.text = 'What needs doing?';
      if (!dueDate) errs.dueDate = 'Every action has a due date.';
      return errs;
    },
    send: () =>
      update({
        variables: {
          input: {
            id: a.id,
            version: a.version,
            text: text.trim() !== a.text ? text.trim() : null,
            ownerId: ownerId !== a.owner.id ? ownerId : null,
            dueDate:
              dueDate !== a.dueDate.slice(0, 10) ? new Date(dueDate + 'T17:00:00Z').toISOString() : null,
          },
        },
      }),
    onSuccess: () => onDone(),
    onError: (e) => {
      const first = apiErrors(e)[0];
      if (first?.code === 'CONFLICT') {
        onStale();
        return { _form: 'Someone changed this action meanwhile: here it is as it stands now.' };
      }
      const out: FieldErrors = {};
      for (const x of apiErrors(e)) out[x.field?.replace(/^input\./, '') ?? '_form'] ??= x.message;
      return out;
    },
  });
  return (
    <form onSubmit={onSubmit} noValidate aria-label={`Edit “${a.text}”`} className="action-edit stack-sm">
      <Field label="Action" error={errors.text}>
        {(p) => <input {...p} className="input" value={text} onChange={(e) => setText(e.target.value)} />}
      </Field>
      <div className="form-grid">
        <Field label="Owner" error={errors.ownerId}>
          {(p) => (
            <ChoiceSelect
              fieldProps={p}
              value={ownerId}
              onChange={setOwnerId}
              options={(people.length ? people : [a.owner]).map((x) => ({ id: x.id, label: x.name }))}
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
      </div>
      <FormError message={errors._form ?? errors.input} />
      <div className="form-actions">
        <button className="btn btn-primary btn-sm" type="submit" disabled={form.submitting}>
          Save action
        </button>
        <button className="btn btn-ghost btn-sm" type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
