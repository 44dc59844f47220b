import { ReassignActionsDocument } from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { usePeople } from '../plan/forms';
import { Card, ChoiceSelect, Field } from '../ui/components';
import { FormError, useForm, type FieldErrors } from '../ui/form';
import { plural } from '../ui/format';

/**
 * Hands every open action of a person (one who leaves, or changes job) to someone else in one
 * step: for the heads of their unit and executives. Says how many moved and how many stayed
 * (actions of reviews the viewer may not change).
 */
export function HandOverActions({
  person,
  openActions,
  onDone,
}: {
  person: { id: string; name: string };
  openActions: number;
  onDone: () => void;
}) {
  const { people } = usePeople();
  const [toId, setToId] = useState('');
  const [result, setResult] = useState<string | null>(null);
  const [reassign] = useMutation(ReassignActionsDocument);
  const form = useForm();
  const others = people.filter((p) => p.id !== person.id);
  const onSubmit = form.handleSubmit({
    validate: () => {
      const errs: FieldErrors = {};
      if (!toId) errs.toPersonId = 'Choose who takes the actions over.';
      return errs;
    },
    send: () => reassign({ variables: { fromPersonId: person.id, toPersonId: toId } }),
    onSuccess: (r) => {
      const moved = r.data?.reassignActions.actions.length ?? 0;
      const stayed = r.data?.reassignActions.remaining ?? 0;
      const to = others.find((p) => p.id === toId)?.name ?? 'them';
      setResult(
        `${plural(moved, 'action')} handed to ${to}.` +
          (stayed > 0
            ? ` ${plural(stayed, 'action')} of reviews you may not change stayed with ${person.name}.`
            : ''),
      );
      setToId('');
      onDone();
    },
  });
  return (
    <Card title="Hand over open actions">
      {result && (
        <p className="small" role="status">
          {result}
        </p>
      )}
      {openActions === 0 ? (
        <p className="small faint">{person.name} has no open actions you may see.</p>
      ) : (
        <form onSubmit={onSubmit} noValidate aria-label="Hand over open actions" className="stack-sm">
          <p className="small muted">
            When {person.name} leaves or changes job, give their {plural(openActions, 'open action')} to
            someone else in one step. Each new owner is told.
          </p>
          <Field label="New owner" error={form.errors.toPersonId}>
            {(p) => (
              <ChoiceSelect
                fieldProps={p}
                value={toId}
                onChange={setToId}
                options={[
                  { id: '', label: 'Choose a person' },
                  ...others.map((x) => ({ id: x.id, label: x.name })),
                ]}
              />
            )}
          </Field>
          <FormError message={form.errors._form} />
          <div className="form-actions">
            <button className="btn btn-sm" type="submit" disabled={form.submitting}>
              Hand over
            </button>
          </div>
        </form>
      )}
    </Card>
  );
}
