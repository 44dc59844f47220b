import { GraphChangedDocument } from '@throughline/shared/graphql';
import { useSubscription } from '@apollo/client/react';
import { useRef } from 'react';

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
 * under `unitId` changes — so forms and maps show other people's edits without reload.
 */
export function useGraphChanged(unitId: string | null | undefined, onChange: (c: GraphChange) => void): void {
  const cb = useRef(onChange);
  cb.current = onChange;
  useSubscription(GraphChangedDocument, {
    variables: { unitId: unitId ?? null },
    onData: ({ data }) => {
      if (data.data?.graphChanged) cb.current(data.data.graphChanged);
    },
  });
}
