import { InitiativeStatus, periodContaining, Frequency, UnitKind } from '@throughline/shared';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput } from '../../graphql/errors.js';
import { isUuid } from '../../graphql/ids.js';
import { unitScope } from '../../graphql/visibility.js';
import { capacityOfUnit } from '../capacity/capacity.service.js';
import { Initiative } from '../initiatives/initiative.entity.js';
import { Kpi } from '../kpis/kpi.entity.js';
import { Objective } from '../objectives/objective.entity.js';
import { Plan } from '../plans/plan.entity.js';
import { Unit } from '../units/unit.entity.js';
import { CapacityCommitment, HygieneReport, TeamObjectiveLoad } from './hygiene.types.js';

import { MAX_EXECUTIVE_DASHBOARD_KPIS, MAX_TEAM_OBJECTIVES_PER_QUARTER } from './hygiene-limits.js';

export { MAX_EXECUTIVE_DASHBOARD_KPIS, MAX_TEAM_OBJECTIVES_PER_QUARTER };

/** In the portfolio: everything but stopped work (completed work without a KPI still cannot show its impact). */
const IN_PORTFOLIO = [
  InitiativeStatus.PROPOSED,
  InitiativeStatus.ACTIVE,
  InitiativeStatus.PAUSED,
  InitiativeStatus.COMPLETED,
];
const ymd = (d: Date) => d.toISOString().slice(0, 10);

/** Quarters (start dates) a dated period touches; at most 40, so a runaway period cannot blow up. */
function quartersOf(start: string, end: string): string[] {
  const out: string[] = [];
  let q = periodContaining(new Date(`${start}T00:00:00Z`), Frequency.QUARTERLY);
  while (ymd(q.start) <= end && out.length < 40) {
    out.push(ymd(q.start));
    q = periodContaining(q.end, Frequency.QUARTERLY);
  }
  return out;
}

/**
 * Portfolio hygiene for a plan and/or a unit subtree, counting only what the viewer may see:
 * initiatives with no objective or no KPI, objectives and KPIs whose owner left, vanity KPIs,
 * teams over three objectives in a quarter, the executive dashboard over seven KPIs, and
 * units committing more capacity than they have (both summed over the unit and below).
 */
