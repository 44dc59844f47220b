import {
  DECLINE_ALERT_PERIODS,
  Direction,
  Frequency,
  Health,
  InitiativeStatus,
  isStale,
  kpiHealth,
  kpiTrend,
  MAX_MEASUREMENT_AGE_DAYS,
  periodContaining,
  SubjectType,
} from '@throughline/shared';
import { dateText, valueText } from '../../text.js';
import type { DataSource, EntityManager } from 'typeorm';
import { AlertRule } from '../alerts/alert-rules.js';
import {
  AlertCondition,
  raiseOrResolve,
  raiseOrResolveMany,
  reconcileRule,
} from '../alerts/alert.service.js';
import { evaluateReserveAlerts } from '../alerts/reserve-alert.js';
import { targetOn } from '../health/health.loaders.js';
import type { KpiTarget } from '../kpis/kpi-target.entity.js';
import { overdueActionAlerts } from '../meetings/overdue-actions.js';
import { earlyWarningConditions } from '../alerts/early-warning-alerts.js';
import { evaluateDashboardLoad, evaluateTeamObjectiveLoad } from '../alerts/portfolio-alerts.js';
import { escalateAlerts } from '../alerts/escalation.js';
import { checkInMissedAlerts } from '../checkins/checkin-due.js';

/** Initiatives still meant to happen: only these are judged for links and overdue milestones. */
const LIVE_INITIATIVE = new Set<string>([
  InitiativeStatus.PROPOSED,
  InitiativeStatus.ACTIVE,
  InitiativeStatus.PAUSED,
]);
/** Measurements read per KPI for the decline rule (several per period are collapsed to the latest). */
const TREND_WINDOW = 24;

const overdue = (dueDate: string, now: Date) =>
  new Date(`${dueDate}T23:59:59.999Z`).getTime() < now.getTime();

interface KpiRow {
  id: string;
  name: string;
  unit_id: string;
  owner_id: string;
  direction: Direction;
  frequency: Frequency;
  unit_of_measure: string;
  archived: boolean;
  owner_left: boolean;
  linked: boolean;
}

/**
 * Every KPI rule for these KPIs (health band, decline, staleness, owner, vanity): raises what
 * holds, resolves what cleared. Archived KPIs resolve all their alerts. Runs inside the
 * transaction of the change, so alerts and the change commit together.
 */
