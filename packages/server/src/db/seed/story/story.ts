/**
 * The demo organisation's story as data (shared/demo-organisation.md): one JSON file per part
 * of the story beside this module, read and checked here into typed specs. Nothing here knows
 * SQL or the calendar; days are relative to "now" and resolved by `../calendar.ts`.
 *
 * - `units-and-people.json` — the organisation and who works where.
 * - `plan-and-objectives.json` — the plan, its narrative and the objectives on three levels.
 * - `kpis/*.json` — the KPIs by part of the organisation, with their targets and drift.
 * - `initiatives.json` — initiatives, their milestones, budgets and capacity.
 * - `later-changes.json` — what changed after creation, each with its reason.
 * - `reviews.json` — the meetings: decisions with rationale, actions done, overdue, dropped.
 */
import {
  Direction,
  Framework,
  Frequency,
  Health,
  InitiativeStatus,
  KpiKind,
  MeetingKind,
  Perspective,
  Role,
  SubjectType,
  UnitKind,
  UnitVisibility,
} from '@throughline/shared';
import initiativesJson from './initiatives.json' with { type: 'json' };
import kpisCompanyAndFinance from './kpis/company-and-finance.json' with { type: 'json' };
import kpisCustomerSuccess from './kpis/customer-success.json' with { type: 'json' };
import kpisOperations from './kpis/operations.json' with { type: 'json' };
import kpisPeopleAndCorporateDevelopment from './kpis/people-and-corporate-development.json' with { type: 'json' };
import kpisSales from './kpis/sales.json' with { type: 'json' };
import laterChangesJson from './later-changes.json' with { type: 'json' };
import planJson from './plan-and-objectives.json' with { type: 'json' };
import reviewsJson from './reviews.json' with { type: 'json' };
import unitsAndPeopleJson from './units-and-people.json' with { type: 'json' };

/** Days from now's date (UTC), or `q`, `q+n`, `q-n`: days from the last quarterly strategic review. */
export type Day = number | string;

export interface UnitSpec {
  name: string;
  kind: UnitKind;
  parent: string | null;
  head: string;
  /** Available capacity in people for initiative work. */
  capacity: number;
  visibility?: UnitVisibility;
}

export interface PersonSpec {
  email: string;
  name: string;
  title: string;
  unit: string;
  role?: Role;
}

export interface PlanSpec {
  name: string;
  framework: Framework;
  /** Length in years, from the first quarter of the history. */
  years: number;
  /** `{firstYear}` and `{lastYear}` in the title are filled in from the calendar. */
  narrative: { title: string; paragraphs: string[] };
}

export interface ObjectiveSpec {
  key: string;
  title: string;
  description: string;
  unit: string;
  owner: string;
  parent: string | null;
  perspective: Perspective;
  /** Set for quarterly team objectives: the current quarter. */
  quarterly?: boolean;
  /** Created this many days before `now` instead of with the plan. */
  createdDaysAgo?: number;
  kpis: string[];
}

export type Shape = 'linear' | 'late' | 'early';

export interface KpiSpec {
  name: string;
  description: string;
  uom: string;
  direction: Direction;
  kind: KpiKind;
  frequency: Frequency.WEEKLY | Frequency.MONTHLY;
  owner: string;
  unit: string;
  exec?: boolean;
  /** Target in the current quarter and its change per quarter. */
  target: number;
  step: number;
  /** Distance of the amber and red limits from the target, worse-ward: in the KPI's units, or as shares of the target when `ratioBands`. */
  amber: number;
  red: number;
  ratioBands?: boolean;
  /** Floor of the target in early quarters (for KPIs that ramp up from zero). */
  targetMin?: number;
  /** Value at the start of the history and at `now` (shares of the target when `relative`). */
  from: number;
  to: number;
  relative?: boolean;
  shape?: Shape;
  /** Standard deviation of the noise, in the KPI's units (or as a share of the target when `relative`). */
  noise: number;
  decimals: number;
  min?: number;
  max?: number;
  /** The last this-many steps each get strictly worse (a visible decline). */
  declineTail?: number;
  /** The owner stopped updating this many days ago. */
  staleDays?: number;
  /** The KPI's history starts this many days ago (default: the whole history). */
  sinceDays?: number;
  /** Values come from a partner system: its name, and since how many days ago (default: always). */
  source?: { name: string; sinceDays?: number };
  /** Notes by position from the newest measurement (0 = newest). */
  notes?: Record<string, string>;
  /** Created this many days before `now` instead of with the plan. */
  createdDaysAgo?: number;
  /** Health of the newest measurement the story needs, whatever `now` is. */
  expect?: Health;
}

