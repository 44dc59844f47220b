import type { ChangeRequestStatus } from '@throughline/shared/graphql';

/** How a request's status reads, and its chip's tone. */
export const STATUS: Record<
  ChangeRequestStatus,
  { label: string; tone: 'blue' | 'green' | 'red' | 'grey' | 'amber' }
> = {
  PENDING: { label: 'Waiting for approval', tone: 'blue' },
  APPROVED: { label: 'Approved', tone: 'green' },
  REJECTED: { label: 'Rejected', tone: 'red' },
  WITHDRAWN: { label: 'Withdrawn', tone: 'grey' },
  OUTDATED: { label: 'Not applied', tone: 'amber' },
};

/** "Otto Ops or an executive", "an executive". */
export const approversInWords = (names: readonly string[]) =>
  names.length === 0 ? 'an executive' : `${names.join(', ')} or an executive`;
