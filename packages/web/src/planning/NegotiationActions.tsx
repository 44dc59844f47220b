import {
  AcceptProposalDocument,
  CommentOnNegotiationDocument,
  WithdrawNegotiationDocument,
  type NegotiationDetailFragment,
} from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { Card } from '../ui/components';
import { FormError, useForm } from '../ui/form';
import { BringInForm } from './BringInForm';
import { CounterForm } from './CounterForm';
import { ReasonForm } from './ReasonForm';
import './planning.css';

type Open = 'counter' | 'bring' | 'withdraw' | 'comment' | null;

/** What the viewer may do now: accept, counter-propose, bring someone in, comment, withdraw. */
export function NegotiationActions({ n }: { n: NegotiationDetailFragment }) {
  const can = n.viewerCan;
  const [open, setOpen] = useState<Open>(null);
  const [accept] = useMutation(AcceptProposalDocument);
  const [withdraw] = useMutation(WithdrawNegotiationDocument);
  const [comment] = useMutation(CommentOnNegotiationDocument);
  const acceptForm = useForm();
  if (!can.accept && !can.counter && !can.comment) return null;
  const close = () => setOpen(null);
  return (
    <Card title={can.accept || can.counter ? 'Your turn' : 'Take part'} className="nego-actions">
      {can.accept && (
        <p className="small muted">
          Accepting makes the latest proposal the plan in one step: every target and objective in it, or
          nothing if something changed meanwhile.
        </p>
      )}
      <div className="row-wrap">
        {can.accept && (
          <button
            type="button"
            className="btn btn-primary"
            disabled={acceptForm.submitting}
            onClick={() =>
              void acceptForm.run({
                send: () => accept({ variables: { input: { negotiationId: n.id, version: n.version } } }),
              })
            }
          >
            {acceptForm.submitting ? 'Applying…' : 'Accept'}
          </button>
        )}
        {can.counter && (
          <button type="button" className="btn" onClick={() => setOpen('counter')}>
            Counter-propose
          </button>
        )}
        {can.bringIn && (
          <button type="button" className="btn" onClick={() => setOpen('bring')}>
            Bring someone in
          </button>
        )}
        {can.comment && (
          <button type="button" className="btn btn-ghost" onClick={() => setOpen('comment')}>
            Comment
          </button>
        )}
        {can.withdraw && (
          <button type="button" className="btn btn-ghost" onClick={() => setOpen('withdraw')}>
            Withdraw
          </button>
        )}
      </div>
      <FormError
        message={acceptForm.errors._form ?? acceptForm.errors.version ?? acceptForm.errors.negotiationId}
      />
      {open === 'counter' && <CounterForm n={n} onDone={close} onCancel={close} />}
      {open === 'bring' && (
        <BringInForm
          negotiationId={n.id}
          version={n.version}
          exclude={[n.proposer.id, n.counterpart.id, ...n.participants.map((p) => p.person.id)]}
          onDone={close}
          onCancel={close}
        />
      )}
      {open === 'comment' && (
        <ReasonForm
          label="Comment"
          field="text"
          submitLabel="Post comment"
          required
          send={(text) => comment({ variables: { negotiationId: n.id, text } })}
          onDone={close}
          onCancel={close}
        />
      )}
      {open === 'withdraw' && (
        <ReasonForm
          label="Reason"
          field="reason"
          submitLabel="Withdraw negotiation"
          required
          send={(reason) =>
            withdraw({ variables: { input: { negotiationId: n.id, version: n.version, reason } } })
          }
          onDone={close}
          onCancel={close}
        />
      )}
    </Card>
  );
}
