import {
  Direction,
  Frequency,
  Health,
  isStale,
  kpiHealth,
  Role,
  UnitKind,
  UnitVisibility,
} from '@throughline/shared';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDataSource } from '../../../test/helpers/database.js';
import { verifyPassword } from '../../auth/passwords.js';
import { targetOn } from '../../modules/health/health.loaders.js';
import type { KpiTarget } from '../../modules/kpis/kpi-target.entity.js';
import {
  DEMO_FACTS,
  DEMO_TABLES,
  demoKpiSeries,
  seedDemoOrganisation,
  seedDemoOrganisationIfEmpty,
  type DemoSummary,
} from './demo-organisation.js';

const NOW = new Date('2026-11-21T10:30:00.000Z');
const DAY = 86_400_000;
const YEAR = 365 * DAY;

interface KpiState {
  id: string;
  name: string;
  health: Health;
  stale: boolean;
  count: number;
  first: Date;
  latest: Date;
  onDashboard: boolean;
}

/** Each KPI's health and staleness as the server computes them (latest current value against the target in force then). */
async function kpiStates(db: DataSource, now: Date): Promise<KpiState[]> {
  const kpis: {
    id: string;
    name: string;
    direction: Direction;
    frequency: Frequency;
    on_executive_dashboard: boolean;
  }[] = await db.query(
    `SELECT id, name, direction, frequency, on_executive_dashboard FROM kpi ORDER BY name`,
  );
  const stats: { kpi_id: string; n: number; first: Date; latest: Date }[] = await db.query(
    `SELECT kpi_id, count(*)::int AS n, min(at) AS first, max(at) AS latest FROM measurement WHERE superseded_at IS NULL GROUP BY kpi_id`,
  );
  const latest: { kpi_id: string; value: number; at: Date }[] = await db.query(
    `SELECT DISTINCT ON (kpi_id) kpi_id, value, at FROM measurement WHERE superseded_at IS NULL ORDER BY kpi_id, at DESC, recorded_at DESC`,
  );
  const targets: {
    kpi_id: string;
    period_start: string;
    period_end: string;
    target: number;
    amber: number | null;
    red: number | null;
  }[] = await db.query(
    `SELECT kpi_id, period_start, period_end, target, amber, red FROM kpi_target ORDER BY kpi_id, period_start`,
  );
  return kpis.map((k) => {
    const s = stats.find((x) => x.kpi_id === k.id);
    const l = latest.find((x) => x.kpi_id === k.id) ?? null;
    const ts = targets
      .filter((t) => t.kpi_id === k.id)
      .map((t) => ({
        periodStart: t.period_start,
        periodEnd: t.period_end,
        target: t.target,
        amber: t.amber,
        red: t.red,
      })) as unknown as KpiTarget[];
    const t = targetOn(ts, l?.at ?? now);
    return {
      id: k.id,
      name: k.name,
      health: kpiHealth({
        direction: k.direction,
        value: l?.value ?? null,
        target: t?.target ?? null,
        amber: t?.amber ?? null,
        red: t?.red ?? null,
      }),
      stale: isStale({ frequency: k.frequency, latestAt: l?.at ?? null, now }),
      count: s?.n ?? 0,
      first: s?.first ?? now,
      latest: s?.latest ?? now,
      onDashboard: k.on_executive_dashboard,
    };
  });
}

/**
 * Everything the seed wrote, with ids replaced by natural names (and the random password
 * salt left out), so two seeds can be compared row for row.
 */