export async function evaluateKpiDrift(m: EntityManager, kpiIds: string[], now: Date): Promise<void> {
  if (kpiIds.length === 0) return;
  const kpis: KpiRow[] = await m.query(
    `SELECT k.id, k.name, k.unit_id, k.owner_id, k.direction, k.frequency, k.unit_of_measure,
            k.archived_at IS NOT NULL AS archived, p.archived_at IS NOT NULL AS owner_left,
            EXISTS (SELECT 1 FROM objective_kpi ok JOIN objective o ON o.id = ok.objective_id
                     WHERE ok.kpi_id = k.id AND o.archived_at IS NULL) AS linked
       FROM kpi k JOIN person p ON p.id = k.owner_id WHERE k.id = ANY($1::uuid[])`,
    [kpiIds],
  );
  const measurements: { kpi_id: string; value: number; at: Date }[] = await m.query(
    `SELECT x.kpi_id, x.value, x.at FROM unnest($1::uuid[]) AS k(id)
       CROSS JOIN LATERAL (SELECT kpi_id, value, at FROM measurement WHERE kpi_id = k.id AND superseded_at IS NULL
                            ORDER BY at DESC, recorded_at DESC LIMIT ${TREND_WINDOW}) x`,
    [kpiIds],
  );
  const targets: Record<string, any>[] = await m.query(
    `SELECT kpi_id, period_start, period_end, target, amber, red FROM kpi_target WHERE kpi_id = ANY($1::uuid[]) ORDER BY period_start`,
    [kpiIds],
  );
  // Every KPI's verdicts go to the alerts in one set-based write (a batch touches dozens of KPIs).
  const all: AlertCondition[] = [];
  const byKpi = new Map<string, { kpi_id: string; value: number; at: Date }[]>();
  for (const x of measurements) {
    const list = byKpi.get(x.kpi_id);
    if (list) list.push(x);
    else byKpi.set(x.kpi_id, [x]);
  }
  for (const k of kpis) {
    const ms = byKpi.get(k.id) ?? []; // newest first
    const ts = targets
      .filter((t) => t.kpi_id === k.id)
      .map(
        (t) =>
          ({
            periodStart: t.period_start,
            periodEnd: t.period_end,
            target: t.target,
            amber: t.amber,
            red: t.red,
          }) as KpiTarget,
      );
    const live = !k.archived;
    const latest = ms[0] ?? null;
    const target = targetOn(ts, latest ? new Date(latest.at) : now);
    const health = kpiHealth({
      direction: k.direction,
      value: latest?.value ?? null,
      target: target?.target ?? null,
      amber: target?.amber ?? null,
      red: target?.red ?? null,
    });
    const base = {
      subjectId: k.id,
      subjectType: SubjectType.KPI,
      unitId: k.unit_id,
      ownerId: k.owner_left ? null : k.owner_id,
    };
    const against = target ? ` against a target of ${valueText(target.target, k.unit_of_measure)}` : '';
    const value = latest ? valueText(latest.value, k.unit_of_measure) : '';
    const conditions: AlertCondition[] = [
      {
        ...base,
        rule: AlertRule.KPI_AT_RISK,
        active: live && health === Health.AT_RISK,
        message: `${k.name} is at risk: ${value}${against}.`,
      },
      {
        ...base,
        rule: AlertRule.KPI_OFF_TRACK,
        active: live && health === Health.OFF_TRACK,
        message: `${k.name} is off track: ${value}${against}.`,
      },
    ];
    // Decline: the latest value of each period, oldest first.
    const perPeriod = new Map<number, number>();
    for (const x of ms) {
      const start = periodContaining(new Date(x.at), k.frequency).start.getTime();
      if (!perPeriod.has(start)) perPeriod.set(start, x.value);
    }
    const periods = [...perPeriod.entries()].sort((a, b) => a[0] - b[0]);
    const series = periods.map(([, v]) => v);
    const declining = kpiTrend(series, k.direction).decliningPeriods;
    conditions.push({
      ...base,
      rule: AlertRule.KPI_DECLINING,
      active: live && declining >= DECLINE_ALERT_PERIODS,
      message: `${k.name} got worse ${declining} periods in a row (now ${value}).`,
    });
    conditions.push(...earlyWarningConditions({ kpi: k, base, live, health, series, periods, targets: ts }));
    conditions.push(staleCondition(k, latest ? new Date(latest.at) : null, live, now));
    conditions.push({
      ...base,
      rule: AlertRule.KPI_UNOWNED,
      active: live && k.owner_left,
      message: `${k.name} has no owner: its owner has left.`,
    });
    conditions.push({
      ...base,
      rule: AlertRule.KPI_VANITY,
      active: live && !k.linked,
      message: `${k.name} measures no objective (a vanity metric): link it to an objective or retire it.`,
    });
    all.push(...conditions);
  }
  await raiseOrResolveMany(m, now, all);
}

function staleCondition(
  k: Pick<KpiRow, 'id' | 'name' | 'unit_id' | 'owner_id' | 'owner_left' | 'frequency'>,
  latestAt: Date | null,
  live: boolean,
  now: Date,
): AlertCondition {
  return {
    rule: AlertRule.KPI_STALE,
    subjectId: k.id,
    subjectType: SubjectType.KPI,
    unitId: k.unit_id,
    ownerId: k.owner_left ? null : k.owner_id,
    active: live && isStale({ frequency: k.frequency, latestAt, now }),
    message: `${k.name} has not been measured since ${dateText(latestAt)} (a ${k.frequency.toLowerCase()} KPI may go ${MAX_MEASUREMENT_AGE_DAYS[k.frequency]} days).`,
  };
}

/**
 * Portfolio rules of these initiatives: supports no objective, targets no KPI, overdue
 * milestones. Only live initiatives (proposed, active, paused) are judged; archived,
 * completed or stopped ones resolve their alerts.
 */