export interface MilestoneSpec {
  title: string;
  /** Due date, in days from now. */
  due: number;
  /** Completed: true (around the due date) or a number of days after the due date. Omitted: not completed. */
  done?: true | number;
}

export interface InitiativeSpec {
  title: string;
  description: string;
  owner: string;
  unit: string;
  status: InitiativeStatus;
  /** Start and end dates, in days from now. */
  start: number;
  end: number;
  budget: number;
  capacity: number;
  /** Objective keys and KPI names it supports. */
  objectives: string[];
  kpis: string[];
  milestones: MilestoneSpec[];
  createdDaysAgo?: number;
}

/** A later change, recorded as a backdated UPDATE history entry with its reason. */
export interface LaterChangeSpec {
  type: SubjectType.OBJECTIVE | SubjectType.KPI | SubjectType.INITIATIVE;
  /** Objective key, KPI name or initiative title. */
  subject: string;
  day: Day;
  hour: number;
  reason: string;
  /** Columns changed: a status, a budget, the owner (email), the end date (days from now), the dashboard flag. */
  set?: {
    status?: InitiativeStatus;
    budget?: number;
    owner?: string;
    endDay?: number;
    onExecutiveDashboard?: boolean;
  };
  /** Every target after the current quarter moves by this much (target, amber and red alike). */
  rephaseFutureTargets?: number;
}

export interface SubjectRef {
  type: SubjectType.OBJECTIVE | SubjectType.KPI | SubjectType.INITIATIVE;
  name: string;
}

export interface ActionSpec {
  text: string;
  owner: string;
  /** Due at 17:00 UTC on this day. */
  due: Day;
  /** Marked done on this day (15:00 UTC). */
  done?: Day;
  /** Dropped on this day (at the meeting that dropped it). */
  dropped?: Day;
}

export interface DecisionSpec {
  text: string;
  rationale: string;
  owner: string;
  subject?: SubjectRef;
  /** Revisit on this day. */
  revisit?: Day;
  actions?: ActionSpec[];
}

export interface MeetingSpec {
  key: string;
  kind: MeetingKind;
  unit: string;
  /** Title; the dated ones get their date appended. */
  title: string;
  datedTitle?: boolean;
  chair: string;
  participants: string[];
  /** The day and the hour (UTC) it is scheduled at, and how long it runs when held. */
  day: Day;
  hour: number;
  minutes: number;
  closed: boolean;
  /** Discussion notes for the minutes. */
  notes?: string[];
  decisions?: DecisionSpec[];
  /** Actions agreed without a decision. */
  actions?: ActionSpec[];
}

// ---------------------------------------------------------------------------
// Reading and checking
// ---------------------------------------------------------------------------

function oneOf<E extends Record<string, string>>(values: E, v: unknown, where: string): E[keyof E] {
  if (!Object.values(values).includes(v as string))
    throw new Error(
      `demo story: ${where} is ${JSON.stringify(v)}, not one of ${Object.values(values).join(', ')}`,
    );
  return v as E[keyof E];
}
const optional = <E extends Record<string, string>>(values: E, v: unknown, where: string) =>
  v === undefined ? undefined : oneOf(values, v, where);

function checkDay(d: unknown, where: string): Day {
  if (typeof d === 'number' ? Number.isInteger(d) : typeof d === 'string' && /^q([+-]\d+)?$/.test(d))
    return d as Day;
  throw new Error(`demo story: ${where} is ${JSON.stringify(d)}, not a day (a whole number, or q, q+n, q-n)`);
}

const SUBJECT_TYPES = {
  OBJECTIVE: SubjectType.OBJECTIVE,
  KPI: SubjectType.KPI,
  INITIATIVE: SubjectType.INITIATIVE,
} as const;

