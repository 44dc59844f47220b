import { SubjectType, UnitKind } from '@throughline/shared';
import type { EntityManager } from 'typeorm';
import { MAX_EXECUTIVE_DASHBOARD_KPIS, MAX_TEAM_OBJECTIVES_PER_QUARTER } from '../hygiene/hygiene-limits.js';
import { AlertRule } from './alert-rules.js';
import { raiseOrResolve } from './alert.service.js';

/**
 * Two portfolio rules of the hygiene report as alerts (the third, capacity over what is available,
 * is judged with the reserve in reserve-alert.ts). Both read the whole organisation in one query, so
 * a move of an objective out of a team, or a KPI leaving the dashboard, resolves the alert it
 * cleared; they run in the transaction of the write that can change them (the drift service), and
 * in the scheduled scan as a safety net for writes without a hook (a unit changing kind).
 */

const openSubjects = async (m: EntityManager, rule: string): Promise<Set<string>> =>
  new Set(
    (
      (await m.query(`SELECT subject_id FROM alert WHERE rule = $1 AND status IN ('OPEN', 'ACKNOWLEDGED')`, [
        rule,
      ])) as { subject_id: string }[]
    ).map((r) => r.subject_id),
  );

const quarterName = (d: string) => {
  const date = new Date(`${d}T00:00:00Z`);
  return `${date.getUTCFullYear()}-Q${Math.floor(date.getUTCMonth() / 3) + 1}`;
};

/**
 * More than three dated objectives for one team in one quarter (an objective counts in every
 * quarter its period touches, as in the hygiene report): one alert per team, to its head, naming
 * each quarter over the limit.
 */
export async function evaluateTeamObjectiveLoad(m: EntityManager, now: Date): Promise<void> {
  const rows: { unit_id: string; name: string; head_id: string | null; quarter: string; n: number }[] =
    await m.query(
      `SELECT o.unit_id, u.name, u.head_id, to_char(q, 'YYYY-MM-DD') AS quarter, count(*)::int AS n
         FROM objective o
         JOIN unit u ON u.id = o.unit_id AND u.kind = $1 AND u.archived_at IS NULL
         CROSS JOIN LATERAL generate_series(date_trunc('quarter', o.period_start::timestamp),
                                            date_trunc('quarter', coalesce(o.period_end, o.period_start)::timestamp),
                                            interval '3 months') AS q
        WHERE o.archived_at IS NULL AND o.period_start IS NOT NULL
        GROUP BY o.unit_id, u.name, u.head_id, q
       HAVING count(*) > $2
        ORDER BY o.unit_id, q`,
      [UnitKind.TEAM, MAX_TEAM_OBJECTIVES_PER_QUARTER],
    );
  const byTeam = new Map<string, typeof rows>();
  for (const r of rows) byTeam.set(r.unit_id, [...(byTeam.get(r.unit_id) ?? []), r]);
  const open = await openSubjects(m, AlertRule.TEAM_OBJECTIVES_OVER_LIMIT);
  for (const [unitId, quarters] of byTeam) {
    const list = quarters.map((q) => `${q.n} in ${quarterName(q.quarter)}`).join(', ');
    await raiseOrResolve(m, now, {
      rule: AlertRule.TEAM_OBJECTIVES_OVER_LIMIT,
      subjectId: unitId,
      subjectType: SubjectType.UNIT,
      unitId,
      ownerId: quarters[0].head_id,
      active: true,
      message: `${quarters[0].name} has more than ${MAX_TEAM_OBJECTIVES_PER_QUARTER} objectives in a quarter (${list}): focus is spread thin.`,
    });
  }
  for (const id of open)
    if (!byTeam.has(id))
      await raiseOrResolve(m, now, {
        rule: AlertRule.TEAM_OBJECTIVES_OVER_LIMIT,
        subjectId: id,
        subjectType: SubjectType.UNIT,
        unitId: id,
        ownerId: null,
        active: false,
        message: '',
      });
}

/**
 * More than seven live KPIs on the executive dashboard: one alert on the company (the root unit),
 * to its head. Counts every dashboard KPI (the alert says how many, never which: a restricted
 * unit's KPI is not named to someone who may not see it).
 */
export async function evaluateDashboardLoad(m: EntityManager, now: Date): Promise<void> {
  const [root]: { id: string; head_id: string | null }[] = await m.query(
    `SELECT id, head_id FROM unit WHERE parent_id IS NULL AND archived_at IS NULL ORDER BY created_at LIMIT 1`,
  );
  const open = await openSubjects(m, AlertRule.DASHBOARD_OVER_LIMIT);
  if (!root && open.size === 0) return;
  const [{ n }]: { n: number }[] = await m.query(
    `SELECT count(*)::int AS n FROM kpi WHERE on_executive_dashboard AND archived_at IS NULL`,
  );
  const over = !!root && n > MAX_EXECUTIVE_DASHBOARD_KPIS;
  if (!over && open.size === 0) return;
  if (root)
    await raiseOrResolve(m, now, {
      rule: AlertRule.DASHBOARD_OVER_LIMIT,
      subjectId: root.id,
      subjectType: SubjectType.UNIT,
      unitId: root.id,
      ownerId: root.head_id,
      active: over,
      message: `The executive dashboard shows ${n} KPIs; the limit is ${MAX_EXECUTIVE_DASHBOARD_KPIS}. Take ${n - MAX_EXECUTIVE_DASHBOARD_KPIS} off so the few that matter stand out.`,
    });
  for (const id of open)
    if (id !== root?.id)
      await raiseOrResolve(m, now, {
        rule: AlertRule.DASHBOARD_OVER_LIMIT,
        subjectId: id,
        subjectType: SubjectType.UNIT,
        unitId: id,
        ownerId: null,
        active: false,
        message: '',
      });
}
