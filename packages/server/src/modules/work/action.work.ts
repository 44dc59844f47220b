import { ActionStatus, SubjectType, WorkItemKind } from '@throughline/shared';
import { dateText } from '../../text.js';
import { WorkItem, type WorkSource } from './work-item.js';

const DAY_MS = 86_400_000;
/** How far ahead an open action counts as "due soon". */
export const ACTION_DUE_SOON_DAYS = 7;

const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

/**
 * ACTION_OVERDUE and ACTION_DUE_SOON: the open actions the viewer owns that are past their due date
 * or fall due within the next seven days, in units the viewer may see. Done in the meeting room of
 * the review that agreed them.
 */
export const actionWork: WorkSource = async ({ db, viewer, policy, now }) => {
  if (!viewer.personId) return [];
  const rows: {
    id: string;
    text: string;
    unitId: string;
    dueDate: Date;
    meetingId: string;
    meeting: string;
  }[] = await db.query(
    `SELECT a.id, a.text, a.unit_id AS "unitId", a.due_date AS "dueDate", a.meeting_id AS "meetingId",
              m.title AS meeting
         FROM action a JOIN meeting m ON m.id = a.meeting_id
        WHERE a.owner_id = $1 AND a.status = $2 AND a.due_date < $3
        ORDER BY a.due_date, a.id`,
    [viewer.personId, ActionStatus.OPEN, new Date(now.getTime() + ACTION_DUE_SOON_DAYS * DAY_MS)],
  );
  return rows
    .filter((a) => policy.can('read', { unitId: a.unitId, ownerId: viewer.personId }))
    .map((a) => {
      const overdue = a.dueDate.getTime() < now.getTime();
      const late = Math.floor((now.getTime() - a.dueDate.getTime()) / DAY_MS);
      const left = Math.ceil((a.dueDate.getTime() - now.getTime()) / DAY_MS);
      const when = overdue
        ? `Was due ${dateText(a.dueDate)}${late >= 1 ? `, ${days(late)} overdue` : ''}`
        : `Due ${dateText(a.dueDate)}${left <= 1 ? ', within a day' : `, in ${days(left)}`}`;
      return Object.assign(new WorkItem(), {
        id: `${overdue ? WorkItemKind.ACTION_OVERDUE : WorkItemKind.ACTION_DUE_SOON}:${a.id}`,
        kind: overdue ? WorkItemKind.ACTION_OVERDUE : WorkItemKind.ACTION_DUE_SOON,
        title: a.text,
        detail: `${when} · from ${a.meeting}`,
        dueAt: a.dueDate,
        overdue,
        subjectType: SubjectType.ACTION,
        subjectId: a.id,
        path: `/meetings/${a.meetingId}`,
      });
    });
};
