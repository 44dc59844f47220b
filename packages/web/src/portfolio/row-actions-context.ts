import { createContext } from 'react';

/** What the row actions need of one initiative: its status, version and whether the viewer may change it. */
export interface RowActionsRow {
  id: string;
  title: string;
  status: InitiativeStatusName;
  version: number;
  viewerCan: { edit: boolean };
}
type InitiativeStatusName = import('@throughline/shared/graphql').InitiativeStatus;

/**
 * The portfolio's initiatives for the row actions, read once per page and looked up by id. Each
 * row asking the same query itself made a thousand cache watchers for a thousand rows, each
 * reading every initiative on every change: the portfolio never finished rendering at that size.
 */
export const RowActionsContext = createContext<ReadonlyMap<string, RowActionsRow> | null>(null);
