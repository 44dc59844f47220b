import { ArchivePlanDocument, PlansDocument, ViewerDocument } from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { Dialog } from '../ui/Dialog';
import { Field } from '../ui/components';
import { FormError, useForm } from '../ui/form';

/** Asks before a plan is archived, and says what happens to it and what it holds. */
export function ArchivePlanDialog({
  plan,
  onClose,
  onArchived,
}: {
  plan: { id: string; name: string; version: number };
  onClose: () => void;
  onArchived: () => void;
}) {
  const [reason, setReason] = useState('');
  const [archive] = useMutation(ArchivePlanDocument, {
    refetchQueries: [{ query: ViewerDocument }, { query: PlansDocument }],
    awaitRefetchQueries: true,
  });
  const form = useForm();
  const submit = () =>
    void form.run({
      send: () =>
        archive({ variables: { id: plan.id, version: plan.version, reason: reason.trim() || null } }),
      onSuccess: onArchived,
    });
  return (
    <Dialog
      title={`Archive “${plan.name}”?`}
      role="alertdialog"
      onCancel={onClose}
      actions={
        <>
          <button type="button" className="btn" onClick={onClose} data-autofocus>
            Keep it
          </button>
          <button type="button" className="btn btn-danger" disabled={form.submitting} onClick={submit}>
            Archive plan
          </button>
        </>
      }
    >
      <div className="stack-sm">
        <p>
          The plan leaves every plan picker for everyone: the home page, the plan page, the strategy map and
          the portfolio stop offering it. Nothing in it is deleted or archived with it: its objectives, KPIs,
          initiatives and narrative keep their history, and the plan hygiene check lists objectives left in an
          archived plan. Restore it from the archived plans on this page to bring it back as it was.
        </p>
        <Field label="Reason (optional, kept in the history)">
          {(p) => (
            <input {...p} className="input" value={reason} onChange={(e) => setReason(e.target.value)} />
          )}
        </Field>
        <FormError message={form.errors._form ?? form.errors.id ?? form.errors.version} />
      </div>
    </Dialog>
  );
}
