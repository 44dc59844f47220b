import { BringIntoNegotiationDocument, PlanningPeopleDocument } from '@throughline/shared/graphql';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { ChoiceSelect, Field } from '../ui/components';
import { FormError, useForm } from '../ui/form';
import './planning.css';

/** Brings a third person into a negotiation (they may comment, and propose for the bringer's side). */
export function BringInForm({
  negotiationId,
  version,
  exclude,
  onDone,
  onCancel,
}: {
  negotiationId: string;
  version: number;
  exclude: readonly string[];
  onDone: () => void;
  onCancel: () => void;
}) {
  const people = useQuery(PlanningPeopleDocument);
  const [personId, setPersonId] = useState('');
  const [reason, setReason] = useState('');
  const [bring] = useMutation(BringIntoNegotiationDocument);
  const form = useForm();
  return (
    <form
      className="nego-subform"
      aria-label="Bring someone in"
      onSubmit={form.handleSubmit({
        validate: (): Record<string, string> => (personId ? {} : { personId: 'Choose a person.' }),
        send: () =>
          bring({
            variables: { input: { negotiationId, version, personId, reason: reason.trim() || null } },
          }),
        onSuccess: onDone,
      })}
    >
      <div className="form-grid">
        <Field label="Person" error={form.errors.personId}>
          {(p) => (
            <ChoiceSelect
              fieldProps={p}
              value={personId}
              onChange={setPersonId}
              options={(people.data?.people ?? [])
                .filter((x) => !exclude.includes(x.id))
                .map((x) => ({ id: x.id, label: x.name }))}
            />
          )}
        </Field>
        <Field label="Why them" error={form.errors.reason}>
          {(p) => (
            <input {...p} className="input" value={reason} onChange={(e) => setReason(e.target.value)} />
          )}
        </Field>
      </div>
      <FormError message={form.errors._form ?? form.errors.version} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary btn-sm" disabled={form.submitting}>
          Bring in
        </button>
        <button type="button" className="btn btn-ghost btn-sm" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
