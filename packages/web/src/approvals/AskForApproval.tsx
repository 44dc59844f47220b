import { RequestChangeDocument, type RequestChangeInput } from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Field } from '../ui/components';
import { FormError, useForm } from '../ui/form';
import './approvals.css';

/**
 * Shown when a change was refused with APPROVAL_REQUIRED: says whose yes it needs and asks the
 * same change with a reason (`requestChange`). Nothing applies until an approver approves.
 */
export function AskForApproval({
  message,
  change,
  onAsked,
  onCancel,
}: {
  message: string;
  change: Omit<RequestChangeInput, 'reason'>;
  onAsked: (message: string) => void;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState('');
  const [mutate] = useMutation(RequestChangeDocument);
  const f = useForm();
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => field.current?.focus(), []);
  function submit(e: FormEvent) {
    e.preventDefault();
    void f.run({
      validate: (): Record<string, string> =>
        reason.trim() ? {} : { reason: 'Say why you ask for this change.' },
      send: () => mutate({ variables: { input: { ...change, reason: reason.trim() } } }),
      onSuccess: (r) =>
        onAsked(
          `Asked for approval: ${r.data?.requestChange.summary ?? 'your change'}. It applies when approved.`,
        ),
    });
  }
  return (
    <form className="approval-ask stack-sm" aria-label="Ask for approval" onSubmit={submit} noValidate>
      <div className="banner banner-info" role="status">
        {message}
      </div>
      <Field label="Why you ask (the approver reads it)" error={f.errors.reason}>
        {(p) => (
          <textarea
            {...p}
            ref={field}
            className="input"
            name="reason"
            rows={2}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        )}
      </Field>
      <FormError message={f.errors._form ?? f.errors.kind ?? f.errors.subjectId ?? f.errors.version} />
      <div className="form-actions">
        <button className="btn btn-primary" type="submit" disabled={f.submitting}>
          {f.submitting ? 'Asking…' : 'Ask for approval'}
        </button>
        <button className="btn btn-ghost" type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