export async function hygieneReport(
  ctx: GraphQLContext,
  planId: string | null | undefined,
  unitId: string | null | undefined,
): Promise<HygieneReport> {
  const policy = await ctx.policy();
  const units = unitScope(policy, unitId);
  if (planId != null) {
    const plan = isUuid(planId) ? await ctx.db.getRepository(Plan).findOneBy({ id: planId }) : null;
    if (!plan || plan.archivedAt || !policy.can('read', { unitId: plan.unitId }))
      throw badInput('planId', `No plan with id ${planId}.`);
  }
  const plan = planId ?? null;
  const db = ctx.db;

  const initiatives = await db.query(
    `SELECT i.id,
            EXISTS (SELECT 1 FROM initiative_objective io JOIN objective o ON o.id = io.objective_id WHERE io.initiative_id = i.id AND o.archived_at IS NULL) AS has_objective,
            EXISTS (SELECT 1 FROM initiative_kpi ik JOIN kpi k ON k.id = ik.kpi_id WHERE ik.initiative_id = i.id AND k.archived_at IS NULL) AS has_kpi
       FROM initiative i
      WHERE i.archived_at IS NULL AND i.status = ANY($1) AND i.unit_id = ANY($2::uuid[]) AND ($3::uuid IS NULL OR i.plan_id = $3)
      ORDER BY i.title`,
    [IN_PORTFOLIO, units, plan],
  );
  const unownedObjectiveIds: { id: string }[] = await db.query(
    `SELECT o.id FROM objective o JOIN person p ON p.id = o.owner_id
      WHERE o.archived_at IS NULL AND p.archived_at IS NOT NULL AND o.unit_id = ANY($1::uuid[]) AND ($2::uuid IS NULL OR o.plan_id = $2)
      ORDER BY o.title`,
    [units, plan],
  );
  const unownedKpiIds: { id: string }[] = await db.query(
    `SELECT k.id FROM kpi k JOIN person p ON p.id = k.owner_id
      WHERE k.archived_at IS NULL AND p.archived_at IS NOT NULL AND k.unit_id = ANY($1::uuid[])
        AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM objective_kpi ok JOIN objective o ON o.id = ok.objective_id
                                          WHERE ok.kpi_id = k.id AND o.plan_id = $2 AND o.archived_at IS NULL))
      ORDER BY k.name`,
    [units, plan],
  );
  const vanityKpiIds: { id: string }[] = await db.query(
    `SELECT k.id FROM kpi k
      WHERE k.archived_at IS NULL AND k.unit_id = ANY($1::uuid[])
        AND NOT EXISTS (SELECT 1 FROM objective_kpi ok JOIN objective o ON o.id = ok.objective_id WHERE ok.kpi_id = k.id AND o.archived_at IS NULL)
      ORDER BY k.name`,
    [units],
  );

  // Teams: dated objectives per quarter they overlap.
  const teamRows: { id: string }[] = await db.query(
    `SELECT id FROM unit WHERE id = ANY($1::uuid[]) AND kind = $2 AND archived_at IS NULL`,
    [units, UnitKind.TEAM],
  );
  const teamObjectives: { id: string; unit_id: string; period_start: string; period_end: string }[] =
    await db.query(
      `SELECT o.id, o.unit_id, o.period_start, coalesce(o.period_end, o.period_start) AS period_end FROM objective o
      WHERE o.archived_at IS NULL AND o.period_start IS NOT NULL AND o.unit_id = ANY($1::uuid[]) AND ($2::uuid IS NULL OR o.plan_id = $2)
      ORDER BY o.position, o.created_at`,
      [teamRows.map((t) => t.id), plan],
    );
  const load = new Map<string, string[]>();
  for (const o of teamObjectives) {
    for (const q of quartersOf(o.period_start, o.period_end)) {
      const key = `${o.unit_id}|${q}`;
      load.set(key, [...(load.get(key) ?? []), o.id]);
    }
  }
  const overloaded = [...load.entries()].filter(([, ids]) => ids.length > MAX_TEAM_OBJECTIVES_PER_QUARTER);

  // Executive dashboard: organisation-wide, visible KPIs.
  const dashboard: { id: string }[] = await db.query(
    `SELECT id FROM kpi WHERE on_executive_dashboard AND archived_at IS NULL AND unit_id = ANY($1::uuid[]) ORDER BY name`,
    [policy.visibleUnitIds()],
  );

  // Capacity: per unit in scope, by the one definition (capacity.service.ts; not narrowed by plan:
  // people committed to another plan's work are not available for this one).
  const over: { unitId: string; committed: number; available: number; initiativeIds: string[] }[] = [];
  for (const u of units) {
    const c = await capacityOfUnit(ctx, u);
    if (c?.overcommitted)
      over.push({
        unitId: u,
        committed: c.committed,
        available: c.available,
        initiativeIds: c.initiativeIds,
      });
  }

  // Rows through the request's loaders (one IN query per entity), in the order chosen above.
  const loadAll = async <T>(
    loader: { loadMany(ids: readonly string[]): Promise<(T | null | Error)[]> },
    ids: string[],
  ) => (await loader.loadMany(ids)).filter((x): x is T => !!x && !(x instanceof Error));
  const unitOf = async (id: string) => (await ctx.loaders.unit.load(id)) as Unit;
  const report: HygieneReport = {
    initiativesWithoutObjective: await loadAll<Initiative>(
      ctx.loaders.initiative,
      initiatives.filter((i: any) => !i.has_objective).map((i: any) => i.id),
    ),
    initiativesWithoutKpi: await loadAll<Initiative>(
      ctx.loaders.initiative,
      initiatives.filter((i: any) => !i.has_kpi).map((i: any) => i.id),
    ),
    unownedObjectives: await loadAll<Objective>(
      ctx.loaders.objective,
      unownedObjectiveIds.map((r) => r.id),
    ),
    unownedKpis: await loadAll<Kpi>(
      ctx.loaders.kpi,
      unownedKpiIds.map((r) => r.id),
    ),
    vanityKpis: await loadAll<Kpi>(
      ctx.loaders.kpi,
      vanityKpiIds.map((r) => r.id),
    ),
    overloadedTeams: await Promise.all(
      overloaded.map(async ([key, ids]): Promise<TeamObjectiveLoad> => {
        const [uid, q] = key.split('|');
        const d = new Date(`${q}T00:00:00Z`);
        return {
          unit: await unitOf(uid),
          quarter: `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`,
          quarterStart: q,
          objectiveCount: ids.length,
          objectives: await loadAll<Objective>(ctx.loaders.objective, ids),
        };
      }),
    ),
    executiveDashboard: {
      kpiCount: dashboard.length,
      limit: MAX_EXECUTIVE_DASHBOARD_KPIS,
      overLimit: dashboard.length > MAX_EXECUTIVE_DASHBOARD_KPIS,
      kpis: await loadAll<Kpi>(
        ctx.loaders.kpi,
        dashboard.map((r) => r.id),
      ),
    },
    overcommittedUnits: await Promise.all(
      over.map(
        async (o): Promise<CapacityCommitment> => ({
          unit: await unitOf(o.unitId),
          committed: o.committed,
          available: o.available,
          initiatives: await loadAll<Initiative>(ctx.loaders.initiative, o.initiativeIds),
        }),
      ),
    ),
    issueCount: 0,
  };
  report.issueCount =
    report.initiativesWithoutObjective.length +
    report.initiativesWithoutKpi.length +
    report.unownedObjectives.length +
    report.unownedKpis.length +
    report.vanityKpis.length +
    report.overloadedTeams.length +
    (report.executiveDashboard.overLimit ? 1 : 0) +
    report.overcommittedUnits.length;
  return report;
}
