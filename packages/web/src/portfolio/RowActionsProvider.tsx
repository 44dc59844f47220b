import { InitiativeRowActionsDocument } from '@throughline/shared/graphql';
import { useQuery } from '@apollo/client/react';
import { useMemo, type ReactNode } from 'react';
import { RowActionsContext, type RowActionsRow } from './row-actions-context';

/** Reads the plan's initiatives for every `InitiativeRowActions` below it, once. */
export function RowActionsProvider({ planId, children }: { planId: string; children: ReactNode }) {
  const { data } = useQuery(InitiativeRowActionsDocument, { variables: { planId } });
  const rows = useMemo(
    () => new Map<string, RowActionsRow>((data?.initiatives ?? []).map((r) => [r.id, r])),
    [data],
  );
  return <RowActionsContext.Provider value={rows}>{children}</RowActionsContext.Provider>;
}