async function fingerprint(db: DataSource): Promise<Record<string, string[]>> {
  const labels = new Map<string, string>();
  const label = async (sql: string, prefix: string) => {
    for (const r of await db.query(sql)) labels.set(r.id, `${prefix}:${r.label}`);
  };
  await label(`SELECT id, name AS label FROM unit`, 'unit');
  await label(`SELECT id, email AS label FROM person`, 'person');
  await label(`SELECT id, name AS label FROM plan`, 'plan');
  await label(`SELECT id, title AS label FROM objective`, 'objective');
  await label(`SELECT id, name AS label FROM kpi`, 'kpi');
  await label(`SELECT id, title AS label FROM initiative`, 'initiative');
  await label(
    `SELECT m.id, i.title || '/' || m.title AS label FROM milestone m JOIN initiative i ON i.id = m.initiative_id`,
    'milestone',
  );
  await label(
    `SELECT t.id, k.name || '/' || t.period_start AS label FROM kpi_target t JOIN kpi k ON k.id = t.kpi_id`,
    'target',
  );
  await label(
    `SELECT m.id, k.name || '/' || m.at::text || '/' || m.recorded_at::text AS label FROM measurement m JOIN kpi k ON k.id = m.kpi_id`,
    'measurement',
  );
  await label(`SELECT id, title AS label FROM meeting`, 'meeting');
  await label(`SELECT id, text AS label FROM decision`, 'decision');
  await label(`SELECT id, text AS label FROM action`, 'action');
  await label(
    `SELECT id, subject_name || '/' || requested_at::text AS label FROM change_request`,
    'change_request',
  );
  await label(
    `SELECT b.id, m.title AS label FROM briefing b JOIN meeting m ON m.id = b.meeting_id`,
    'briefing',
  );
  await label(
    `SELECT c.id, coalesce(k.name, i.title) || '/' || c.posted_at::text AS label FROM check_in c
       LEFT JOIN kpi k ON k.id = c.subject_id LEFT JOIN initiative i ON i.id = c.subject_id`,
    'check-in',
  );
  const relabel = (v: unknown): unknown => {
    if (typeof v === 'string') return labels.get(v) ?? v;
    if (Array.isArray(v))
      return v.map(relabel).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)); // link arrays are ordered by id
    if (v && typeof v === 'object') {
      // Ids as keys too (a briefing's kpiHealth), in a stable order.
      return Object.fromEntries(
        Object.entries(v)
          .map(([k, x]) => [labels.get(k) ?? k, relabel(x)] as const)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      );
    }
    return v;
  };
  const out: Record<string, string[]> = {};
  for (const table of DEMO_TABLES) {
    const rows: { j: Record<string, unknown> }[] = await db.query(
      `SELECT to_jsonb(t) - 'password_hash' AS j FROM "${table}" t`,
    );
    out[table] = rows.map((r) => JSON.stringify(relabel(r.j))).sort();
  }
  return out;
}

describe('demo organisation story (pure, any now)', () => {
  // Two years of `now`s at awkward times: month starts and ends, quarter starts, late evenings.
  const nows = Array.from(
    { length: 48 },
    (_, i) => new Date(Date.UTC(2026, i / 2, i % 2 === 0 ? 1 : 28, (i * 7) % 24, 13)),
  );

  it('keeps every pinned KPI in its band, the stale ones stale and the rest fresh, whatever now is', () => {
    for (const now of nows) {
      for (const s of demoKpiSeries(now)) {
        const latest = s.measurements.at(-1)!;
        const t = targetOn(s.targets as unknown as KpiTarget[], latest.at)!;
        const health = kpiHealth({ direction: s.direction, value: latest.value, ...t });
        if (s.expect) expect({ now, kpi: s.name, health }).toEqual({ now, kpi: s.name, health: s.expect });
        expect({
          now,
          kpi: s.name,
          stale: isStale({ frequency: s.frequency, latestAt: latest.at, now }),
        }).toEqual({ now, kpi: s.name, stale: s.stale });
        expect(latest.at.getTime()).toBeLessThanOrEqual(now.getTime());
        // Every demo KPI is a non-negative quantity, and so are its targets and thresholds.
        for (const t of s.targets)
          expect({ kpi: s.name, ok: t.target >= 0 && t.amber >= 0 && t.red >= 0 }).toEqual({
            kpi: s.name,
            ok: true,
          });
      }
    }
  });

  it('measures 40+ KPIs over at least twelve months, ending at now', () => {
    for (const now of nows) {
      const series = demoKpiSeries(now);
      const yearLong = series.filter(
        (s) => s.measurements.length >= 12 && now.getTime() - s.measurements[0].at.getTime() >= YEAR,
      );
      expect(yearLong.length).toBeGreaterThanOrEqual(40);
      // Targets cover the whole history and the next two quarters.
      for (const s of series) {
        expect(s.targets[0].periodStart <= s.measurements[0].at.toISOString().slice(0, 10)).toBe(true);
        expect(new Date(`${s.targets.at(-1)!.periodEnd}T00:00:00Z`).getTime()).toBeGreaterThan(
          now.getTime() + 150 * DAY,
        );
      }
    }
  });
});

