import { SubjectType, WorkItemKind } from '@throughline/shared';
import { dateText } from '../../text.js';
import { WorkItem, type WorkSource } from './work-item.js';

/** The UTC day of an instant, "YYYY-MM-DD" (dates are UTC days on the server). */
const utcDay = (at: Date) => at.toISOString().slice(0, 10);

/**
 * DECISION_TO_REVISIT: decisions the viewer owns whose revisit date has come (today or earlier) and
 * that no later decision superseded, in units the viewer may see. Done in the decision register,
 * which opens on that one decision (revisit, edit or supersede it there).
 */
export const decisionWork: WorkSource = async ({ db, viewer, policy, now }) => {
  if (!viewer.personId) return [];
  const today = utcDay(now);
  const rows: { id: string; text: string; unitId: string; revisitOn: string; meeting: string }[] =
    await db.query(
      `SELECT d.id, d.text, d.unit_id AS "unitId", to_char(d.revisit_on, 'YYYY-MM-DD') AS "revisitOn",
              m.title AS meeting
         FROM decision d JOIN meeting m ON m.id = d.meeting_id
        WHERE d.owner_id = $1 AND d.revisit_on IS NOT NULL AND d.revisit_on <= $2::date
          AND d.superseded_by_id IS NULL
        ORDER BY d.revisit_on, d.id`,
      [viewer.personId, today],
    );
  return rows
    .filter((d) => policy.can('read', { unitId: d.unitId, ownerId: viewer.personId }))
    .map((d) => {
      const overdue = d.revisitOn < today;
      return Object.assign(new WorkItem(), {
        id: `${WorkItemKind.DECISION_TO_REVISIT}:${d.id}`,
        kind: WorkItemKind.DECISION_TO_REVISIT,
        title: d.text,
        detail: `${overdue ? 'Revisit was due' : 'Revisit due today,'} ${dateText(d.revisitOn)} · decided in ${d.meeting}`,
        dueAt: new Date(`${d.revisitOn}T00:00:00Z`),
        overdue,
        subjectType: SubjectType.DECISION,
        subjectId: d.id,
        path: `/decisions?focus=${d.id}`,
      });
    });
};
