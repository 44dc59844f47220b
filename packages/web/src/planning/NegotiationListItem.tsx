import type { NegotiationSummaryFragment } from '@throughline/shared/graphql';
import { Link } from 'react-router-dom';
import { Chip } from '../ui/components';
import { formatDate } from '../ui/format';
import { statusLabel, statusTone } from './negotiation-labels';
import './planning.css';

/** One negotiation in the Planning list: title, parties, period, status and whose turn it is. */
export function NegotiationListItem({ n, viewerId }: { n: NegotiationSummaryFragment; viewerId: string }) {
  const yourTurn = n.status === 'OPEN' && n.turnPerson?.id === viewerId;
  return (
    <li className={`nego-row${yourTurn ? ' nego-row-turn' : ''}`}>
      <div className="nego-row-main">
        <Link to={`/planning/${n.id}`} className="nego-row-title">
          {n.title}
        </Link>
        <div className="small muted">
          {n.proposer.name} → {n.unit.name} ({n.counterpart.name}) · {formatDate(n.periodStart)} –{' '}
          {formatDate(n.periodEnd)}
        </div>
      </div>
      <div className="nego-row-side">
        <Chip tone={statusTone(n.status)}>{statusLabel(n.status)}</Chip>
        {n.status === 'OPEN' && (
          <span className="small">{yourTurn ? 'Your turn' : `Waiting for ${n.turnPerson?.name ?? '—'}`}</span>
        )}
      </div>
    </li>
  );
}