export async function evaluateInitiativeDrift(
  m: EntityManager,
  initiativeIds: string[],
  now: Date,
): Promise<void> {
  if (initiativeIds.length === 0) return;
  const rows: {
    id: string;
    title: string;
    unit_id: string;
    owner_id: string;
    status: string;
    archived: boolean;
    has_objective: boolean;
    has_kpi: boolean;
  }[] = await m.query(
    `SELECT i.id, i.title, i.unit_id, i.owner_id, i.status, i.archived_at IS NOT NULL AS archived,
            EXISTS (SELECT 1 FROM initiative_objective io JOIN objective o ON o.id = io.objective_id
                     WHERE io.initiative_id = i.id AND o.archived_at IS NULL) AS has_objective,
            EXISTS (SELECT 1 FROM initiative_kpi ik JOIN kpi k ON k.id = ik.kpi_id
                     WHERE ik.initiative_id = i.id AND k.archived_at IS NULL) AS has_kpi
       FROM initiative i WHERE i.id = ANY($1::uuid[])`,
    [initiativeIds],
  );
  const milestones: {
    id: string;
    initiative_id: string;
    title: string;
    due_date: string;
    completed: boolean;
    archived: boolean;
  }[] = await m.query(
    `SELECT id, initiative_id, title, due_date, completed_at IS NOT NULL AS completed, archived_at IS NOT NULL AS archived
       FROM milestone WHERE initiative_id = ANY($1::uuid[])`,
    [initiativeIds],
  );
  for (const i of rows) {
    const live = !i.archived && LIVE_INITIATIVE.has(i.status);
    const base = {
      subjectId: i.id,
      subjectType: SubjectType.INITIATIVE,
      unitId: i.unit_id,
      ownerId: i.owner_id,
    };
    await raiseOrResolve(m, now, {
      ...base,
      rule: AlertRule.INITIATIVE_NO_OBJECTIVE,
      active: live && !i.has_objective,
      message: `${i.title} supports no objective: it may not belong in the portfolio.`,
    });
    await raiseOrResolve(m, now, {
      ...base,
      rule: AlertRule.INITIATIVE_NO_KPI,
      active: live && !i.has_kpi,
      message: `${i.title} targets no KPI: nothing shows whether it works.`,
    });
    for (const ms of milestones.filter((x) => x.initiative_id === i.id)) {
      await raiseOrResolve(
        m,
        now,
        milestoneCondition(ms, i, live && !ms.archived && !ms.completed && overdue(ms.due_date, now)),
      );
    }
  }
  // Status, capacity, unit or archive of an initiative moves its units' committed work: the reserve rule.
  await evaluateReserveAlerts(m, now);
}

function milestoneCondition(
  ms: { id: string; title: string; due_date: string },
  i: { title: string; unit_id: string; owner_id: string },
  active: boolean,
): AlertCondition {
  return {
    rule: AlertRule.MILESTONE_OVERDUE,
    subjectId: ms.id,
    subjectType: SubjectType.MILESTONE,
    unitId: i.unit_id,
    ownerId: i.owner_id,
    active,
    message: `Milestone "${ms.title}" of ${i.title} was due ${dateText(ms.due_date)} and is not done.`,
  };
}

/**
 * Objective rules (owner left) for these objectives, and the rules their links feed: KPIs
 * measuring them (vanity) and initiatives supporting them (no objective), since archiving or
 * linking an objective can trip or clear those.
 */
export async function evaluateObjectiveDrift(
  m: EntityManager,
  objectiveIds: string[],
  now: Date,
): Promise<void> {
  if (objectiveIds.length === 0) return;
  const rows: {
    id: string;
    title: string;
    unit_id: string;
    owner_id: string;
    archived: boolean;
    owner_left: boolean;
  }[] = await m.query(
    `SELECT o.id, o.title, o.unit_id, o.owner_id, o.archived_at IS NOT NULL AS archived, p.archived_at IS NOT NULL AS owner_left
       FROM objective o JOIN person p ON p.id = o.owner_id WHERE o.id = ANY($1::uuid[])`,
    [objectiveIds],
  );
  for (const o of rows) {
    await raiseOrResolve(m, now, {
      rule: AlertRule.OBJECTIVE_UNOWNED,
      subjectId: o.id,
      subjectType: SubjectType.OBJECTIVE,
      unitId: o.unit_id,
      ownerId: o.owner_left ? null : o.owner_id,
      active: !o.archived && o.owner_left,
      message: `${o.title} has no owner: its owner has left.`,
    });
  }
  // Creating, moving, dating, archiving or restoring an objective changes its team's load per quarter.
  await evaluateTeamObjectiveLoad(m, now);
  const kpiIds: { kpi_id: string }[] = await m.query(
    `SELECT DISTINCT kpi_id FROM objective_kpi WHERE objective_id = ANY($1::uuid[])`,
    [objectiveIds],
  );
  const initiativeIds: { initiative_id: string }[] = await m.query(
    `SELECT DISTINCT initiative_id FROM initiative_objective WHERE objective_id = ANY($1::uuid[])`,
    [objectiveIds],
  );
  await evaluateKpiDrift(
    m,
    kpiIds.map((r) => r.kpi_id),
    now,
  );
  await evaluateInitiativeDrift(
    m,
    initiativeIds.map((r) => r.initiative_id),
    now,
  );
}

/** A KPI change that can alter links (archive, restore): the KPI and the initiatives targeting it. */
export async function evaluateKpiAndLinkedDrift(
  m: EntityManager,
  kpiIds: string[],
  now: Date,
): Promise<void> {
  await evaluateKpiDrift(m, kpiIds, now);
  // Creating, flagging, archiving or restoring a KPI changes how many are on the executive dashboard.
  await evaluateDashboardLoad(m, now);
  const initiativeIds: { initiative_id: string }[] = await m.query(
    `SELECT DISTINCT initiative_id FROM initiative_kpi WHERE kpi_id = ANY($1::uuid[])`,
    [kpiIds],
  );
  await evaluateInitiativeDrift(
    m,
    initiativeIds.map((r) => r.initiative_id),
    now,
  );
}

