import { AlertChangedDocument, AlertInboxDocument, type AlertStatus } from '@throughline/shared/graphql';
import { useQuery, useSubscription } from '@apollo/client/react';
import { useRef, useState } from 'react';
import { useCoalescedRefetch } from '../graphql/useCoalescedRefetch';

/** What the inbox asks the server for. */
export interface InboxQuery {
  unitId?: string;
  statuses: AlertStatus[];
  rules?: string[];
  mine?: boolean;
  /** How many of the newest to list (the server lists at most 500 at a time). */
  first: number;
}

/** Most alerts one list asks for (the server's page limit). */
export const MAX_LISTED = 500;

/**
 * The newest alerts matching the filters and how many match in all, kept current: every state
 * change the viewer may see (raised, acknowledged, escalated, resolved) arrives on
 * `alertChanged` and rereads the list (one read at a time, however many arrive); the ids that
 * just changed are returned for a few seconds so the list can mark them.
 */
export function useAlertInbox(q: InboxQuery) {
  const query = useQuery(AlertInboxDocument, {
    variables: {
      unitId: q.unitId || null,
      statuses: q.statuses,
      rules: q.rules,
      mine: q.mine,
      first: Math.min(q.first, MAX_LISTED),
    },
    notifyOnNetworkStatusChange: false,
  });
  const reread = useCoalescedRefetch(query.refetch);
  const [changed, setChanged] = useState<string[]>([]);
  const live = useSubscription(AlertChangedDocument, {
    variables: { unitId: q.unitId || null },
    onData: ({ data }) => {
      const a = data.data?.alertChanged;
      if (!a) return;
      reread();
      setChanged((ids) => [a.id, ...ids.filter((i) => i !== a.id)].slice(0, 20));
      setTimeout(() => setChanged((ids) => ids.filter((i) => i !== a.id)), 6000);
    },
  });
  // While a longer page of the same filters is read, the list so far stays on screen; other
  // filters start empty (their own loading state), never showing the previous filter's alerts.
  const key = JSON.stringify([q.unitId || null, q.statuses, q.rules ?? null, q.mine ?? null]);
  const kept = useRef<{ key: string; data: NonNullable<typeof query.data> } | null>(null);
  if (query.data) kept.current = { key, data: query.data };
  const data = query.data ?? (kept.current?.key === key ? kept.current.data : undefined);
  return {
    alerts: data?.alerts ?? [],
    count: data?.alertCount ?? 0,
    notAcknowledged: data?.notAcknowledged ?? 0,
    loading: query.loading && !data,
    /** A larger page is being read (the list so far stays on screen). */
    loadingMore: query.loading && !!data,
    error: query.error && !data ? query.error : undefined,
    refetch: query.refetch,
    changed,
    listening: !live.error,
  };
}
