import {
  ApproveChangeDocument,
  RejectChangeDocument,
  WithdrawChangeDocument,
  type ChangeRequestItemFragment,
} from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { formatDateTime } from '@throughline/shared';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { fieldErrors } from '../graphql/errors';
import { Chip, Field } from '../ui/components';
import { FormError, useForm } from '../ui/form';
import { approversInWords, STATUS } from './status';

const PATH: Record<string, string> = {
  KPI: '/kpis/',
  OBJECTIVE: '/objectives/',
  INITIATIVE: '/initiatives/',
};

/**
 * One change request: what is asked, by whom and why, whose yes it needs, how it was decided;
 * approvers approve or reject it with a comment, the requester may withdraw it while it waits.
 */
export function ChangeRequestCard({
  request: r,
  focused,
}: {
  request: ChangeRequestItemFragment;
  focused: boolean;
}) {
  const [comment, setComment] = useState('');
  const [approve] = useMutation(ApproveChangeDocument);
  const [reject] = useMutation(RejectChangeDocument);
  const [withdraw] = useMutation(WithdrawChangeDocument);
  const f = useForm();
  const status = STATUS[r.status];
  const act = (which: 'approve' | 'reject' | 'withdraw') =>
    void f.run({
      validate: (): Record<string, string> =>
        which === 'reject' && !comment.trim() ? { comment: 'Say why you reject it.' } : {},
      send: async (): Promise<unknown> =>
        which === 'approve'
          ? approve({ variables: { id: r.id, comment: comment.trim() || null } })
          : which === 'reject'
            ? reject({ variables: { id: r.id, comment: comment.trim() } })
            : withdraw({ variables: { id: r.id } }),
      onError: (err) => {
        const e = fieldErrors(err);
        const out: Record<string, string> = {};
        if (e.comment) out.comment = e.comment;
        if (e._form ?? e.id) out._form = e._form ?? e.id;
        return out;
      },
    });
  return (
    <article
      className={`change-request${focused ? ' change-request-focus' : ''}`}
      aria-label={`Change request: ${r.subjectName}`}
      data-testid="change-request"
    >
      <div className="change-request-head">
        <p className="change-request-summary">
          <Link to={`${PATH[r.subjectType] ?? '/'}${r.subjectId}`}>{r.subjectName}</Link>: {r.summary}
        </p>
        <Chip tone={status.tone}>{status.label}</Chip>
      </div>
      <p className="change-request-meta">
        Asked by {r.requester.name} on {formatDateTime(r.requestedAt)}: “{r.reason}”
      </p>
      {r.status === 'PENDING' ? (
        <p className="change-request-meta">Needs the approval of {approversInWords(r.approverNames)}.</p>
      ) : (
        <p className="change-request-meta">
          {status.label}
          {r.decidedBy ? ` by ${r.decidedBy.name}` : ''}
          {r.decidedAt ? ` on ${formatDateTime(r.decidedAt)}` : ''}
          {r.decisionComment ? `: “${r.decisionComment}”` : '.'}
        </p>
      )}
      {r.viewerCanDecide && (
        <div className="change-request-decide">
          <Field label="Comment" error={f.errors.comment}>
            {(p) => (
              <input
                {...p}
                className="input"
                name="comment"
                value={comment}
                onChange={(e) => setComment(e.target.value)}
              />
            )}
          </Field>
          <button
            type="button"
            className="btn btn-primary"
            disabled={f.submitting}
            onClick={() => act('approve')}
          >
            Approve
          </button>
          <button type="button" className="btn" disabled={f.submitting} onClick={() => act('reject')}>
            Reject
          </button>
        </div>
      )}
      {r.viewerCanWithdraw && (
        <div className="form-actions mt-0">
          <button
            type="button"
            className="btn btn-sm btn-ghost"
            disabled={f.submitting}
            onClick={() => act('withdraw')}
          >
            Withdraw
          </button>
        </div>
      )}
      <FormError message={f.errors._form} />
    </article>
  );
}