/** Advisory lock key: one instance runs the scan at a time. */
export const DRIFT_SCAN_LOCK = 'throughline:drift-scan';

/** What a scheduled scan did (skipped: another instance held the lock). */
export interface DriftScanResult {
  skipped: boolean;
  raised: number;
  resolved: number;
  /** Alerts escalated one level up (left unacknowledged past their plan's window). */
  escalated: number;
}

/**
 * The scheduled scan for rules that trip with time or with changes that have no hook
 * (stale KPIs, overdue milestones, owners who left). Set-based reads, one transaction; when
 * another instance is scanning (advisory lock taken), returns `skipped`.
 */
export async function runDriftScan(db: DataSource, now: Date): Promise<DriftScanResult> {
  return db.transaction(async (m) => {
    const [{ locked }] = await m.query(`SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`, [
      DRIFT_SCAN_LOCK,
    ]);
    if (!locked) return { skipped: true, raised: 0, resolved: 0, escalated: 0 };
    const total = { skipped: false, raised: 0, resolved: 0, escalated: 0 };
    const add = (r: { raised: number; resolved: number }) => {
      total.raised += r.raised;
      total.resolved += r.resolved;
    };

    const kpis: {
      id: string;
      name: string;
      unit_id: string;
      owner_id: string;
      owner_left: boolean;
      frequency: Frequency;
      latest_at: Date | null;
    }[] = await m.query(
      `SELECT k.id, k.name, k.unit_id, k.owner_id, k.frequency, p.archived_at IS NOT NULL AS owner_left,
              (SELECT max(at) FROM measurement WHERE kpi_id = k.id AND superseded_at IS NULL) AS latest_at
         FROM kpi k JOIN person p ON p.id = k.owner_id WHERE k.archived_at IS NULL`,
    );
    add(
      await reconcileRule(
        m,
        now,
        AlertRule.KPI_STALE,
        kpis.map((k) => staleCondition(k, k.latest_at, true, now)).filter((c) => c.active),
      ),
    );
    add(
      await reconcileRule(
        m,
        now,
        AlertRule.KPI_UNOWNED,
        kpis
          .filter((k) => k.owner_left)
          .map((k) => ({
            rule: AlertRule.KPI_UNOWNED,
            subjectId: k.id,
            subjectType: SubjectType.KPI,
            unitId: k.unit_id,
            ownerId: null,
            active: true,
            message: `${k.name} has no owner: its owner has left.`,
          })),
      ),
    );

    const objectives: { id: string; title: string; unit_id: string }[] = await m.query(
      `SELECT o.id, o.title, o.unit_id FROM objective o JOIN person p ON p.id = o.owner_id WHERE o.archived_at IS NULL AND p.archived_at IS NOT NULL`,
    );
    add(
      await reconcileRule(
        m,
        now,
        AlertRule.OBJECTIVE_UNOWNED,
        objectives.map((o) => ({
          rule: AlertRule.OBJECTIVE_UNOWNED,
          subjectId: o.id,
          subjectType: SubjectType.OBJECTIVE,
          unitId: o.unit_id,
          ownerId: null,
          active: true,
          message: `${o.title} has no owner: its owner has left.`,
        })),
      ),
    );

    const milestones: {
      id: string;
      title: string;
      due_date: string;
      i_title: string;
      unit_id: string;
      owner_id: string;
    }[] = await m.query(
      `SELECT ms.id, ms.title, ms.due_date, i.title AS i_title, i.unit_id, i.owner_id
         FROM milestone ms JOIN initiative i ON i.id = ms.initiative_id
        WHERE ms.archived_at IS NULL AND ms.completed_at IS NULL AND i.archived_at IS NULL
          AND i.status = ANY($1) AND ms.due_date < ($2::timestamptz AT TIME ZONE 'UTC')::date`,
      [[...LIVE_INITIATIVE], now.toISOString()],
    );
    add(
      await reconcileRule(
        m,
        now,
        AlertRule.MILESTONE_OVERDUE,
        milestones.map((ms) =>
          milestoneCondition(ms, { title: ms.i_title, unit_id: ms.unit_id, owner_id: ms.owner_id }, true),
        ),
      ),
    );
    add(await overdueActionAlerts(m, now));
    add(await checkInMissedAlerts(m, now));
    // Safety net for the portfolio rules (changes without a hook, e.g. a unit changing kind); they
    // announce what they raise or resolve themselves.
    await evaluateTeamObjectiveLoad(m, now);
    await evaluateDashboardLoad(m, now);
    await evaluateReserveAlerts(m, now);
    total.escalated = await escalateAlerts(m, now);
    return total;
  });
}
