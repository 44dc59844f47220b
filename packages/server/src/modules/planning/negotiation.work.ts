import { SubjectType, WorkItemKind } from '@throughline/shared';
import type { WorkItem, WorkSource } from '../work/work-item.js';

/** PROPOSAL_WAITING: open negotiations where it is the viewer's turn to accept or counter. */
export const proposalsWaiting: WorkSource = async ({ db, viewer, policy }) => {
  const rows: {
    id: string;
    title: string;
    unit_id: string;
    proposer_id: string;
    counterpart_id: string;
    participants: { personId: string }[];
    other: string;
    at: Date;
  }[] = await db.query(
    `SELECT n.id, n.title, n.unit_id, n.proposer_id, n.counterpart_id, n.participants,
            (SELECT a.name FROM negotiation_round r JOIN person a ON a.id = r.author_id
              WHERE r.negotiation_id = n.id AND r.kind IN ('PROPOSAL', 'COUNTER') ORDER BY r.number DESC LIMIT 1) AS other,
            (SELECT max(r.at) FROM negotiation_round r WHERE r.negotiation_id = n.id) AS at
       FROM negotiation n
      WHERE n.status = 'OPEN'
        AND ((n.turn = 'PROPOSER' AND n.proposer_id = $1) OR (n.turn = 'UNIT' AND n.counterpart_id = $1))
      ORDER BY n.opened_at`,
    [viewer.personId],
  );
  return rows
    .filter((n) =>
      policy.canSeeNegotiation({
        unitId: n.unit_id,
        partyIds: [n.proposer_id, n.counterpart_id, ...n.participants.map((p) => p.personId)],
      }),
    )
    .map(
      (n): WorkItem => ({
        id: `${WorkItemKind.PROPOSAL_WAITING}:${n.id}`,
        kind: WorkItemKind.PROPOSAL_WAITING,
        title: `Answer “${n.title}”`,
        detail: `${n.other ?? 'The other side'} is waiting for you to accept or counter-propose.`,
        dueAt: null,
        overdue: false,
        subjectType: SubjectType.NEGOTIATION,
        subjectId: n.id,
        path: `/planning/${n.id}`,
      }),
    );
};
