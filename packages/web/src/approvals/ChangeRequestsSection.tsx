import { ChangeRequestChangedDocument, ChangeRequestsDocument } from '@throughline/shared/graphql';
import { useQuery, useSubscription } from '@apollo/client/react';
import { useSearchParams } from 'react-router-dom';
import { Card, Empty } from '../ui/components';
import { ChangeRequestCard } from './ChangeRequestCard';
import './approvals.css';

/**
 * The decision register's "Change requests": those the viewer asked for or may decide (every one
 * for executives), waiting ones first, live. `?request=<id>` (the approval email's and the work
 * list's link) marks one. Nothing shows for someone who has none.
 */
export function ChangeRequestsSection() {
  const [params] = useSearchParams();
  const focus = params.get('request');
  const list = useQuery(ChangeRequestsDocument, { variables: { mine: true, first: 20 } });
  useSubscription(ChangeRequestChangedDocument, { onData: () => void list.refetch() });
  const rows = list.data?.changeRequests ?? [];
  if (rows.length === 0 && !focus) return null;
  const waiting = rows.filter((r) => r.status === 'PENDING').length;
  return (
    <Card
      title="Change requests"
      className="change-requests-card"
      actions={
        <span className="pill-count" aria-label={`${waiting} waiting`}>
          {waiting}
        </span>
      }
    >
      {rows.length === 0 ? (
        <Empty>No change requests for you.</Empty>
      ) : (
        <ul className="change-request-list">
          {rows.map((r) => (
            <li key={r.id}>
              <ChangeRequestCard request={r} focused={r.id === focus} />
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
