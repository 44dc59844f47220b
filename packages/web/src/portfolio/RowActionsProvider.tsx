import { useMemo, type ReactNode } from 'react';
import { RowActionsContext, type RowActionsRow } from './row-actions-context';

/**
 * Gives every `InitiativeRowActions` below it the plan's initiatives as the portfolio read them
 * (one query for the page), looked up by id, and how to read them again after a decision.
 */
export function RowActionsProvider({
  rows,
  refresh,
  children,
}: {
  rows: readonly RowActionsRow[];
  refresh: () => void;
  children: ReactNode;
}) {
  const value = useMemo(() => ({ rows: new Map(rows.map((r) => [r.id, r])), refresh }), [rows, refresh]);
  return <RowActionsContext.Provider value={value}>{children}</RowActionsContext.Provider>;
}
