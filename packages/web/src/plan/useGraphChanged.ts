import { GraphChangedDocument } from '@throughline/shared/graphql';
import { useSubscription } from '@apollo/client/react';
import { useEffect, useRef } from 'react';
import { useFeatures } from '../graphql/features';

/** One change to the graph as `graphChanged` reports it. */
export interface GraphChange {
  seq: string;
  topic: string;
  subjectId: string;
  subjectType: string;
  action: string | null;
  version: number | null;
  actor: { id: string; name: string } | null;
}

/**
 * Calls `onChange` whenever the strategy graph (objectives, KPIs, initiatives, plans) visible
 * under `unitId` changes — so forms and maps show other people's edits without reload. Falls
 * back to polling every 20 s on a server without the subscription.
 */
export function useGraphChanged(unitId: string | null | undefined, onChange: (c: GraphChange | null) => void): void {
  const f = useFeatures();
  const cb = useRef(onChange);
  cb.current = onChange;
  const live = f.subscriptions.has('graphChanged');
  useSubscription(GraphChangedDocument, {
    variables: { unitId: unitId ?? null },
    skip: !f.ready || !live,
    onData: ({ data }) => {
      if (data.data?.graphChanged) cb.current(data.data.graphChanged);
    },
  });
  useEffect(() => {
    if (!f.ready || live) return;
    const t = setInterval(() => cb.current(null), 20_000);
    return () => clearInterval(t);
  }, [f.ready, live]);
}
