import type { WorkItemKind } from '@throughline/shared/graphql';

/** How the "what I must do" list names each kind of entry, and the icon beside it. */
export const WORK_KINDS: Record<WorkItemKind, { label: string; icon: string }> = {
  CHECK_IN_DUE: { label: 'Check-in', icon: 'kpi' },
  ACTION_OVERDUE: { label: 'Action', icon: 'meetings' },
  ACTION_DUE_SOON: { label: 'Action', icon: 'meetings' },
  DECISION_TO_REVISIT: { label: 'Revisit', icon: 'decisions' },
  PROPOSAL_WAITING: { label: 'Proposal', icon: 'plan' },
  APPROVAL_WAITING: { label: 'Approval', icon: 'security' },
};

/** A kind the server added after this build: named plainly rather than dropped. */
export const workKind = (kind: string) =>
  WORK_KINDS[kind as WorkItemKind] ?? { label: 'To do', icon: 'plan' };
