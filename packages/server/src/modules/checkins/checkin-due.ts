import type { DataSource, EntityManager } from 'typeorm';
import { AlertRule } from '../alerts/alert-rules.js';
import { reconcileRule } from '../alerts/alert.service.js';
import { DEFAULT_CHECK_IN_EVERY_DAYS, type CheckInDueState } from './checkin-cadence.js';
import { dueState, missedCondition, type CheckInSubject } from './checkin.service.js';

type Db = DataSource | EntityManager;

/**
 * Live KPIs and ACTIVE initiatives with when their next check-in is due (set-based: one query per
 * kind). `ownerId` narrows to one person's subjects.
 */
export async function dueSubjects(
  db: Db,
  now: Date,
  opts: { ownerId?: string } = {},
): Promise<{ subject: CheckInSubject; due: CheckInDueState }[]> {
  const own = opts.ownerId ? 'AND x.owner_id = $1' : '';
  const params = opts.ownerId ? [opts.ownerId] : [];
  const kpis: Record<string, any>[] = await db.query(
    `SELECT x.id, x.name, x.unit_id, x.owner_id, x.frequency,
            (SELECT max(posted_at) FROM check_in c WHERE c.subject_id = x.id) AS last_at
       FROM kpi x JOIN person p ON p.id = x.owner_id
      WHERE x.archived_at IS NULL AND p.archived_at IS NULL ${own} ORDER BY x.name`,
    params,
  );
  const initiatives: Record<string, any>[] = await db.query(
    `SELECT x.id, x.title, x.unit_id, x.owner_id, x.status, to_char(x.start_date, 'YYYY-MM-DD') AS start_date,
            pl.check_in_every_days,
            (SELECT max(posted_at) FROM check_in c WHERE c.subject_id = x.id) AS last_at
       FROM initiative x JOIN plan pl ON pl.id = x.plan_id JOIN person p ON p.id = x.owner_id
      WHERE x.archived_at IS NULL AND p.archived_at IS NULL AND x.status = 'ACTIVE' ${own} ORDER BY x.title`,
    params,
  );
  const out: { subject: CheckInSubject; due: CheckInDueState }[] = [];
  const add = (subject: CheckInSubject, lastAt: Date | null) => {
    const due = dueState(subject, lastAt, now);
    if (due) out.push({ subject, due });
  };
  for (const k of kpis)
    add(
      {
        type: 'KPI',
        id: k.id,
        name: k.name,
        unitId: k.unit_id,
        ownerId: k.owner_id,
        frequency: k.frequency,
        status: null,
        startDate: null,
        everyDays: 0,
      },
      k.last_at ? new Date(k.last_at) : null,
    );
  for (const i of initiatives)
    add(
      {
        type: 'INITIATIVE',
        id: i.id,
        name: i.title,
        unitId: i.unit_id,
        ownerId: i.owner_id,
        frequency: null,
        status: i.status,
        startDate: i.start_date,
        everyDays: i.check_in_every_days ?? DEFAULT_CHECK_IN_EVERY_DAYS,
      },
      i.last_at ? new Date(i.last_at) : null,
    );
  return out;
}

/** The drift scan's CHECK_IN_MISSED rule: raised for every missed check-in, resolved for the rest. */
export async function checkInMissedAlerts(
  m: EntityManager,
  now: Date,
): Promise<{ raised: number; resolved: number }> {
  const missed = (await dueSubjects(m, now)).filter((d) => d.due.overdue);
  return reconcileRule(
    m,
    now,
    AlertRule.CHECK_IN_MISSED,
    missed.map((d) => missedCondition(d.subject, d.due, true)),
  );
}
