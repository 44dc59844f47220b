/**
 * Writes the demo story (story/*.json) for one `now` through the shared row builders
 * (`db/builders/rows.ts`), inside the caller's transaction: the organisation, the plan and its
 * objectives, KPIs with targets and history, initiatives, the history of all of it with the
 * later changes, then the reviews; last, the change-driven drift rules, once.
 */
import { seedDemoPlanning } from './load-planning.js';
import { SubjectType } from '@throughline/shared';
import type { EntityManager } from 'typeorm';
import {
  initiativeKpiRow,
  initiativeObjectiveRow,
  initiativeRow,
  insertRows,
  kpiRow,
  kpiTargetRow,
  measurementRow,
  milestoneRow,
  objectiveKpiRow,
  objectiveRow,
  personRow,
  planRow,
  unitRow,
  updateRow,
  type Row,
} from '../builders/rows.js';
import {
  evaluateInitiativeDrift,
  evaluateKpiAndLinkedDrift,
  evaluateObjectiveDrift,
} from '../../modules/drift/drift.service.js';
import { snapshotOf } from '../../modules/history/history.service.js';
import { DAY, HOUR, monthEnd, ymd, type Calendar } from './calendar.js';
import { DEMO_FACTS } from './demo-facts.js';
import { historyRow, type Change } from './history.js';
import { mulberry32, round, seedOf, seriesOf } from './kpi-series.js';
import { seedDemoApprovals } from './load-approvals.js';
import { seedDemoReviews, type DemoReviewsSummary } from './reviews/load-reviews.js';
import { STORY, type LaterChangeSpec } from './story/story.js';
import { seedDemoCheckIns } from './check-ins.js';

/** Row counts per table, and ids of the named things so tests and tools can find them. */
export interface DemoSummary {
  counts: Record<(typeof DEMO_TABLES)[number], number>;
  /** email → person id */
  people: Record<string, string>;
  /** unit name → unit id */
  units: Record<string, string>;
  planId: string;
  /** objective title → id */
  objectives: Record<string, string>;
  /** KPI name → id */
  kpis: Record<string, string>;
  /** initiative title → id */
  initiatives: Record<string, string>;
  /** meeting title → id (see story/reviews.json) */
  meetings: Record<string, string>;
  /** The meetings by role (closed reviews oldest first, the next ones, the restricted one) and the stored briefing. */
  reviews: DemoReviewsSummary['reviews'];
  /** decision text → id */
  decisions: Record<string, string>;
  /** action text → id */
  actions: Record<string, string>;
  /** The instant the data is relative to. */
  now: Date;
}

/** Every table the demo seed writes. */
export const DEMO_TABLES = [
  'unit',
  'person',
  'plan',
  'objective',
  'objective_kpi',
  'kpi',
  'kpi_target',
  'measurement',
  'initiative',
  'milestone',
  'initiative_objective',
  'initiative_kpi',
  'history_entry',
  'meeting',
  'meeting_participant',
  'meeting_snapshot',
  'decision',
  'action',
  'briefing',
] as const;

/** name → id of what has been written so far; a lookup of a name the story does not have fails loudly. */
function ids(what: string) {
  const byName: Record<string, string> = {};
  const get = (name: string) => {
    const id = byName[name];
    if (!id) throw new Error(`demo seed: unknown ${what} ${name}`);
    return id;
  };
  return { byName, get };
}

/** Hours between a measurement and its entry: partner systems feed within 2 hours, owners type it in the next morning. Never after `now`. */
const recordedAt = (at: Date, fed: boolean, now: Date) =>
  new Date(Math.min(at.getTime() + (fed ? 2 : 20) * HOUR, now.getTime()));

