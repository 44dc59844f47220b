import {
  CounterProposeDocument,
  PlanningProposeOptionsDocument,
  PlanningUnitKpisDocument,
  type NegotiationDetailFragment,
} from '@throughline/shared/graphql';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Field } from '../ui/components';
import { FormError, useForm } from '../ui/form';
import { ItemsEditor } from './ItemsEditor';
import { checkDrafts, draftsOf, inputsOf, type DraftItem } from './negotiation-items';
import './planning.css';

/** Answers with another proposal (the latest one to start from) and a reason. */
export function CounterForm({
  n,
  onDone,
  onCancel,
}: {
  n: NegotiationDetailFragment;
  onDone: () => void;
  onCancel: () => void;
}) {
  const latest = [...n.rounds].reverse().find((r) => r.items);
  const [items, setItems] = useState<DraftItem[]>(() => draftsOf(latest?.items ?? []));
  const [reason, setReason] = useState('');
  const options = useQuery(PlanningProposeOptionsDocument, { variables: { planId: n.plan.id } });
  const kpis = useQuery(PlanningUnitKpisDocument, { variables: { unitId: n.unit.id } });
  const [counter] = useMutation(CounterProposeDocument);
  const form = useForm();
  return (
    <form
      className="nego-subform"
      aria-label="Counter-propose"
      onSubmit={form.handleSubmit({
        validate: () => {
          const e: Record<string, string> = checkDrafts(items);
          if (!reason.trim()) e.reason = 'Say why: the other side sees it with your proposal.';
          return e;
        },
        send: () =>
          counter({
            variables: {
              input: {
                negotiationId: n.id,
                version: n.version,
                items: inputsOf(items),
                reason: reason.trim(),
              },
            },
          }),
        onSuccess: onDone,
      })}
    >
      <ItemsEditor
        items={items}
        onChange={setItems}
        errors={form.errors}
        kpis={kpis.data?.kpis ?? []}
        objectives={options.data?.objectives ?? []}
      />
      <Field label="Reason" error={form.errors.reason}>
        {(p) => (
          <textarea
            {...p}
            className="input"
            rows={2}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        )}
      </Field>
      <FormError message={form.errors._form ?? form.errors.version} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={form.submitting}>
          {form.submitting ? 'Sending…' : 'Send counter-proposal'}
        </button>
        <button type="button" className="btn btn-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
