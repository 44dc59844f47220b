/** A meeting as the department home weighs it for "next review". */
export interface ReviewCandidate {
  id: string;
  title: string;
  status: string;
  scheduledAt: string;
  unit: { id: string };
  chair: { id: string };
  participants: { id: string }[];
}

/**
 * The review a unit head should go to next: one open now, else the soonest scheduled, among the
 * reviews of their unit and the ones they chair or take part in. Null when there is none.
 */
export function nextReview<T extends ReviewCandidate>(
  meetings: readonly T[],
  who: { unitId: string; personId: string },
): T | null {
  const mine = meetings.filter(
    (m) =>
      m.status !== 'CLOSED' &&
      (m.unit.id === who.unitId ||
        m.chair.id === who.personId ||
        m.participants.some((p) => p.id === who.personId)),
  );
  const order = (m: T) => (m.status === 'OPEN' ? 0 : 1);
  return (
    [...mine].sort((a, b) => order(a) - order(b) || a.scheduledAt.localeCompare(b.scheduledAt))[0] ?? null
  );
}
