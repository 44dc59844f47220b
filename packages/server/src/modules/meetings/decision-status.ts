import { ActionStatus, DecisionStatus } from '@throughline/shared';

/**
 * Where a decision stands. SUPERSEDED once a later decision replaced it (whatever its actions);
 * CARRIED_OUT when at least one of its actions is done and none is still open (a dropped action
 * neither carries it out nor holds it open); otherwise OPEN — also when it has no action yet.
 * The register's status filter is the same rule in SQL (`decision-register.ts`).
 */
export function decisionStatus(
  supersededById: string | null,
  actionStatuses: readonly ActionStatus[],
): DecisionStatus {
  if (supersededById) return DecisionStatus.SUPERSEDED;
  const done = actionStatuses.some((s) => s === ActionStatus.DONE);
  const open = actionStatuses.some((s) => s === ActionStatus.OPEN);
  return done && !open ? DecisionStatus.CARRIED_OUT : DecisionStatus.OPEN;
}
