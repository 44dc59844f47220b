import { SubjectType, WorkItemKind } from '@throughline/shared';
import { dateText } from '../../text.js';
import type { WorkItem, WorkSource } from '../work/work-item.js';
import { DUE_SOON_DAYS } from './checkin-cadence.js';
import { dueSubjects } from './checkin-due.js';

const DAY_MS = 86_400_000;

/** CHECK_IN_DUE: the viewer's own KPIs and active initiatives whose check-in is due within a week or missed. */
export const checkInWork: WorkSource = async ({ db, viewer, policy, now }) => {
  const horizon = now.getTime() + DUE_SOON_DAYS * DAY_MS;
  const items: WorkItem[] = [];
  for (const { subject: s, due } of await dueSubjects(db, now, { ownerId: viewer.personId })) {
    if (!due.overdue && due.dueAt.getTime() > horizon) continue;
    if (!policy.canCheckIn({ unitId: s.unitId, ownerId: s.ownerId })) continue;
    const last = due.lastAt ? `the last check-in was on ${dateText(due.lastAt)}` : 'there is no check-in yet';
    items.push({
      id: `${WorkItemKind.CHECK_IN_DUE}:${s.id}`,
      kind: WorkItemKind.CHECK_IN_DUE,
      title: `Check in on ${s.name}`,
      detail: `${due.overdue ? 'Was due' : 'Due'} ${dateText(due.dueAt)}; ${last}.`,
      dueAt: due.dueAt,
      overdue: due.overdue,
      subjectType: s.type === 'KPI' ? SubjectType.KPI : SubjectType.INITIATIVE,
      subjectId: s.id,
      path: `/${s.type === 'KPI' ? 'kpis' : 'initiatives'}/${s.id}?checkIn=1`,
    });
  }
  return items;
};