describe('seedDemoOrganisation', () => {
  let db: DataSource;
  let summary: DemoSummary;
  const others: DataSource[] = [];

  beforeAll(async () => {
    db = await createTestDataSource();
    summary = await seedDemoOrganisation(db, { now: NOW });
  });
  afterAll(async () => {
    await Promise.all([db?.destroy(), ...others.map((o) => o.destroy())]);
  });

  it('builds the organisation: company, departments with teams, the restricted unit, people', async () => {
    const units: {
      id: string;
      name: string;
      kind: UnitKind;
      visibility: UnitVisibility;
      parent_id: string | null;
      head_id: string | null;
    }[] = await db.query(`SELECT * FROM unit`);
    const company = units.filter((u) => u.kind === UnitKind.COMPANY);
    expect(company.map((u) => u.name)).toEqual([DEMO_FACTS.company]);
    const departments = units.filter((u) => u.kind === UnitKind.DEPARTMENT);
    expect(departments.every((d) => d.parent_id === company[0].id)).toBe(true);
    const withTeams = departments.filter((d) =>
      units.some((t) => t.kind === UnitKind.TEAM && t.parent_id === d.id),
    );
    expect(withTeams.length).toBeGreaterThanOrEqual(4);
    expect(units.find((u) => u.name === 'Quality Control')?.parent_id).toBe(summary.units.Operations);

    const restricted = units.filter((u) => u.visibility === UnitVisibility.RESTRICTED);
    expect(restricted.map((u) => u.name)).toEqual([DEMO_FACTS.restrictedUnit]);
    const cdMembers = await db.query(`SELECT email FROM person WHERE unit_id = $1`, [restricted[0].id]);
    expect(cdMembers.length).toBeGreaterThanOrEqual(2);
    expect(restricted[0].head_id).not.toBeNull();

    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM person`);
    expect(n).toBeGreaterThanOrEqual(15);
    expect(n).toBeLessThanOrEqual(30);
    expect(summary.counts.person).toBe(n);
  });

  it('has the four demo logins with password demo, in the right places', async () => {
    const rows: { email: string; role: Role; unit_id: string; password_hash: string }[] = await db.query(
      `SELECT email, role, unit_id, password_hash FROM person WHERE email = ANY($1)`,
      [Object.values(DEMO_FACTS.logins)],
    );
    expect(rows).toHaveLength(4);
    for (const r of rows) {
      expect(await verifyPassword('demo', r.password_hash)).toBe(true);
      expect(await verifyPassword('wrong', r.password_hash)).toBe(false);
    }
    const by = Object.fromEntries(rows.map((r) => [r.email, r]));
    const { ceo, opsHead, analyst, salesHead } = DEMO_FACTS.logins;
    expect(by[ceo].role).toBe(Role.EXECUTIVE);
    expect(by[opsHead].role).toBe(Role.MEMBER);
    const heads = Object.fromEntries(
      (await db.query(`SELECT name, head_id FROM unit`)).map((u: { name: string; head_id: string }) => [
        u.name,
        u.head_id,
      ]),
    );
    expect(heads.Operations).toBe(summary.people[opsHead]);
    expect(heads.Sales).toBe(summary.people[salesHead]);
    expect(by[analyst].unit_id).toBe(summary.units['Quality Control']);
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM kpi WHERE owner_id = $1`, [
      summary.people[analyst],
    ]);
    expect(n).toBeGreaterThanOrEqual(1);
  });

  it('has a Balanced Scorecard plan with a narrative and 20+ objectives over three levels in all four perspectives', async () => {
    const [plan] = await db.query(`SELECT * FROM plan`);
    expect(plan.name).toBe(DEMO_FACTS.planName);
    expect(plan.framework).toBe('BALANCED_SCORECARD');
    expect(plan.narrative_text).toMatch(/uptime/);
    expect(
      plan.period_start <= NOW.toISOString().slice(0, 10) &&
        NOW.toISOString().slice(0, 10) <= plan.period_end,
    ).toBe(true);

    const objectives: {
      id: string;
      parent_id: string | null;
      perspective: string;
      unit_id: string;
      period_start: string | null;
    }[] = await db.query(`SELECT * FROM objective`);
    expect(objectives.length).toBeGreaterThanOrEqual(20);
    const depth = (id: string): number => {
      const o = objectives.find((x) => x.id === id)!;
      return o.parent_id ? 1 + depth(o.parent_id) : 1;
    };
    const depths = new Set(objectives.map((o) => depth(o.id)));
    expect([...depths].sort()).toEqual([1, 2, 3]);
    expect(new Set(objectives.map((o) => o.perspective))).toEqual(
      new Set(['FINANCIAL', 'CUSTOMER', 'INTERNAL_PROCESS', 'LEARNING_GROWTH']),
    );

    // "Remove the final-QC bottleneck" (team) → "Ship to plan every month" (Operations) → "Deliver on time…" (company).
    const qc = objectives.find((o) => o.id === summary.objectives['Remove the final-QC bottleneck'])!;
    expect(depth(qc.id)).toBe(3);
    expect(qc.unit_id).toBe(summary.units['Quality Control']);

    // Hygiene: one team with more than three objectives in the current quarter.
    const quarterStart = '2026-10-01';
    const qcInQuarter = objectives.filter(
      (o) => o.unit_id === summary.units[DEMO_FACTS.overloadedTeam] && o.period_start === quarterStart,
    );
    expect(qcInQuarter.length).toBeGreaterThan(3);
  });

  it('has 40+ KPIs with a year of measurements, quarterly targets, drift, stale owners and one vanity KPI', async () => {
    const states = await kpiStates(db, NOW);
    expect(states.length).toBeGreaterThanOrEqual(40);
    const yearLong = states.filter(
      (s) => s.count >= 12 && NOW.getTime() - new Date(s.first).getTime() >= YEAR,
    );
    expect(yearLong.length).toBeGreaterThanOrEqual(40);
    expect(states.every((s) => new Date(s.latest).getTime() <= NOW.getTime())).toBe(true);

    const by = Object.fromEntries(states.map((s) => [s.name, s]));
    expect(states.filter((s) => s.health === Health.OFF_TRACK).length).toBeGreaterThanOrEqual(1);
    expect(states.filter((s) => s.health === Health.AT_RISK).length).toBeGreaterThanOrEqual(1);
    for (const name of [
      'Units shipped against plan',
      'Final-QC first-pass yield',
      'QC queue length',
      'Share of sales compensation tied to recurring revenue',
      'On-time delivery',
    ]) {
      expect({ name, health: by[name].health }).toEqual({ name, health: Health.OFF_TRACK });
    }
    for (const name of [
      'Recurring service revenue share',
      'Gross margin',
      'Due-diligence workstreams closed',
    ]) {
      expect({ name, health: by[name].health }).toEqual({ name, health: Health.AT_RISK });
    }
    expect(by['Contracted uptime delivered'].health).toBe(Health.ON_TRACK);

    const stale = states
      .filter((s) => s.stale)
      .map((s) => s.name)
      .sort();
    expect(stale.length).toBeGreaterThanOrEqual(3);
    expect(stale).toEqual([
      'Cost per service call',
      'Inventory turns',
      'Service-skill training completion',
      'Supplier on-time delivery',
    ]);

    // Units shipped run at about 80 % of target.
    const [shipped] = await db.query(
      `SELECT m.value, t.target FROM measurement m JOIN kpi_target t ON t.kpi_id = m.kpi_id AND m.at::date BETWEEN t.period_start AND t.period_end
        WHERE m.kpi_id = $1 AND m.superseded_at IS NULL ORDER BY m.at DESC LIMIT 1`,
      [summary.kpis['Units shipped against plan']],
    );
    expect(shipped.value / shipped.target).toBeGreaterThan(0.75);
    expect(shipped.value / shipped.target).toBeLessThan(0.85);

    // More than seven KPIs on the executive dashboard (hygiene rule).
    expect(states.filter((s) => s.onDashboard)).toHaveLength(8);

    // The vanity KPI measures nothing the plan wants.
    const vanity = summary.kpis[DEMO_FACTS.vanityKpi];
    expect(await db.query(`SELECT 1 FROM objective_kpi WHERE kpi_id = $1`, [vanity])).toHaveLength(0);
    const unlinked = await db.query(
      `SELECT name FROM kpi WHERE id NOT IN (SELECT kpi_id FROM objective_kpi)`,
    );
    expect(unlinked.map((r: { name: string }) => r.name)).toEqual([DEMO_FACTS.vanityKpi]);

    // Targets: quarterly, covering the whole history and the next two quarters.
    const cover = await db.query(
      `SELECT k.name, min(t.period_start) AS first, max(t.period_end) AS last, count(*)::int AS n FROM kpi k JOIN kpi_target t ON t.kpi_id = k.id GROUP BY k.name`,
    );
    for (const c of cover) {
      expect(c.last >= '2027-06-30').toBe(true);
      expect(new Date(`${c.first}T00:00:00Z`).getTime()).toBeLessThanOrEqual(NOW.getTime() - YEAR);
    }
    const [{ n: uncovered }] = await db.query(
      `SELECT count(*)::int AS n FROM measurement m WHERE NOT EXISTS (SELECT 1 FROM kpi_target t WHERE t.kpi_id = m.kpi_id AND m.at::date BETWEEN t.period_start AND t.period_end)`,
    );
    expect(uncovered).toBe(0);

    // Partner-fed values and one correction kept in history.
    const [{ n: erp }] = await db.query(
      `SELECT count(*)::int AS n FROM measurement WHERE source = 'ERP' AND recorded_by_id IS NULL`,
    );
    expect(erp).toBeGreaterThan(100);
    const [{ n: corrections }] = await db.query(
      `SELECT count(*)::int AS n FROM measurement WHERE corrects_id IS NOT NULL`,
    );
    expect(corrections).toBe(1);
  });

  it('has 25+ initiatives with milestones, budgets and capacity, including the orphan, one without KPIs and overdue work', async () => {
    const initiatives: {
      id: string;
      title: string;
      status: string;
      budget: number;
      capacity: number;
      unit_id: string;
    }[] = await db.query(`SELECT * FROM initiative`);
    expect(initiatives.length).toBeGreaterThanOrEqual(25);
    const milestones: { initiative_id: string; due_date: string; completed_at: Date | null }[] =
      await db.query(`SELECT * FROM milestone`);
    expect(initiatives.every((i) => milestones.some((m) => m.initiative_id === i.id))).toBe(true);
    expect(initiatives.every((i) => i.budget > 0 && i.capacity > 0)).toBe(true);
    const today = NOW.toISOString().slice(0, 10);
    const overdue = milestones.filter((m) => m.completed_at === null && m.due_date < today);
    expect(overdue.length).toBeGreaterThanOrEqual(5);
    expect(
      milestones.every((m) => m.completed_at === null || new Date(m.completed_at).getTime() <= NOW.getTime()),
    ).toBe(true);

    const orphans = await db.query(
      `SELECT title FROM initiative WHERE id NOT IN (SELECT initiative_id FROM initiative_objective)`,
    );
    expect(orphans.map((r: { title: string }) => r.title)).toEqual([DEMO_FACTS.orphanInitiative]);
    const noKpi = await db.query(
      `SELECT title FROM initiative WHERE id NOT IN (SELECT initiative_id FROM initiative_kpi)`,
    );
    expect(noKpi.map((r: { title: string }) => r.title)).toEqual([DEMO_FACTS.initiativeWithoutKpi]);

    const behind = overdue.filter(
      (m) => m.initiative_id === summary.initiatives[DEMO_FACTS.behindScheduleInitiative],
    );
    expect(behind.length).toBeGreaterThanOrEqual(2);
    expect(summary.initiatives['Second final-QC station']).toBeDefined();
    expect(new Set(initiatives.map((i) => i.status))).toEqual(
      new Set(['ACTIVE', 'PAUSED', 'COMPLETED', 'PROPOSED']),
    );

    // Committed (active) capacity in Operations and its teams exceeds what Operations has available.
    const opsUnits = [
      summary.units.Operations,
      summary.units.Assembly,
      summary.units['Quality Control'],
      summary.units['Supply Chain'],
    ];
    const committed = initiatives
      .filter((i) => i.status === 'ACTIVE' && opsUnits.includes(i.unit_id))
      .reduce((a, i) => a + i.capacity, 0);
    const [{ available }] = await db.query(
      `SELECT sum(available_capacity)::float AS available FROM unit WHERE id = ANY($1)`,
      [opsUnits],
    );
    expect(committed).toBeGreaterThan(available);
    const committedDirect = initiatives
      .filter((i) => i.status === 'ACTIVE' && i.unit_id === summary.units.Operations)
      .reduce((a, i) => a + i.capacity, 0);
    const [{ direct }] = await db.query(`SELECT available_capacity AS direct FROM unit WHERE id = $1`, [
      summary.units.Operations,
    ]);
    expect(committedDirect).toBeGreaterThan(direct);
  });

  it('keeps the restricted unit’s own objective, KPIs and initiatives inside it', async () => {
    const cd = summary.units[DEMO_FACTS.restrictedUnit];
    const [objective] = await db.query(`SELECT unit_id FROM objective WHERE title = $1`, [
      DEMO_FACTS.restrictedObjective,
    ]);
    expect(objective.unit_id).toBe(cd);
    for (const name of DEMO_FACTS.restrictedKpis)
      expect((await db.query(`SELECT unit_id FROM kpi WHERE name = $1`, [name]))[0].unit_id).toBe(cd);
    for (const title of DEMO_FACTS.restrictedInitiatives)
      expect((await db.query(`SELECT unit_id FROM initiative WHERE title = $1`, [title]))[0].unit_id).toBe(
        cd,
      );
  });

  it('writes history: a CREATE per subject at its creation, and reasoned UPDATEs later', async () => {
    const missing = await db.query(`
      SELECT s.type, s.id FROM (
        SELECT 'PLAN' AS type, id, created_at FROM plan UNION ALL SELECT 'OBJECTIVE', id, created_at FROM objective
        UNION ALL SELECT 'KPI', id, created_at FROM kpi UNION ALL SELECT 'INITIATIVE', id, created_at FROM initiative) s
      WHERE NOT EXISTS (SELECT 1 FROM history_entry h WHERE h.subject_id = s.id AND h.subject_type = s.type AND h.action = 'CREATE' AND h.at = s.created_at)`);
    expect(missing).toEqual([]);
    // The graph was set up by the CEO; meetings, decisions and actions were recorded by their chairs and owners (demo-reviews.int.test.ts), change requests by those who asked, check-ins by their authors.
    const ceo = summary.people[DEMO_FACTS.logins.ceo];
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM history_entry WHERE actor_id IS DISTINCT FROM $1 AND subject_type NOT IN ('MEETING', 'DECISION', 'ACTION', 'CHANGE_REQUEST', 'CHECK_IN')`,
      [ceo],
    );
    expect(n).toBe(0);

    const updates: {
      subject_id: string;
      at: Date;
      reason: string;
      changes: Record<string, { before: unknown; after: unknown }>;
    }[] = await db.query(
      `SELECT subject_id, at, reason, changes FROM history_entry WHERE action = 'UPDATE' AND subject_type NOT IN ('MEETING', 'DECISION', 'ACTION') ORDER BY at`,
    );
    expect(updates.length).toBeGreaterThanOrEqual(5);
    expect(updates.every((u) => u.reason && new Date(u.at).getTime() < NOW.getTime())).toBe(true);
    const paused = updates.find(
      (u) => u.subject_id === summary.initiatives['Predictive maintenance on machining centres'],
    )!;
    expect(paused.changes.status).toEqual({ before: 'ACTIVE', after: 'PAUSED' });
    const rephased = updates.find((u) => u.subject_id === summary.kpis['Recurring service revenue share'])!;
    expect(rephased.changes.targets).toBeDefined();

    // asOf: the KPI's CREATE snapshot still holds the original targets, and the sales-comp KPI was not yet on the dashboard.
    const [created] = await db.query(
      `SELECT snapshot FROM history_entry WHERE subject_id = $1 AND action = 'CREATE'`,
      [summary.kpis['Share of sales compensation tied to recurring revenue']],
    );
    expect(created.snapshot.onExecutiveDashboard).toBe(false);
    expect(created.snapshot.targets.length).toBeGreaterThan(4);
  });

  it('opens with the alerts its story implies (drift rules evaluated over the seeded graph)', async () => {
    const rows: { rule: string; subject_id: string }[] = await db.query(
      `SELECT rule, subject_id FROM alert WHERE status = 'OPEN'`,
    );
    const has = (rule: string, id: string) => rows.some((r) => r.rule === rule && r.subject_id === id);
    expect(has('KPI_OFF_TRACK', summary.kpis['Units shipped against plan'])).toBe(true);
    expect(has('KPI_OFF_TRACK', summary.kpis['Final-QC first-pass yield'])).toBe(true);
    expect(has('KPI_VANITY', summary.kpis['Social media followers'])).toBe(true);
    expect(has('INITIATIVE_NO_OBJECTIVE', summary.initiatives['Social media refresh'])).toBe(true);
    // One open alert per rule and subject.
    expect(new Set(rows.map((r) => `${r.rule}|${r.subject_id}`)).size).toBe(rows.length);
  });

  it('summarises what it wrote', async () => {
    for (const [table, n] of Object.entries(summary.counts)) {
      const [{ c }] = await db.query(`SELECT count(*)::int AS c FROM "${table}"`);
      expect({ table, n }).toEqual({ table, n: c });
    }
    expect(Object.keys(summary.people)).toContain(DEMO_FACTS.logins.analyst);
    expect(summary.units[DEMO_FACTS.restrictedUnit]).toBeDefined();
  });

  it('is deterministic for the same now, and refuses to seed twice', async () => {
    const again = await createTestDataSource();
    others.push(again);
    await seedDemoOrganisation(again, { now: NOW });
    const [a, b] = await Promise.all([fingerprint(db), fingerprint(again)]);
    for (const table of Object.keys(a)) expect({ table, rows: b[table] }).toEqual({ table, rows: a[table] });

    // A second seed fails as a whole (unique emails) and leaves nothing behind.
    await expect(seedDemoOrganisation(again, { now: NOW })).rejects.toThrow();
    const [{ n }] = await again.query(`SELECT count(*)::int AS n FROM kpi`);
    expect(n).toBe(summary.counts.kpi);
    expect(await seedDemoOrganisationIfEmpty(again)).toBeNull();
  });

  it('looks current with the real clock', async () => {
    const fresh = await createTestDataSource();
    others.push(fresh);
    const s = await seedDemoOrganisationIfEmpty(fresh);
    expect(s).not.toBeNull();
    const now = new Date();
    const states = await kpiStates(fresh, now);
    expect(states.filter((x) => x.stale).length).toBe(4);
    expect(states.find((x) => x.name === 'Final-QC first-pass yield')!.health).toBe(Health.OFF_TRACK);
    const [{ latest }] = await fresh.query(`SELECT max(at) AS latest FROM measurement`);
    expect(now.getTime() - new Date(latest).getTime()).toBeLessThan(8 * DAY);
  });
});
