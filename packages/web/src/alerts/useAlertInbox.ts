import { AlertChangedDocument, AlertInboxDocument, type AlertStatus } from '@throughline/shared/graphql';
import { useQuery, useSubscription } from '@apollo/client/react';
import { useState } from 'react';

/** What the inbox asks the server for. */
export interface InboxQuery {
  unitId?: string;
  statuses: AlertStatus[];
  rules?: string[];
  mine?: boolean;
  first?: number;
}

/**
 * Alerts matching the filters, kept current: every state change the viewer may see (raised,
 * acknowledged, escalated, resolved) arrives on `alertChanged` and refetches the list; the ids
 * that just changed are returned for a few seconds so the list can mark them.
 */
export function useAlertInbox(q: InboxQuery) {
  const query = useQuery(AlertInboxDocument, {
    variables: {
      unitId: q.unitId || null,
      statuses: q.statuses,
      rules: q.rules,
      mine: q.mine,
      first: q.first,
    },
    notifyOnNetworkStatusChange: false,
  });
  const [changed, setChanged] = useState<string[]>([]);
  const live = useSubscription(AlertChangedDocument, {
    variables: { unitId: q.unitId || null },
    onData: ({ data }) => {
      const a = data.data?.alertChanged;
      if (!a) return;
      void query.refetch();
      setChanged((ids) => [a.id, ...ids.filter((i) => i !== a.id)].slice(0, 20));
      setTimeout(() => setChanged((ids) => ids.filter((i) => i !== a.id)), 6000);
    },
  });
  return {
    alerts: query.data?.alerts ?? [],
    loading: query.loading && !query.data,
    error: query.error && !query.data ? query.error : undefined,
    refetch: query.refetch,
    changed,
    listening: !live.error,
  };
}