function action(a: ActionSpec, where: string): ActionSpec {
  checkDay(a.due, `${where} due`);
  if (a.done !== undefined) checkDay(a.done, `${where} done`);
  if (a.dropped !== undefined) checkDay(a.dropped, `${where} dropped`);
  return a;
}

function meeting(m: Record<string, any>, series: Record<string, Record<string, any>>): MeetingSpec {
  const template = m.series ? series[m.series] : {};
  if (!template) throw new Error(`demo story: meeting ${m.key} is of unknown series ${m.series}`);
  const { series: _series, ...own } = m;
  const spec = {
    ...template,
    ...own,
    closed: own.closed ?? (typeof own.day === 'number' && own.day < 0),
  } as MeetingSpec;
  spec.kind = oneOf(MeetingKind, spec.kind, `meeting ${spec.key} kind`);
  checkDay(spec.day, `meeting ${spec.key} day`);
  for (const d of spec.decisions ?? []) {
    if (d.subject) d.subject.type = oneOf(SUBJECT_TYPES, d.subject.type, `decision "${d.text}" subject`);
    if (d.revisit !== undefined) checkDay(d.revisit, `decision "${d.text}" revisit`);
    for (const a of d.actions ?? []) action(a, `action "${a.text}"`);
  }
  for (const a of spec.actions ?? []) action(a, `action "${a.text}"`);
  return spec;
}

function readStory() {
  const units: UnitSpec[] = unitsAndPeopleJson.units.map((u) => ({
    ...u,
    kind: oneOf(UnitKind, u.kind, `unit ${u.name} kind`),
    visibility: optional(
      UnitVisibility,
      (u as { visibility?: string }).visibility,
      `unit ${u.name} visibility`,
    ),
  }));
  const people: PersonSpec[] = unitsAndPeopleJson.people.map((p) => ({
    ...p,
    role: optional(Role, (p as { role?: string }).role, `${p.email} role`),
  }));
  const plan: PlanSpec = {
    ...planJson.plan,
    framework: oneOf(Framework, planJson.plan.framework, 'plan framework'),
  };
  const objectives: ObjectiveSpec[] = planJson.objectives.map((o) => ({
    ...o,
    perspective: oneOf(Perspective, o.perspective, `objective ${o.key} perspective`),
  }));
  const kpis: KpiSpec[] = [
    ...kpisCompanyAndFinance,
    ...kpisSales,
    ...kpisCustomerSuccess,
    ...kpisOperations,
    ...kpisPeopleAndCorporateDevelopment,
  ].map((k) => {
    const frequency = oneOf(Frequency, k.frequency, `KPI ${k.name} frequency`);
    if (frequency !== Frequency.WEEKLY && frequency !== Frequency.MONTHLY)
      throw new Error(`demo story: KPI ${k.name} is neither weekly nor monthly`);
    const shape = (k as { shape?: string }).shape;
    if (shape !== undefined && !['linear', 'late', 'early'].includes(shape))
      throw new Error(`demo story: KPI ${k.name} has shape ${shape}`);
    return {
      ...k,
      direction: oneOf(Direction, k.direction, `KPI ${k.name} direction`),
      kind: oneOf(KpiKind, k.kind, `KPI ${k.name} kind`),
      frequency,
      shape: shape as Shape | undefined,
      expect: optional(Health, (k as { expect?: string }).expect, `KPI ${k.name} expect`),
    };
  });
  const initiatives: InitiativeSpec[] = initiativesJson.map((i) => ({
    ...i,
    status: oneOf(InitiativeStatus, i.status, `initiative ${i.title} status`),
    milestones: i.milestones as MilestoneSpec[],
  }));
  const laterChanges: LaterChangeSpec[] = laterChangesJson.map((c) => ({
    ...c,
    type: oneOf(SUBJECT_TYPES, c.type, `later change of ${c.subject}`),
    day: checkDay(c.day, `later change of ${c.subject}`),
    set: c.set && {
      ...c.set,
      status: optional(
        InitiativeStatus,
        (c.set as { status?: string }).status,
        `later change of ${c.subject}`,
      ),
    },
  }));
  const meetings = reviewsJson.meetings.map((m) => meeting(m, reviewsJson.series));
  return { units, people, plan, objectives, kpis, initiatives, laterChanges, meetings };
}

/** The whole story, read and checked once. */
export const STORY = readStory();
