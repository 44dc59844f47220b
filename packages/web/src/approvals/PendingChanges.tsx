import { ChangeRequestChangedDocument, KpiPendingChangesDocument } from '@throughline/shared/graphql';
import { useQuery, useSubscription } from '@apollo/client/react';
import { Link } from 'react-router-dom';
import { approversInWords } from './status';
import './approvals.css';

/**
 * "Waiting for approval" lines on a KPI's page: each change asked for and not yet decided, with
 * the proposed value (only for those who may see the request), live.
 */
export function PendingChanges({ kpiId }: { kpiId: string }) {
  const q = useQuery(KpiPendingChangesDocument, { variables: { id: kpiId } });
  useSubscription(ChangeRequestChangedDocument, { onData: () => void q.refetch() });
  const rows = q.data?.kpi?.pendingChanges ?? [];
  if (rows.length === 0) return null;
  return (
    <ul className="pending-changes" aria-label="Waiting for approval">
      {rows.map((r) => (
        <li key={r.id} className="banner banner-info">
          Waiting for approval: {r.summary}, asked by {r.requester.name} (approver:{' '}
          {approversInWords(r.approverNames)}).{' '}
          <Link to={`/decisions?request=${r.id}`}>Open the request</Link>
        </li>
      ))}
    </ul>
  );
}