export async function loadDemoOrganisation(
  m: EntityManager,
  cal: Calendar,
  passwordHash: string,
): Promise<DemoSummary> {
  const { now } = cal;
  const createdAt = (daysAgo?: number) => (daysAgo === undefined ? cal.planCreated : cal.at(-daysAgo, 9));
  const units = ids('unit');
  const people = ids('person');
  const objectives = ids('objective');
  const kpis = ids('KPI');
  const initiatives = ids('initiative');

  // Units and people (heads are set once people exist: person.unit_id and unit.head_id point at each other).
  const unitRows = STORY.units.map((u) =>
    unitRow({
      name: u.name,
      kind: u.kind,
      visibility: u.visibility,
      availableCapacity: u.capacity,
      createdAt: cal.orgCreated,
    }),
  );
  STORY.units.forEach((u, i) => (units.byName[u.name] = unitRows[i].id as string));
  STORY.units.forEach((u, i) => (unitRows[i].parent_id = u.parent ? units.get(u.parent) : null));
  await insertRows(m, 'unit', unitRows);
  const personRows = STORY.people.map((p) =>
    personRow({
      name: p.name,
      email: p.email,
      title: p.title,
      role: p.role,
      unitId: units.get(p.unit),
      passwordHash,
      createdAt: cal.orgCreated,
    }),
  );
  STORY.people.forEach((p, i) => (people.byName[p.email] = personRows[i].id as string));
  await insertRows(m, 'person', personRows);
  for (const u of STORY.units)
    await m.query(`UPDATE unit SET head_id = $2 WHERE id = $1`, [units.get(u.name), people.get(u.head)]);

  // The plan: from the first quarter of the history, for its years.
  const planStart = cal.quarters[0].start;
  const firstYear = planStart.getUTCFullYear();
  const { narrative } = STORY.plan;
  const plan = planRow({
    name: STORY.plan.name,
    framework: STORY.plan.framework,
    periodStart: ymd(planStart),
    periodEnd: ymd(monthEnd(planStart, 12 * STORY.plan.years - 1)),
    unitId: units.get(DEMO_FACTS.company),
    // The title as a Markdown heading: the co-edited narrative opens with a real heading.
    narrativeText: [
      '## ' +
        narrative.title
          .replace('{firstYear}', String(firstYear))
          .replace('{lastYear}', String(firstYear + STORY.plan.years)),
      ...narrative.paragraphs,
    ].join('\n\n'),
    createdAt: cal.planCreated,
  });
  const planId = plan.id as string;
  await insertRows(m, 'plan', [plan]);

  // Objectives, parents first (the story lists them that way), position among siblings.
  const byKey = ids('objective key');
  const siblings = new Map<string, number>();
  const objectiveRows = STORY.objectives.map((o) => {
    const pos = siblings.get(o.parent ?? '') ?? 0;
    siblings.set(o.parent ?? '', pos + 1);
    const row = objectiveRow({
      planId,
      title: o.title,
      description: o.description,
      ownerId: people.get(o.owner),
      unitId: units.get(o.unit),
      parentId: o.parent ? byKey.get(o.parent) : null,
      perspective: o.perspective,
      // Quarterly team objectives: agreed at the last quarterly review, for the current quarter.
      periodStart: o.quarterly ? ymd(cal.quarter.start) : null,
      periodEnd: o.quarterly ? ymd(new Date(cal.quarter.end.getTime() - DAY)) : null,
      position: pos,
      createdAt: o.quarterly ? cal.at(cal.lastQuarterlyReview, 15) : createdAt(o.createdDaysAgo),
    });
    byKey.byName[o.key] = objectives.byName[o.title] = row.id as string;
    return row;
  });
  await insertRows(m, 'objective', objectiveRows);

  // KPIs, targets and measurements.
  const kpiRows: Row[] = [];
  const targetRows: Row[] = [];
  const measurementRows: Row[] = [];
  for (const spec of STORY.kpis) {
    const series = seriesOf(spec, cal);
    const row = kpiRow({
      name: spec.name,
      description: spec.description,
      unitOfMeasure: spec.uom,
      direction: spec.direction,
      kind: spec.kind,
      frequency: spec.frequency,
      baseline: series.measurements[0]?.value ?? null,
      onExecutiveDashboard: !!spec.exec,
      ownerId: people.get(spec.owner),
      unitId: units.get(spec.unit),
      createdAt: createdAt(spec.createdDaysAgo),
    });
    const kpiId = (kpis.byName[spec.name] = row.id as string);
    kpiRows.push(row);
    for (const t of series.targets) targetRows.push(kpiTargetRow({ kpiId, ...t }));
    for (const v of series.measurements) {
      measurementRows.push(
        measurementRow({
          kpiId,
          value: v.value,
          at: v.at,
          note: v.note,
          recordedById: v.byOwner ? people.get(spec.owner) : null,
          source: v.source,
          recordedAt: recordedAt(v.at, !!v.source, now),
        }),
      );
    }
  }
  await insertRows(m, 'kpi', kpiRows);
  await insertRows(m, 'kpi_target', targetRows);
  await insertRows(m, 'measurement', measurementRows);

  // One correction, as finance closes the books: the first figure is kept, superseded.
  const corrected = measurementRows.filter((r) => r.kpi_id === kpis.get('Gross margin')).at(-4);
  if (corrected) {
    const at = new Date((corrected.recorded_at as Date).getTime() + 6 * DAY);
    await m.query(`UPDATE measurement SET superseded_at = $2 WHERE id = $1`, [corrected.id, at]);
    const correction = measurementRow({
      kpiId: corrected.kpi_id as string,
      value: round((corrected.value as number) - 0.4, 1),
      at: corrected.at as Date,
      note: 'Corrected after month-end close: late credit notes on two equipment orders.',
      recordedById: corrected.recorded_by_id as string | null,
      source: corrected.source as string | null,
      correctsId: corrected.id as string,
      recordedAt: at,
    });
    await insertRows(m, 'measurement', [correction]);
  }
  await insertRows(
    m,
    'objective_kpi',
    STORY.objectives.flatMap((o, i) =>
      o.kpis.map((name) =>
        objectiveKpiRow(byKey.get(o.key), kpis.get(name), objectiveRows[i].created_at as Date),
      ),
    ),
  );

  // Initiatives, milestones and links.
  const initiativeRows: Row[] = [];
  const milestoneRows: Row[] = [];
  const linkRows: { objectives: Row[]; kpis: Row[] } = { objectives: [], kpis: [] };
  for (const spec of STORY.initiatives) {
    const created = createdAt(spec.createdDaysAgo);
    const rng = mulberry32(seedOf(spec.title));
    const row = initiativeRow({
      planId,
      title: spec.title,
      description: spec.description,
      ownerId: people.get(spec.owner),
      unitId: units.get(spec.unit),
      status: spec.status,
      startDate: cal.date(spec.start),
      endDate: cal.date(spec.end),
      budget: spec.budget,
      capacity: spec.capacity,
      createdAt: created,
    });
    const initiativeId = (initiatives.byName[spec.title] = row.id as string);
    initiativeRows.push(row);
    for (const ms of spec.milestones) {
      let completedAt: Date | null = null;
      if (ms.done !== undefined) {
        const offset = ms.done === true ? Math.floor(rng() * 5) - 3 : ms.done;
        completedAt = cal.at(ms.due + offset, 14 + Math.floor(rng() * 3));
        if (completedAt > now) completedAt = new Date(now.getTime() - HOUR);
      }
      milestoneRows.push(
        milestoneRow({
          initiativeId,
          title: ms.title,
          dueDate: cal.date(ms.due),
          completedAt,
          createdAt: created,
        }),
      );
    }
    for (const key of spec.objectives)
      linkRows.objectives.push(initiativeObjectiveRow(initiativeId, byKey.get(key), created));
    for (const name of spec.kpis) linkRows.kpis.push(initiativeKpiRow(initiativeId, kpis.get(name), created));
  }
  await insertRows(m, 'initiative', initiativeRows);
  await insertRows(m, 'milestone', milestoneRows);
  await insertRows(m, 'initiative_objective', linkRows.objectives);
  await insertRows(m, 'initiative_kpi', linkRows.kpis);

  // History: a CREATE entry per subject, as it stood when created, by the CEO.
  const ceo = people.get(DEMO_FACTS.logins.ceo);
  const history: Row[] = [];
  const record = async (type: SubjectType, id: string, at: Date, change?: Change) =>
    history.push(await historyRow(m, type, id, ceo, at, change));
  for (const r of unitRows) await record(SubjectType.UNIT, r.id as string, cal.orgCreated);
  for (const r of personRows) await record(SubjectType.PERSON, r.id as string, cal.orgCreated);
  await record(SubjectType.PLAN, planId, cal.planCreated);
  const created: [SubjectType, Row[]][] = [
    [SubjectType.OBJECTIVE, objectiveRows],
    [SubjectType.KPI, kpiRows],
    [SubjectType.INITIATIVE, initiativeRows],
    [SubjectType.MILESTONE, milestoneRows],
  ];
  for (const [type, rows] of created)
    for (const r of rows) await record(type, r.id as string, r.created_at as Date);

  // Later changes, oldest first, each with who, when, what and why.
  const subjectOf = (c: LaterChangeSpec) =>
    (c.type === SubjectType.OBJECTIVE ? byKey : c.type === SubjectType.KPI ? kpis : initiatives).get(
      c.subject,
    );
  const changes = STORY.laterChanges
    .map((c) => ({ c, at: cal.at(cal.day(c.day), c.hour) }))
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const { c, at } of changes) {
    const id = subjectOf(c);
    const before = await snapshotOf(m, c.type, id);
    if (c.rephaseFutureTargets) {
      await m.query(
        `UPDATE kpi_target SET target = target + $3, amber = amber + $3, red = red + $3 WHERE kpi_id = $1 AND period_start > $2`,
        [id, ymd(cal.quarter.start), c.rephaseFutureTargets],
      );
    }
    const s = c.set ?? {};
    await updateRow(m, c.type.toLowerCase(), id, at, {
      status: s.status,
      budget: s.budget,
      owner_id: s.owner && people.get(s.owner),
      end_date: s.endDay !== undefined ? cal.date(s.endDay) : undefined,
      on_executive_dashboard: s.onExecutiveDashboard,
    });
    await record(c.type, id, at, { before, reason: c.reason });
  }
  await insertRows(m, 'history_entry', history);

  // Reviews: past meetings with their decisions and actions, the next ones scheduled (needs the history above).
  const { meetings, reviews, decisions, actions } = await seedDemoReviews(m, {
    cal,
    people: people.byName,
    units: units.byName,
    objectives: objectives.byName,
    kpis: kpis.byName,
    initiatives: initiatives.byName,
  });
  await seedDemoCheckIns(m, {
    cal,
    people: people.byName,
    kpis: kpis.byName,
    initiatives: initiatives.byName,
  });

  await seedDemoApprovals(m, { cal, planId, people: people.byName, kpis: kpis.byName });
  // Catchball: the next quarter open for planning, one negotiation in progress.
  await seedDemoPlanning(m, { cal, planId, people: people.byName, units: units.byName, kpis: kpis.byName });

  // The rows above bypass the services' drift hooks: evaluate every change-driven rule once, so
  // the demo opens with the alerts its story implies (time-driven ones come from the drift scan).
  await evaluateKpiAndLinkedDrift(m, Object.values(kpis.byName), now);
  await evaluateInitiativeDrift(m, Object.values(initiatives.byName), now);
  await evaluateObjectiveDrift(m, Object.values(objectives.byName), now);

  const counts = {} as DemoSummary['counts'];
  for (const table of DEMO_TABLES) {
    const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM "${table}"`);
    counts[table] = n;
  }
  return {
    counts,
    people: people.byName,
    units: units.byName,
    planId,
    objectives: objectives.byName,
    kpis: kpis.byName,
    initiatives: initiatives.byName,
    meetings,
    reviews,
    decisions,
    actions,
    now,
  };
}
