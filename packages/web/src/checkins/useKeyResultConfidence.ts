import { skipToken, useQuery } from '@apollo/client/react';
import { OkrConfidenceDocument } from '@throughline/shared/graphql';
import { useMemo } from 'react';
import { useGraphChanged } from '../plan/useGraphChanged';

/** A key result's confidence: its latest check-in's. */
export interface KeyResultConfidence {
  confidence: number;
  status: string;
  postedAt: string;
}

/** The latest check-in of each KPI of a plan's objectives, by KPI id; follows new check-ins live. */
export function useKeyResultConfidence(planId: string | null): ReadonlyMap<string, KeyResultConfidence> {
  const { data, refetch } = useQuery(
    OkrConfidenceDocument,
    // Outside the normalised cache, like the map it serves (thousands of KPIs on a large plan).
    planId ? { variables: { id: planId }, fetchPolicy: 'no-cache' } : skipToken,
  );
  useGraphChanged(null, (c) => {
    // A check-in (like a value) comes as a KPI change without a structural action.
    if (c.topic === 'kpiChanged' && c.action === null) void refetch();
  });
  return useMemo(() => {
    const out = new Map<string, KeyResultConfidence>();
    for (const o of data?.plan?.objectives ?? [])
      for (const k of o.kpis) if (k.latestCheckIn) out.set(k.id, k.latestCheckIn);
    return out;
  }, [data]);
}
