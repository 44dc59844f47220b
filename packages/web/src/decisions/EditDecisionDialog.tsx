import { EditDecisionDocument, type RegisterDecisionFragment } from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { useId, useState } from 'react';
import { fieldErrors } from '../graphql/errors';
import { Dialog } from '../ui/Dialog';
import { FormError, useForm, type FieldErrors } from '../ui/form';
import { DecisionFields, decisionFormErrors, type DecisionDraft } from './DecisionFields';

/** Edits a decision in place; only what changed is sent, with the version read (history keeps the old one). */
export function EditDecisionDialog({
  decision: d,
  people,
  onClose,
}: {
  decision: RegisterDecisionFragment;
  people: readonly { id: string; name: string }[];
  onClose: () => void;
}) {
  const formId = useId();
  const initial: DecisionDraft = {
    text: d.text,
    rationale: d.rationale,
    ownerId: d.owner.id,
    subject: d.subject ?? null,
    revisitOn: d.revisitOn ?? '',
  };
  const [draft, setDraft] = useState(initial);
  const [edit] = useMutation(EditDecisionDocument);
  const form = useForm();
  const onSubmit = form.handleSubmit({
    validate: () => {
      const errs: FieldErrors = {};
      if (!draft.text.trim()) errs.text = 'What was decided?';
      if (!draft.ownerId) errs.ownerId = 'Every decision has a named owner.';
      return errs;
    },
    send: () => {
      const input: Record<string, unknown> = { id: d.id, version: d.version };
      if (draft.text.trim() !== initial.text) input.text = draft.text.trim();
      if (draft.rationale.trim() !== initial.rationale) input.rationale = draft.rationale.trim();
      if (draft.ownerId !== initial.ownerId) input.ownerId = draft.ownerId;
      if ((draft.subject?.id ?? null) !== (initial.subject?.id ?? null))
        input.subjectId = draft.subject?.id ?? null;
      if (draft.revisitOn !== initial.revisitOn) input.revisitOn = draft.revisitOn || null;
      return edit({ variables: { input: input as never } });
    },
    onSuccess: onClose,
    onError: (e) => decisionFormErrors(fieldErrors(e)),
  });
  return (
    <Dialog
      title="Edit decision"
      onCancel={onClose}
      actions={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form={formId} className="btn btn-primary" disabled={form.submitting}>
            Save changes
          </button>
        </>
      }
    >
      <form id={formId} onSubmit={onSubmit} noValidate aria-label="Edit decision" className="stack-sm">
        <p className="small muted">
          The earlier wording stays in its history. To take a different decision instead, supersede it.
        </p>
        <DecisionFields
          draft={draft}
          setDraft={setDraft}
          errors={form.errors}
          people={people}
          unitId={d.unit.id}
        />
        <FormError message={form.errors._form} />
      </form>
    </Dialog>
  );
}
