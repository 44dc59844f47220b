import { useMutation } from '@apollo/client/react';
import { LinkObjectiveCauseDocument, PlanMapDocument } from '@throughline/shared/graphql';
import { useState } from 'react';
import { ChoiceSelect, Field } from '../ui/components';
import { FormError, useForm } from '../ui/form';

interface Choice {
  id: string;
  label: string;
}

/**
 * The keyboard way to draw an arrow: pick the cause, then the effect (only objectives you may
 * edit), and say why. The server checks the rest (same plan, duplicates, loops).
 */
export function CauseLinkForm({
  causes,
  effects,
  onDone,
}: {
  causes: readonly Choice[];
  effects: readonly Choice[];
  onDone: (message: string) => void;
}) {
  const [causeId, setCauseId] = useState('');
  const [effectId, setEffectId] = useState('');
  const [note, setNote] = useState('');
  const form = useForm();
  const [link] = useMutation(LinkObjectiveCauseDocument);
  const label = (list: readonly Choice[], id: string) => list.find((c) => c.id === id)?.label ?? '';
  return (
    <form
      className="cause-form"
      aria-labelledby="cause-form-title"
      onSubmit={form.handleSubmit({
        validate: () => ({
          ...(causeId ? {} : { causeId: 'Choose the objective that drives the other.' }),
          ...(effectId ? {} : { effectId: 'Choose the objective it drives.' }),
        }),
        send: () =>
          link({
            variables: { causeId, effectId, note: note.trim() || null },
            refetchQueries: [PlanMapDocument],
            awaitRefetchQueries: true,
          }),
        onSuccess: () => {
          onDone(`Arrow drawn: ${label(causes, causeId)} → ${label(effects, effectId)}.`);
          setCauseId('');
          setEffectId('');
          setNote('');
        },
      })}
    >
      <h3 id="cause-form-title">Add cause-and-effect link</h3>
      <div className="cause-form-fields">
        <Field label="Cause" error={form.errors.causeId}>
          {(p) => <ChoiceSelect fieldProps={p} value={causeId} onChange={setCauseId} options={causes} />}
        </Field>
        <Field label="Effect" error={form.errors.effectId}>
          {(p) => <ChoiceSelect fieldProps={p} value={effectId} onChange={setEffectId} options={effects} />}
        </Field>
        <Field label="Why (optional)" error={form.errors.note}>
          {(p) => <input {...p} className="input" value={note} onChange={(e) => setNote(e.target.value)} />}
        </Field>
      </div>
      <FormError message={form.errors._form} />
      <button type="submit" className="btn btn-primary" disabled={form.submitting}>
        Add link
      </button>
    </form>
  );
}
