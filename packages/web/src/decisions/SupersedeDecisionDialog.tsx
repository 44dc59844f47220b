import {
  DecisionSupersedableInDocument,
  SupersedeDecisionDocument,
  type RegisterDecisionFragment,
} from '@throughline/shared/graphql';
import { useMutation, useQuery } from '@apollo/client/react';
import { useId, useState } from 'react';
import { fieldErrors } from '../graphql/errors';
import { ChoiceSelect, ErrorState, Field, Loading } from '../ui/components';
import { Dialog } from '../ui/Dialog';
import { FormError, useForm, type FieldErrors } from '../ui/form';
import { DecisionFields, decisionFormErrors, type DecisionDraft } from './DecisionFields';

/**
 * Takes a later decision that replaces this one, in an open review of its unit or a unit above.
 * The earlier decision is kept as it was, marked superseded, and both show the chain.
 */
export function SupersedeDecisionDialog({
  decision: d,
  people,
  onClose,
  onDone,
}: {
  decision: RegisterDecisionFragment;
  people: readonly { id: string; name: string }[];
  onClose: () => void;
  onDone: () => void;
}) {
  const formId = useId();
  const where = useQuery(DecisionSupersedableInDocument, {
    variables: { id: d.id },
    fetchPolicy: 'network-only',
  });
  const meetings = where.data?.decision?.supersedableIn ?? [];
  const [meetingId, setMeetingId] = useState('');
  const chosen = meetings.find((m) => m.id === meetingId) ?? (meetings.length === 1 ? meetings[0] : null);
  const [draft, setDraft] = useState<DecisionDraft>({
    text: '',
    rationale: '',
    ownerId: d.owner.id,
    subject: d.subject ?? null,
    revisitOn: '',
  });
  const [supersede] = useMutation(SupersedeDecisionDocument);
  const form = useForm();
  const onSubmit = form.handleSubmit({
    validate: () => {
      const errs: FieldErrors = {};
      if (!chosen) errs.meetingId = 'Choose the review in which it is decided.';
      if (!draft.text.trim()) errs.text = 'What is decided instead?';
      if (!draft.ownerId) errs.ownerId = 'Every decision has a named owner.';
      return errs;
    },
    send: () =>
      supersede({
        variables: {
          input: {
            decisionId: d.id,
            version: where.data?.decision?.version ?? d.version,
            meetingId: chosen!.id,
            text: draft.text.trim(),
            rationale: draft.rationale.trim() || null,
            ownerId: draft.ownerId,
            subjectId: draft.subject?.id ?? null,
            revisitOn: draft.revisitOn || null,
          },
        },
      }),
    onSuccess: onDone,
    onError: (e) => decisionFormErrors(fieldErrors(e)),
  });
  const canSend = !!chosen;
  return (
    <Dialog
      title="Supersede decision"
      onCancel={onClose}
      actions={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          {canSend && (
            <button type="submit" form={formId} className="btn btn-primary" disabled={form.submitting}>
              Record the new decision
            </button>
          )}
        </>
      }
    >
      <form id={formId} onSubmit={onSubmit} noValidate aria-label="Supersede decision" className="stack-sm">
        <blockquote className="decision-replaced">
          <span className="small muted">Replaces</span>
          <span>{d.text}</span>
        </blockquote>
        <p className="small muted">
          The earlier decision is kept as it was and marked superseded; both show the chain.
        </p>
        {where.loading ? (
          <Loading label="Finding open reviews" />
        ) : where.error ? (
          <ErrorState error={where.error} />
        ) : meetings.length === 0 ? (
          <p className="banner banner-info" role="status">
            A decision is superseded in a review. No review of {d.unit.name} or a unit above it that you run
            is open now: open one from Reviews, then come back.
          </p>
        ) : (
          <>
            <Field label="Decided in" error={form.errors.meetingId}>
              {(p) =>
                meetings.length === 1 ? (
                  <input {...p} className="input" readOnly value={meetings[0].title} />
                ) : (
                  <ChoiceSelect
                    fieldProps={p}
                    value={meetingId}
                    onChange={setMeetingId}
                    options={meetings.map((m) => ({ id: m.id, label: m.title }))}
                  />
                )
              }
            </Field>
            <DecisionFields
              draft={draft}
              setDraft={setDraft}
              errors={form.errors}
              people={people}
              unitId={chosen?.unit.id ?? d.unit.id}
            />
          </>
        )}
        <FormError message={form.errors._form} />
      </form>
    </Dialog>
  );
}
