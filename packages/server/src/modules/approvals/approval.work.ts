import { ChangeRequestStatus, SubjectType, WorkItemKind } from '@throughline/shared';
import { WorkItem, type WorkSource } from '../work/work-item.js';

/**
 * APPROVAL_WAITING: change requests that wait for the viewer's yes (named approvers; executives
 * for every waiting request they did not ask for), only those they may see. No due date: oldest first.
 */
export const approvalWork: WorkSource = async ({ db, policy }) => {
  if (policy.viewer.via !== 'session') return [];
  const rows: {
    id: string;
    subject_name: string;
    summary: string;
    requested_at: Date;
    unit_id: string;
    requester_id: string;
    approver_ids: string[];
    requester: string;
  }[] = await db.query(
    `SELECT r.id, r.subject_name, r.summary, r.requested_at, r.unit_id, r.requester_id, r.approver_ids, p.name AS requester
       FROM change_request r JOIN person p ON p.id = r.requester_id
      WHERE r.status = $1 AND r.requester_id <> $2 AND ($3 OR $2 = ANY(r.approver_ids))
      ORDER BY r.requested_at, r.id LIMIT 100`,
    [ChangeRequestStatus.PENDING, policy.viewer.personId, policy.isExecutive],
  );
  return rows
    .filter((r) =>
      policy.canDecideChangeRequest({
        unitId: r.unit_id,
        requesterId: r.requester_id,
        approverIds: r.approver_ids,
      }),
    )
    .map((r) =>
      Object.assign(new WorkItem(), {
        id: `${WorkItemKind.APPROVAL_WAITING}:${r.id}`,
        kind: WorkItemKind.APPROVAL_WAITING,
        title: `Approve a change to ${r.subject_name}`,
        detail: `${r.requester} asks: ${r.summary}.`,
        dueAt: null,
        overdue: false,
        subjectType: SubjectType.CHANGE_REQUEST,
        subjectId: r.id,
        path: `/decisions?request=${r.id}`,
      }),
    );
};
