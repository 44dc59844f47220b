import { NegotiationChangedDocument, NegotiationDocument } from '@throughline/shared/graphql';
import { useQuery, useSubscription } from '@apollo/client/react';
import { Link, useParams } from 'react-router-dom';
import { Card, Chip, ErrorState, Loading, PageHeader } from '../ui/components';
import { formatDate } from '../ui/format';
import { useTitle } from '../ui/useTitle';
import { NegotiationActions } from './NegotiationActions';
import { statusLabel, statusTone } from './negotiation-labels';
import { RoundItem } from './RoundItem';
import './planning.css';

/** One negotiation: its rounds as a conversation, whose turn it is, and what the viewer may do — live. */
export default function NegotiationPage() {
  const { id = '' } = useParams();
  const q = useQuery(NegotiationDocument, { variables: { id } });
  // The changed negotiation arrives whole; Apollo's cache updates the page by its id.
  const live = useSubscription(NegotiationChangedDocument, { variables: { id } });
  const n = q.data?.negotiation;
  useTitle(n?.title ?? 'Negotiation');
  if (q.error && !n) return <ErrorState error={q.error} />;
  if (!n) return <Loading label="Loading negotiation" />;
  const proposals = n.rounds.filter((r) => r.items);
  const turnLine =
    n.status === 'OPEN'
      ? n.turnPerson
        ? `${n.turnPerson.name}’s turn`
        : 'Open'
      : n.status === 'AGREED'
        ? 'Agreed: the plan carries the agreed version'
        : 'Withdrawn: nothing was applied';
  return (
    <div className="negotiation-page">
      <p className="small">
        <Link to="/planning">← Planning</Link>
      </p>
      <PageHeader
        eyebrow={`Catchball · ${n.plan.name} · ${formatDate(n.periodStart)} – ${formatDate(n.periodEnd)}`}
        title={n.title}
        subtitle={
          <>
            {n.proposer.name} proposes to {n.unit.name} ({n.counterpart.name})
            {n.objective ? ` for “${n.objective.title}”` : ''}
            {n.participants.length > 0 &&
              ` · also taking part: ${n.participants.map((p) => p.person.name).join(', ')}`}
          </>
        }
        actions={<Chip tone={statusTone(n.status)}>{statusLabel(n.status)}</Chip>}
      />
      <p className="nego-turn" aria-live="polite">
        <strong>{turnLine}</strong>
        <span className="small muted">
          {' '}
          · {live.error ? 'Not live: reload to see changes' : 'Live: rounds appear as they happen'}
        </span>
      </p>
      {n.blockedReason && (
        <div className="banner banner-warn" role="alert">
          {n.blockedReason}
        </div>
      )}
      <div className="nego-columns">
        <Card title="Rounds">
          <ol className="nego-rounds" aria-label="Rounds">
            {n.rounds.map((r) => {
              const idx = proposals.indexOf(r);
              return <RoundItem key={r.id} round={r} previous={idx > 0 ? proposals[idx - 1] : null} />;
            })}
          </ol>
          <p className="small muted">Changes from the previous proposal are highlighted.</p>
        </Card>
        <NegotiationActions n={n} />
      </div>
    </div>
  );
}
