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
 * The portfolio's initiatives for the row actions, read once per page and looked up by id, and
 * `refresh` to read them again once a decision is saved (the list is not in Apollo's cache, so a
 * mutation's answer does not update it by itself). Each row asking a query itself made a
 * thousand cache watchers for a thousand rows, each reading every initiative on every change.
 */
export const RowActionsContext = createContext<{
  rows: ReadonlyMap<string, RowActionsRow>;
  refresh: () => void;
} | null>(null);
