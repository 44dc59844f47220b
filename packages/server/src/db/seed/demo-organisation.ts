/**
 * The demo organisation: Halden Industrial and its strategy "From pumps to uptime"
 * (shared/demo-organisation.md). Seeded by the default start (embedded database, first
 * run) and by `seed-cli.ts`.
 *
 * - One transaction: a failure leaves nothing behind.
 * - Deterministic: every number comes from a seeded PRNG (per KPI, keyed by its name), so
 *   the same `now` gives the same data (ids and the password salt excepted).
 * - Relative to `now`: about 13–14 months of measurements ending at `now`, initiative dates
 *   and milestones around `now`, so the demo always looks current.
 * - Demo passwords exist only here: every demo person logs in with `demo`.
 */
import { randomUUID } from 'node:crypto';
import {
  Direction,
  Framework,
  Frequency,
  Health,
  HistoryAction,
  InitiativeStatus,
  KpiKind,
  Perspective,
  Role,
  SubjectType,
  UnitKind,
  UnitVisibility,
  periodContaining,
} from '@throughline/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { hashPassword } from '../../auth/passwords.js';
import { diffSnapshots, snapshotOf } from '../../modules/history/history.service.js';
import { evaluateInitiativeDrift, evaluateKpiAndLinkedDrift, evaluateObjectiveDrift } from '../../modules/drift/drift.service.js';
import { DEMO_REVIEW_FACTS, seedDemoReviews, type DemoReviewsSummary } from './demo-reviews.js';

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

/** Row counts per table, and ids of the named things so tests and tools can find them. */
export interface DemoSummary {
  counts: {
    unit: number;
    person: number;
    plan: number;
    objective: number;
    objective_kpi: number;
    kpi: number;
    kpi_target: number;
    measurement: number;
    initiative: number;
    milestone: number;
    initiative_objective: number;
    initiative_kpi: number;
    history_entry: number;
    meeting: number;
    meeting_participant: number;
    meeting_snapshot: number;
    decision: number;
    action: number;
    briefing: number;
  };
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
  /** meeting title → id (see demo-reviews.ts) */
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
const DEMO_TABLES = [
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
] as const satisfies readonly (keyof DemoSummary['counts'])[];

/** Password of every demo login. Exists only in the demo seed. */
const DEMO_PASSWORD = 'demo';

/** Facts about the demo organisation that tests, docs and other seeds may rely on. */
export const DEMO_FACTS = {
  company: 'Halden Industrial',
  planName: 'From pumps to uptime',
  /** The contract's demo logins (password `demo`). */
  logins: {
    ceo: 'ceo@demo.test',
    opsHead: 'ops.head@demo.test',
    analyst: 'analyst@demo.test',
    salesHead: 'sales.head@demo.test',
  },
  restrictedUnit: 'Corporate Development',
  restrictedObjective: 'Decide on the sensor start-up acquisition',
  restrictedKpis: ['Due-diligence workstreams closed', 'Acquisition targets screened'],
  restrictedInitiatives: ['Sensor start-up due diligence', 'Integration options for the sensor start-up'],
  /** Supports no objective. */
  orphanInitiative: 'Social media refresh',
  /** Supports an objective but targets no KPI. */
  initiativeWithoutKpi: 'ERP data feed for KPIs',
  /** Linked to no objective. */
  vanityKpi: 'Social media followers',
  /** Several milestones overdue. */
  behindScheduleInitiative: 'Sales compensation redesign',
  /** Team with more than three objectives in the current quarter. */
  overloadedTeam: 'Quality Control',
  /** Department whose committed initiative capacity exceeds its available capacity. */
  overCommittedUnit: 'Operations',
  /** The reviews story: chairs, next reviews, overdue actions, follow-through (demo-reviews.ts). */
  reviews: DEMO_REVIEW_FACTS,
} as const;

/**
 * Seeds the demo organisation in one transaction and returns what it created.
 * Fails (leaving nothing) if any of its people already exist.
 */
export async function seedDemoOrganisation(db: DataSource, opts: { now?: Date } = {}): Promise<DemoSummary> {
  const passwordHash = await hashPassword(DEMO_PASSWORD); // once: scrypt is deliberately slow
  return db.transaction((m) => seedInto(m, opts.now ?? new Date(), passwordHash));
}

/**
 * Seeds the demo organisation unless the database already has people; safe to call from
 * several server instances at once (an advisory lock serialises them). Returns null when
 * there was nothing to do.
 */
export async function seedDemoOrganisationIfEmpty(db: DataSource, opts: { now?: Date } = {}): Promise<DemoSummary | null> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (m) => {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('throughline:demo-seed'))`);
    const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM person`);
    if (n > 0) return null;
    return seedInto(m, opts.now ?? new Date(), passwordHash);
  });
}

// ---------------------------------------------------------------------------
// Time and randomness
// ---------------------------------------------------------------------------

const DAY = 86_400_000;

/** 'YYYY-MM-DD' of a UTC instant. */
const ymd = (d: Date) => d.toISOString().slice(0, 10);

/** mulberry32: small, fast, good enough for demo noise; deterministic per seed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a: a stable seed per name, so adding a KPI does not change the others' numbers. */
function seedOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Bounded, roughly normal noise with standard deviation 1 (sum of three uniforms, within ±3). */
const noise = (rng: () => number) => (rng() + rng() + rng() - 1.5) * 2;

const round = (v: number, decimals: number) => {
  const f = 10 ** decimals;
  return Math.round(v * f) / f;
};

/** The calendar the demo is laid out on, all derived from `now` (UTC). */
interface Calendar {
  now: Date;
  at(days: number, hourUtc?: number): Date;
  date(days: number): string;
  /** First day of the measurement history: the 1st of the month 13 months before now's month. */
  historyStart: Date;
  /** When the plan, its objectives, KPIs and initiatives were created (two weeks before the history starts). */
  planCreated: Date;
  /** Start of the current quarter. */
  quarterStart: Date;
  /** Quarterly target periods from the one containing `historyStart` to two quarters after the current one. */
  quarters: { start: Date; end: Date; k: number }[];
}

function calendarFor(now: Date): Calendar {
  const y = now.getUTCFullYear();
  const mo = now.getUTCMonth();
  const historyStart = new Date(Date.UTC(y, mo - 13, 1));
  const q0 = periodContaining(historyStart, Frequency.QUARTERLY).start;
  const current = periodContaining(now, Frequency.QUARTERLY).start;
  const quarters: Calendar['quarters'] = [];
  const monthsBetween = (a: Date, b: Date) => (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth();
  const nowIndex = monthsBetween(q0, current) / 3;
  for (let i = 0; i <= nowIndex + 2; i++) {
    const start = new Date(Date.UTC(q0.getUTCFullYear(), q0.getUTCMonth() + 3 * i, 1));
    const end = new Date(Date.UTC(q0.getUTCFullYear(), q0.getUTCMonth() + 3 * i + 3, 1));
    quarters.push({ start, end, k: i - nowIndex });
  }
  const dayStart = Date.UTC(y, mo, now.getUTCDate());
  return {
    now,
    at: (days, hourUtc = 10) => new Date(dayStart + days * DAY + hourUtc * 3_600_000),
    date: (days) => ymd(new Date(dayStart + days * DAY)),
    historyStart,
    planCreated: new Date(historyStart.getTime() - 14 * DAY + 9 * 3_600_000),
    quarterStart: current,
    quarters,
  };
}

// ---------------------------------------------------------------------------
// Units and people
// ---------------------------------------------------------------------------

interface UnitSpec {
  name: string;
  kind: UnitKind;
  parent: string | null;
  head: string;
  capacity: number;
  visibility?: UnitVisibility;
}

const COMPANY = DEMO_FACTS.company;

/** Available capacity is in people for initiative work; the company level holds a ~11 % strategic reserve. */
const UNITS: UnitSpec[] = [
  { name: COMPANY, kind: UnitKind.COMPANY, parent: null, head: 'ceo@demo.test', capacity: 5 },
  { name: 'Operations', kind: UnitKind.DEPARTMENT, parent: COMPANY, head: 'ops.head@demo.test', capacity: 6 },
  { name: 'Sales', kind: UnitKind.DEPARTMENT, parent: COMPANY, head: 'sales.head@demo.test', capacity: 3 },
  { name: 'Customer Success', kind: UnitKind.DEPARTMENT, parent: COMPANY, head: 'olivia.bennett@demo.test', capacity: 7 },
  { name: 'Finance', kind: UnitKind.DEPARTMENT, parent: COMPANY, head: 'tomas.berger@demo.test', capacity: 2.5 },
  { name: 'People', kind: UnitKind.DEPARTMENT, parent: COMPANY, head: 'ruth.adeyemi@demo.test', capacity: 5 },
  {
    name: DEMO_FACTS.restrictedUnit,
    kind: UnitKind.DEPARTMENT,
    parent: COMPANY,
    head: 'elena.marsh@demo.test',
    capacity: 2.5,
    visibility: UnitVisibility.RESTRICTED,
  },
  { name: 'Assembly', kind: UnitKind.TEAM, parent: 'Operations', head: 'piotr.nowak@demo.test', capacity: 2.5 },
  { name: 'Quality Control', kind: UnitKind.TEAM, parent: 'Operations', head: 'aisha.rahman@demo.test', capacity: 2 },
  { name: 'Supply Chain', kind: UnitKind.TEAM, parent: 'Operations', head: 'sofia.marquez@demo.test', capacity: 1.5 },
  { name: 'Key Accounts', kind: UnitKind.TEAM, parent: 'Sales', head: 'claire.dubois@demo.test', capacity: 2 },
  { name: 'Inside Sales', kind: UnitKind.TEAM, parent: 'Sales', head: 'daniel.kim@demo.test', capacity: 1.5 },
  { name: 'Onboarding', kind: UnitKind.TEAM, parent: 'Customer Success', head: 'mateo.rossi@demo.test', capacity: 2 },
  { name: 'Field Service', kind: UnitKind.TEAM, parent: 'Customer Success', head: 'karin.holm@demo.test', capacity: 2.5 },
  { name: 'Pricing', kind: UnitKind.TEAM, parent: 'Finance', head: 'hannah.vogel@demo.test', capacity: 1.5 },
];

interface PersonSpec {
  email: string;
  name: string;
  title: string;
  unit: string;
  role?: Role;
}

const PEOPLE: PersonSpec[] = [
  { email: 'ceo@demo.test', name: 'Ingrid Halvorsen', title: 'Chief Executive Officer', unit: COMPANY, role: Role.EXECUTIVE },
  { email: 'tomas.berger@demo.test', name: 'Tomas Berger', title: 'Chief Financial Officer', unit: 'Finance', role: Role.EXECUTIVE },
  { email: 'nadia.okafor@demo.test', name: 'Nadia Okafor', title: 'Head of Strategy Office', unit: COMPANY },
  { email: 'ops.head@demo.test', name: 'Henrik Dahl', title: 'Head of Operations', unit: 'Operations' },
  { email: 'piotr.nowak@demo.test', name: 'Piotr Nowak', title: 'Assembly Manager', unit: 'Assembly' },
  { email: 'erik.lund@demo.test', name: 'Erik Lund', title: 'Manufacturing Engineer', unit: 'Assembly' },
  { email: 'aisha.rahman@demo.test', name: 'Aisha Rahman', title: 'Quality Control Manager', unit: 'Quality Control' },
  { email: 'analyst@demo.test', name: 'Jonas Weber', title: 'Quality Data Analyst', unit: 'Quality Control' },
  { email: 'sofia.marquez@demo.test', name: 'Sofia Márquez', title: 'Supply Chain Manager', unit: 'Supply Chain' },
  { email: 'sales.head@demo.test', name: 'Marcus Reid', title: 'Head of Sales', unit: 'Sales' },
  { email: 'lena.fischer@demo.test', name: 'Lena Fischer', title: 'Marketing & Communications Manager', unit: 'Sales' },
  { email: 'claire.dubois@demo.test', name: 'Claire Dubois', title: 'Key Account Director', unit: 'Key Accounts' },
  { email: 'daniel.kim@demo.test', name: 'Daniel Kim', title: 'Inside Sales Manager', unit: 'Inside Sales' },
  { email: 'priya.shah@demo.test', name: 'Priya Shah', title: 'Sales Operations Analyst', unit: 'Inside Sales' },
  { email: 'olivia.bennett@demo.test', name: 'Olivia Bennett', title: 'Head of Customer Success', unit: 'Customer Success' },
  { email: 'mateo.rossi@demo.test', name: 'Mateo Rossi', title: 'Onboarding Lead', unit: 'Onboarding' },
  { email: 'karin.holm@demo.test', name: 'Karin Holm', title: 'Field Service Manager', unit: 'Field Service' },
  { email: 'samuel.osei@demo.test', name: 'Samuel Osei', title: 'Senior Field Service Engineer', unit: 'Field Service' },
  { email: 'ben.carter@demo.test', name: 'Ben Carter', title: 'Financial Controller', unit: 'Finance' },
  { email: 'hannah.vogel@demo.test', name: 'Hannah Vogel', title: 'Pricing Manager', unit: 'Pricing' },
  { email: 'ruth.adeyemi@demo.test', name: 'Ruth Adeyemi', title: 'Head of People', unit: 'People' },
  { email: 'felix.wagner@demo.test', name: 'Felix Wagner', title: 'Learning & Development Partner', unit: 'People' },
  { email: 'elena.marsh@demo.test', name: 'Elena Marsh', title: 'Director of Corporate Development', unit: DEMO_FACTS.restrictedUnit },
  { email: 'victor.lang@demo.test', name: 'Victor Lang', title: 'Corporate Development Analyst', unit: DEMO_FACTS.restrictedUnit },
];

const CEO = 'ceo@demo.test';
const CFO = 'tomas.berger@demo.test';

// ---------------------------------------------------------------------------
// The plan and its objectives
// ---------------------------------------------------------------------------

function narrative(cal: Calendar): string {
  const y0 = cal.quarters[0].start.getUTCFullYear();
  return [
    `From pumps to uptime (${y0}–${y0 + 3})`,
    'Halden Industrial has built industrial pumps for more than sixty years, and our customers have never wanted pumps. They want water, slurry and process fluids to keep moving; every hour a pump stands still costs them far more than the pump did. This strategy moves us from selling equipment to selling guaranteed uptime as a service: monitored pumps, maintenance planned before anything fails, and contracts that pay us for availability rather than for units shipped.',
    'What has to be true. Recurring service revenue grows from under a tenth of revenue to a quarter of it by the end of the plan, without giving up gross margin on the way. Customers buy uptime, not pumps, and the customers we already have stay with us. We deliver equipment on time without the final quality-control bottleneck that has held back output, and we price and contract for outcomes instead of list price minus discount. None of this happens unless we build the service skills the new model needs and pay our people, sales first, for the direction we have chosen.',
    'Where we stand a year in. Leadership agrees on the direction, but the organisation still runs the old business. Sales is paid on equipment volume, pricing reflects the old offer, and the customer success function is only half built. Production misses its output plan by about a fifth every month, and the cause is one station, final QC, not general slackness: assembly builds to plan and the pumps wait in the QC queue.',
    'How we will steer. Every objective has a named owner and KPIs that measure it; every initiative must move at least one of those KPIs. We review operations monthly and the strategy quarterly, starting each review from live data and from the actions we agreed last time. About a tenth of initiative capacity is held at company level as a strategic reserve and released only at a quarterly review. We will not start work that supports no objective, and when committed capacity exceeds what a department has, we decide what stops.',
  ].join('\n\n');
}

interface ObjectiveSpec {
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

const OBJECTIVES: ObjectiveSpec[] = [
  // Company level -----------------------------------------------------------
  {
    key: 'F1',
    title: 'Grow recurring service revenue',
    description:
      'Make service contracts, not equipment sales, the engine of growth: recurring service revenue from under 10 % to a quarter of revenue by the end of the plan.',
    unit: COMPANY,
    owner: CFO,
    parent: null,
    perspective: Perspective.FINANCIAL,
    kpis: ['Recurring service revenue share', 'Annualised recurring service revenue'],
  },
  {
    key: 'F2',
    title: 'Protect gross margin through the transition',
    description: 'Moving to service must not be paid for with equipment discounts or loss-making contracts. Hold company gross margin at or above 33 %.',
    unit: COMPANY,
    owner: CFO,
    parent: null,
    perspective: Perspective.FINANCIAL,
    kpis: ['Gross margin', 'Service contract gross margin', 'Inventory turns'],
  },
  {
    key: 'C1',
    title: 'Customers buy uptime, not pumps',
    description:
      'Offer every customer guaranteed availability as a service, backed by monitoring of the installed base, and make it the default way to buy from us.',
    unit: COMPANY,
    owner: CEO,
    parent: null,
    perspective: Perspective.CUSTOMER,
    kpis: ['Uptime contracts signed', 'Customers live on uptime monitoring'],
  },
  {
    key: 'C2',
    title: 'Keep the customers we have',
    description: 'Our installed base is our best market for uptime contracts. Keep churn low and grow revenue within existing accounts.',
    unit: COMPANY,
    owner: CEO,
    parent: null,
    perspective: Perspective.CUSTOMER,
    kpis: ['Net revenue retention', 'Gross revenue churn', 'Net Promoter Score'],
  },
  {
    key: 'P1',
    title: 'Deliver on time without the quality bottleneck',
    description:
      'Ship what we promised, when we promised it. The constraint is final quality control, not assembly; fix the constraint instead of pushing more work into it.',
    unit: COMPANY,
    owner: CEO,
    parent: null,
    perspective: Perspective.INTERNAL_PROCESS,
    kpis: ['On-time delivery', 'Units shipped against plan'],
  },
  {
    key: 'P2',
    title: 'Price and contract for outcomes',
    description: 'Price service on the availability we deliver and share the risk with the customer, instead of list price minus discount.',
    unit: COMPANY,
    owner: CFO,
    parent: null,
    perspective: Perspective.INTERNAL_PROCESS,
    kpis: ['Share of new contract value priced on outcomes'],
  },
  {
    key: 'L1',
    title: 'Build the service skills the new model needs',
    description: 'Field engineers who can diagnose remotely, customer success managers who own renewals, and a training path for both.',
    unit: COMPANY,
    owner: CEO,
    parent: null,
    perspective: Perspective.LEARNING_GROWTH,
    kpis: ['Service-skill training completion', 'Field engineers certified for remote monitoring'],
  },
  {
    key: 'L2',
    title: 'Pay for the new direction',
    description:
      'Incentives follow the strategy: sales compensation, bonuses and recognition reward recurring revenue and retained customers, not equipment volume.',
    unit: COMPANY,
    owner: CEO,
    parent: null,
    perspective: Perspective.LEARNING_GROWTH,
    kpis: ['Share of sales compensation tied to recurring revenue'],
  },
  // Department level --------------------------------------------------------
  {
    key: 'OPS1',
    title: 'Ship to plan every month',
    description: 'Close the gap between the production plan and what leaves the plant. Assembly already builds to plan; the pumps wait in final QC.',
    unit: 'Operations',
    owner: 'ops.head@demo.test',
    parent: 'P1',
    perspective: Perspective.INTERNAL_PROCESS,
    kpis: ['Units shipped against plan', 'Order backlog', 'On-time delivery'],
  },
  {
    key: 'OPS2',
    title: 'Build quality in, not inspect it in',
    description: 'Fewer pumps failing final test means less rework and a shorter queue. Use test-bench data to find and fix causes upstream.',
    unit: 'Operations',
    owner: 'ops.head@demo.test',
    parent: 'P1',
    perspective: Perspective.INTERNAL_PROCESS,
    kpis: ['Final-QC first-pass yield', 'Warranty claims rate'],
  },
  {
    key: 'OPS3',
    title: 'Run the plant at a lower cost per pump',
    description: 'Energy, maintenance and inventory cost per pump come down every year, so service pricing has room to be competitive.',
    unit: 'Operations',
    owner: 'ops.head@demo.test',
    parent: 'F2',
    perspective: Perspective.FINANCIAL,
    kpis: ['Plant energy cost per pump'],
  },
  {
    key: 'SAL1',
    title: 'Sell uptime contracts, not only equipment',
    description: 'Every equipment conversation includes an uptime offer. Build the pipeline for service deals and shorten their sales cycle.',
    unit: 'Sales',
    owner: 'sales.head@demo.test',
    parent: 'C1',
    perspective: Perspective.CUSTOMER,
    kpis: ['Uptime contracts signed', 'Qualified pipeline value', 'Sales cycle length', 'Customer acquisition cost', 'Equipment order intake'],
  },
  {
    key: 'SAL2',
    title: 'Pay sales for recurring revenue',
    description: 'Move sales compensation from equipment volume to recurring revenue and retention, so the sales team wants what the strategy wants.',
    unit: 'Sales',
    owner: 'sales.head@demo.test',
    parent: 'L2',
    perspective: Perspective.LEARNING_GROWTH,
    kpis: ['Share of sales compensation tied to recurring revenue'],
  },
  {
    key: 'CS1',
    title: 'Deliver the uptime we promise',
    description: 'Availability is what uptime customers pay for. Onboard them quickly, monitor their pumps and fix problems before they stop production.',
    unit: 'Customer Success',
    owner: 'olivia.bennett@demo.test',
    parent: 'C2',
    perspective: Perspective.CUSTOMER,
    kpis: ['Contracted uptime delivered', 'Time to first uptime report', 'Mean time to repair'],
  },
  {
    key: 'CS2',
    title: 'Build a customer success function that scales',
    description: 'From a handful of pilot customers to hundreds of service contracts: hire, train and equip customer success managers and field engineers.',
    unit: 'Customer Success',
    owner: 'olivia.bennett@demo.test',
    parent: 'L1',
    perspective: Perspective.LEARNING_GROWTH,
    kpis: ['Time to hire service engineers', 'Field engineers certified for remote monitoring'],
  },
  {
    key: 'FIN1',
    title: 'Grow the service book at healthy margins',
    description: 'Track margin per service contract from day one and stop signing contracts that lose money over their life.',
    unit: 'Finance',
    owner: CFO,
    parent: 'F1',
    perspective: Perspective.FINANCIAL,
    kpis: ['Annualised recurring service revenue', 'Service contract gross margin', 'Days sales outstanding'],
  },
  {
    key: 'FIN2',
    title: 'Price service on outcomes',
    description: 'An outcome-based price book for every pump family, with risk-sharing terms Legal and customers can accept.',
    unit: 'Finance',
    owner: CFO,
    parent: 'P2',
    perspective: Perspective.INTERNAL_PROCESS,
    kpis: ['Share of new contract value priced on outcomes', 'Price realisation on service contracts', 'Average discount on equipment deals'],
  },
  {
    key: 'PPL1',
    title: 'Equip field and support staff with service skills',
    description: 'A service academy for field engineers and support staff, and a workplace that keeps the people we train.',
    unit: 'People',
    owner: 'ruth.adeyemi@demo.test',
    parent: 'L1',
    perspective: Perspective.LEARNING_GROWTH,
    kpis: ['Service-skill training completion', 'Regretted attrition', 'Employee engagement (eNPS)'],
  },
  {
    key: 'PPL2',
    title: 'Redesign incentives for the uptime model',
    description: 'A new sales compensation plan, agreed with the works council, that pays for recurring revenue and retention.',
    unit: 'People',
    owner: 'ruth.adeyemi@demo.test',
    parent: 'L2',
    perspective: Perspective.LEARNING_GROWTH,
    kpis: ['Share of sales compensation tied to recurring revenue'],
  },
  {
    key: 'CD1',
    title: DEMO_FACTS.restrictedObjective,
    description:
      'Monitoring the installed base needs sensors we do not make. Decide whether to acquire a sensor start-up, partner with it or build our own, with a recommendation to the board.',
    unit: DEMO_FACTS.restrictedUnit,
    owner: 'elena.marsh@demo.test',
    parent: 'C1',
    perspective: Perspective.INTERNAL_PROCESS,
    createdDaysAgo: 190,
    kpis: ['Due-diligence workstreams closed', 'Acquisition targets screened'],
  },
  // Team level --------------------------------------------------------------
  {
    key: 'QC0',
    title: 'Remove the final-QC bottleneck',
    description:
      'Final QC can test about 230 pumps a week; assembly builds about 270. Add test capacity and cut re-tests until final QC is no longer the constraint.',
    unit: 'Quality Control',
    owner: 'ops.head@demo.test', // moved to the QC manager later (see UPDATES)
    parent: 'OPS1',
    perspective: Perspective.INTERNAL_PROCESS,
    kpis: ['QC queue length', 'Final-QC throughput'],
  },
  {
    key: 'QC1',
    title: 'Cut the final-QC queue below 20 pumps',
    description: 'Quarter goal: no pump waits more than a day for final test. Prioritise by ship date, not by arrival.',
    unit: 'Quality Control',
    owner: 'aisha.rahman@demo.test',
    parent: 'OPS1',
    perspective: Perspective.INTERNAL_PROCESS,
    quarterly: true,
    kpis: ['QC queue length'],
  },
  {
    key: 'QC2',
    title: 'Raise first-pass yield back above 92 %',
    description: 'Quarter goal: find the top three causes of re-tests on the larger pump family and fix them with Assembly.',
    unit: 'Quality Control',
    owner: 'analyst@demo.test',
    parent: 'OPS2',
    perspective: Perspective.INTERNAL_PROCESS,
    quarterly: true,
    kpis: ['Final-QC first-pass yield'],
  },
  {
    key: 'QC3',
    title: 'Commission the second final-QC station',
    description: 'Quarter goal: second test bench installed, inspectors trained and the station testing pumps in production.',
    unit: 'Quality Control',
    owner: 'aisha.rahman@demo.test',
    parent: 'OPS1',
    perspective: Perspective.INTERNAL_PROCESS,
    quarterly: true,
    kpis: ['Final-QC throughput'],
  },
  {
    key: 'QC4',
    title: 'Automate test-bench data capture',
    description: 'Quarter goal: every test result captured from the bench, not typed from paper, so yield problems show up the same day.',
    unit: 'Quality Control',
    owner: 'analyst@demo.test',
    parent: 'OPS2',
    perspective: Perspective.INTERNAL_PROCESS,
    quarterly: true,
    kpis: ['Test-bench data captured automatically'],
  },
  {
    key: 'ASM1',
    title: 'Keep assembly safe, stable and level-loaded',
    description: 'Hold assembly output at plan with a safe, stable line, and stop building faster than final QC can test.',
    unit: 'Assembly',
    owner: 'piotr.nowak@demo.test',
    parent: 'OPS1',
    perspective: Perspective.INTERNAL_PROCESS,
    kpis: ['Assembly output', 'Assembly line OEE', 'Lost-time injury frequency rate'],
  },
  {
    key: 'SC1',
    title: 'Secure the supply of long-lead components',
    description: 'Castings and motors arrive when the line needs them: dual sources for pump housings, framework contracts for motors.',
    unit: 'Supply Chain',
    owner: 'sofia.marquez@demo.test',
    parent: 'OPS1',
    perspective: Perspective.INTERNAL_PROCESS,
    kpis: ['Supplier on-time delivery', 'Line stops for missing components'],
  },
  {
    key: 'KA1',
    title: 'Convert the top 20 accounts to uptime contracts',
    description: 'Our twenty largest accounts run about 40 % of the installed base. Present each an uptime proposal based on its own fleet.',
    unit: 'Key Accounts',
    owner: 'claire.dubois@demo.test',
    parent: 'SAL1',
    perspective: Perspective.CUSTOMER,
    kpis: ['Key-account service attach rate', 'Key accounts with an uptime proposal'],
  },
  {
    key: 'IS1',
    title: 'Attach a service contract to every equipment quote',
    description: 'Every quote from inside sales carries a service option, and every expiring service contract gets a renewal quote on time.',
    unit: 'Inside Sales',
    owner: 'daniel.kim@demo.test',
    parent: 'SAL1',
    perspective: Perspective.CUSTOMER,
    kpis: ['Inside-sales win rate', 'Qualified leads', 'Service renewal quotes sent on time'],
  },
  {
    key: 'ONB1',
    title: 'Onboard uptime customers in under 30 days',
    description: 'From signed contract to first uptime report in under 30 days, with sensors installed and baselines agreed.',
    unit: 'Onboarding',
    owner: 'mateo.rossi@demo.test',
    parent: 'CS1',
    perspective: Perspective.CUSTOMER,
    kpis: ['Time to first uptime report', 'Customers live on uptime monitoring'],
  },
  {
    key: 'FS1',
    title: 'Fix it the first time',
    description: 'The right engineer with the right part on the first visit: better dispatch, better van stock, remote diagnosis before travelling.',
    unit: 'Field Service',
    owner: 'karin.holm@demo.test',
    parent: 'CS1',
    perspective: Perspective.CUSTOMER,
    kpis: ['First-time fix rate', 'Mean time to repair', 'Cost per service call'],
  },
  {
    key: 'PRC1',
    title: 'Launch an outcome-based price book',
    description: 'Outcome prices per pump family in the quoting tool, and a discount policy that stops eroding equipment margin.',
    unit: 'Pricing',
    owner: 'hannah.vogel@demo.test',
    parent: 'FIN2',
    perspective: Perspective.INTERNAL_PROCESS,
    kpis: ['Share of new contract value priced on outcomes', 'Average discount on equipment deals'],
  },
];

// ---------------------------------------------------------------------------
// KPIs: definitions, targets and the shape of their history
// ---------------------------------------------------------------------------

type Shape = 'linear' | 'late' | 'early';

interface KpiSpec {
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
  notes?: Record<number, string>;
  /** Created this many days before `now` instead of with the plan. */
  createdDaysAgo?: number;
  /** Health of the newest measurement the story needs, whatever `now` is. */
  expect?: Health;
}

const H = Direction.HIGHER_IS_BETTER;
const L = Direction.LOWER_IS_BETTER;
const W = Frequency.WEEKLY as const;
const M = Frequency.MONTHLY as const;
const ERP_LIVE_OPS = 200;
const ERP_LIVE_FIN = 175;

const KPIS: KpiSpec[] = [
  // Company and Finance -----------------------------------------------------
  {
    name: 'Recurring service revenue share',
    description: 'Service contracts and uptime subscriptions as a share of total revenue, trailing three months. The headline measure of the strategy.',
    uom: '% of revenue',
    direction: H,
    kind: KpiKind.LAGGING,
    frequency: M,
    owner: CFO,
    unit: COMPANY,
    exec: true,
    target: 14.5,
    step: 0.8,
    amber: 0.6,
    red: 2.5,
    from: 9.1,
    to: 13.0,
    noise: 0.12,
    decimals: 1,
    source: { name: 'ERP', sinceDays: ERP_LIVE_FIN },
    expect: Health.AT_RISK,
  },
  {
    name: 'Gross margin',
    description: 'Company gross margin, trailing three months. Watch for equipment discounts paying for service growth.',
    uom: '%',
    direction: H,
    kind: KpiKind.LAGGING,
    frequency: M,
    owner: CFO,
    unit: COMPANY,
    exec: true,
    target: 33,
    step: 0.25,
    amber: 1.0,
    red: 2.8,
    from: 32.1,
    to: 31.0,
    noise: 0.18,
    decimals: 1,
    notes: { 0: 'Equipment discounts above policy on three large orders.' },
    expect: Health.AT_RISK,
  },
  {
    name: 'Annualised recurring service revenue',
    description: 'Monthly recurring service revenue × 12, from signed and billing contracts.',
    uom: 'EUR million',
    direction: H,
    kind: KpiKind.LAGGING,
    frequency: M,
    owner: CFO,
    unit: 'Finance',
    target: 24.5,
    step: 1.0,
    amber: 1.0,
    red: 3.5,
    from: 18.4,
    to: 22.4,
    noise: 0.12,
    decimals: 1,
    source: { name: 'ERP', sinceDays: ERP_LIVE_FIN },
    expect: Health.AT_RISK,
  },
  {
    name: 'Days sales outstanding',
    description: 'Average days from invoice to cash across equipment and service invoices.',
    uom: 'days',
    direction: L,
    kind: KpiKind.LAGGING,
    frequency: M,
    owner: 'ben.carter@demo.test',
    unit: 'Finance',
    target: 52,
    step: -1,
    amber: 3,
    red: 8,
    from: 58,
    to: 50,
    noise: 1,
    decimals: 0,
    expect: Health.ON_TRACK,
  },
  {
    name: 'Inventory turns',
    description: 'Cost of goods sold over average inventory, annualised. Finished pumps waiting for final QC count as inventory.',
    uom: 'turns per year',
    direction: H,
    kind: KpiKind.LAGGING,
    frequency: M,
    owner: 'ben.carter@demo.test',
    unit: 'Finance',
    target: 5.0,
    step: 0.1,
    amber: 0.4,
    red: 1.0,
    from: 4.4,
    to: 4.0,
    noise: 0.06,
    decimals: 2,
    staleDays: 70,
    notes: { 0: 'Manual calculation; to be automated with the ERP feed.' },
  },
  {
    name: 'Service contract gross margin',
    description: 'Gross margin across all active service and uptime contracts, after field labour, parts and monitoring costs.',
    uom: '%',
    direction: H,
    kind: KpiKind.LAGGING,
    frequency: M,
    owner: 'ben.carter@demo.test',
    unit: 'Finance',
    target: 40,
    step: 0.5,
    amber: 2,
    red: 5,
    from: 38.5,
    to: 36.2,
    noise: 0.35,
    decimals: 1,
    expect: Health.AT_RISK,
  },
  {
    name: 'Share of new contract value priced on outcomes',
    description: 'Share of newly signed service contract value priced on delivered availability rather than time and materials.',
    uom: '% of new contract value',
    direction: H,
    kind: KpiKind.LEADING,
    frequency: M,
    owner: 'hannah.vogel@demo.test',
    unit: 'Pricing',
    target: 10,
    step: 2,
    targetMin: 1,
    amber: 0.2,
    red: 0.5,
    ratioBands: true,
    from: 0,
    to: 3.8,
    shape: 'late',
    noise: 0.3,
    decimals: 1,
    min: 0,
  },
  {
    name: 'Price realisation on service contracts',
    description: 'Average achieved price on service contracts as a share of list price.',
    uom: '% of list price',
    direction: H,
    kind: KpiKind.LAGGING,
    frequency: M,
    owner: 'hannah.vogel@demo.test',
    unit: 'Pricing',
    target: 93,
    step: 0.25,
    amber: 1.5,
    red: 4,
    from: 91,
    to: 94,
    noise: 0.4,
    decimals: 1,
    expect: Health.ON_TRACK,
  },
  {
    name: 'Average discount on equipment deals',
    description: 'Average discount from list price on equipment orders, weighted by order value.',
    uom: '% off list',
    direction: L,
    kind: KpiKind.LAGGING,
    frequency: M,
    owner: 'hannah.vogel@demo.test',
    unit: 'Pricing',
    target: 12,
    step: -0.5,
    amber: 2,
    red: 5,
    from: 14.5,
    to: 16.0,
    noise: 0.3,
    decimals: 1,
    expect: Health.AT_RISK,
  },
  // Sales -------------------------------------------------------------------
  {
    name: 'Qualified pipeline value',
    description: 'Value of qualified opportunities (equipment and service) expected to close within two quarters.',
    uom: 'EUR million',
    direction: H,
    kind: KpiKind.LEADING,
    frequency: W,
    owner: 'sales.head@demo.test',
    unit: 'Sales',
    target: 34,
    step: 0.5,
    amber: 2,
    red: 5,
    from: 31,
    to: 36.5,
    noise: 0.8,
    decimals: 1,
    source: { name: 'CRM' },
    expect: Health.ON_TRACK,
  },
  {
    name: 'Sales cycle length',
    description: 'Median days from qualified opportunity to signed order. Service deals take longer than equipment deals.',
    uom: 'days',
    direction: L,
    kind: KpiKind.LAGGING,
    frequency: M,
    owner: 'sales.head@demo.test',
    unit: 'Sales',
    target: 95,
    step: -2,
    amber: 10,
    red: 25,
    from: 96,
    to: 112,
    noise: 2,
    decimals: 0,
    expect: Health.AT_RISK,
  },
  {
    name: 'Share of sales compensation tied to recurring revenue',
    description:
      'Share of variable sales pay earned on recurring revenue and retention rather than equipment volume. Leading indicator of whether the sales team is paid to sell the strategy.',
    uom: '% of variable pay',
    direction: H,
    kind: KpiKind.LEADING,
    frequency: M,
    owner: 'sales.head@demo.test',
    unit: 'Sales',
    exec: false,
    target: 20,
    step: 4,
    targetMin: 2,
    amber: 0.25,
    red: 0.5,
    ratioBands: true,
    from: 0,
    to: 1.5,
    noise: 0.25,
    decimals: 1,
    min: 0,
    notes: { 0: 'Old commission plan still in force; the redesign is not approved yet.' },
    expect: Health.OFF_TRACK,
  },
  {
    name: 'Uptime contracts signed',
    description: 'New uptime-as-a-service contracts signed in the month.',
    uom: 'contracts per month',
    direction: H,
    kind: KpiKind.LEADING,
    frequency: M,
    owner: 'sales.head@demo.test',
    unit: 'Sales',
    target: 5,
    step: 1,
    targetMin: 1,
    amber: 0.2,
    red: 0.5,
    ratioBands: true,
    from: 0,
    to: 2,
    noise: 0.5,
    decimals: 0,
    min: 0,
    notes: { 0: 'Two pilots converted; three proposals still in customers’ legal review.' },
  },
  {
    name: 'Equipment order intake',
    description: 'Value of equipment orders received in the month. The old business is healthy; that is part of the problem.',
    uom: 'EUR million per month',
    direction: H,
    kind: KpiKind.LAGGING,
    frequency: M,
    owner: 'sales.head@demo.test',
    unit: 'Sales',
    target: 12,
    step: 0,
    amber: 0.8,
    red: 2,
    from: 11.8,
    to: 12.8,
    noise: 0.35,
    decimals: 1,
    expect: Health.ON_TRACK,
  },
  {
    name: 'Customer acquisition cost',
    description: 'Sales and marketing cost per new customer (equipment or service), trailing three months.',
    uom: 'EUR thousand per new customer',
    direction: L,
    kind: KpiKind.LAGGING,
    frequency: M,
    owner: 'priya.shah@demo.test',
    unit: 'Sales',
    target: 38,
    step: -0.5,
    amber: 5,
    red: 12,
    from: 41,
    to: 47,
    noise: 0.8,
    decimals: 1,
    expect: Health.AT_RISK,
  },
  {
    name: 'Key-account service attach rate',
    description: 'Share of key-account equipment orders that include a service or uptime contract.',
    uom: '% of orders',
    direction: H,
    kind: KpiKind.LEADING,
    frequency: M,
    owner: 'claire.dubois@demo.test',
    unit: 'Key Accounts',
    target: 40,
    step: 2,
    amber: 5,
    red: 10,
    from: 22,
    to: 26.5,
    noise: 0.8,
    decimals: 0,
    expect: Health.OFF_TRACK,
  },
  {
    name: 'Key accounts with an uptime proposal',
    description: 'Number of the top 20 accounts that have been presented an uptime proposal based on their own fleet.',
    uom: 'accounts',
    direction: H,
    kind: KpiKind.LEADING,
    frequency: M,
    owner: 'claire.dubois@demo.test',
    unit: 'Key Accounts',
    target: 14,
    step: 3,
    targetMin: 1,
    amber: 0.15,
    red: 0.35,
    ratioBands: true,
    from: 0,
    to: 11,
    noise: 0,
    decimals: 0,
  },
  {
    name: 'Inside-sales win rate',
    description: 'Share of qualified inside-sales opportunities won.',
    uom: '%',
    direction: H,
    kind: KpiKind.LAGGING,
    frequency: M,
    owner: 'daniel.kim@demo.test',
    unit: 'Inside Sales',
    target: 25,
    step: 0.5,
    amber: 2,
    red: 5,
    from: 24,
    to: 27.5,
    noise: 0.7,
    decimals: 1,
    expect: Health.ON_TRACK,
  },
  {
    name: 'Qualified leads',
    description: 'Leads qualified by inside sales in the week.',
    uom: 'leads per week',
    direction: H,
    kind: KpiKind.LEADING,
    frequency: W,
    owner: 'daniel.kim@demo.test',
    unit: 'Inside Sales',
    target: 42,
    step: 1,
    amber: 4,
    red: 10,
    from: 38,
    to: 47,
    noise: 2,
    decimals: 0,
    source: { name: 'CRM' },
    expect: Health.ON_TRACK,
  },
  {
    name: 'Service renewal quotes sent on time',
    description: 'Share of expiring service contracts that received a renewal quote at least 60 days before expiry.',
    uom: '% of expiring contracts',
    direction: H,
    kind: KpiKind.LEADING,
    frequency: W,
    owner: 'priya.shah@demo.test',
    unit: 'Inside Sales',
    target: 95,
    step: 0,
    amber: 7,
    red: 15,
    from: 82,
    to: 75,
    noise: 1.5,
    decimals: 0,
    max: 100,
    expect: Health.OFF_TRACK,
  },
  {
    name: DEMO_FACTS.vanityKpi,
    description: 'Followers across LinkedIn, Instagram and YouTube.',
    uom: 'followers',
    direction: H,
    kind: KpiKind.LAGGING,
    frequency: M,
    owner: 'lena.fischer@demo.test',
    unit: 'Sales',
    target: 14000,
    step: 800,
    amber: 700,
    red: 2000,
    from: 8400,
    to: 15100,
    shape: 'early',
    noise: 80,
    decimals: 0,
    expect: Health.ON_TRACK,
  },
  // Customer Success --------------------------------------------------------
  {
    name: 'Net revenue retention',
    description: 'Revenue this year from customers we had a year ago, as a share of their revenue then (expansion minus churn).',
    uom: '%',
    direction: H,
    kind: KpiKind.LAGGING,
    frequency: M,
    owner: 'olivia.bennett@demo.test',
    unit: 'Customer Success',
    exec: true,
    target: 102,
    step: 0.5,
    amber: 1,
    red: 3,
    from: 98.6,
    to: 101.8,
    noise: 0.2,
    decimals: 1,
    expect: Health.ON_TRACK,
  },
  {
    name: 'Contracted uptime delivered',
    description: 'Availability delivered on uptime contracts, weighted by contract value. The promise we sell.',
    uom: '% availability',
    direction: H,
    kind: KpiKind.LAGGING,
    frequency: M,
    owner: 'olivia.bennett@demo.test',
    unit: 'Customer Success',
    exec: true,
    target: 99.5,
    step: 0,
    amber: 0.3,
    red: 1.0,
    from: 98.9,
    to: 99.45,
    noise: 0.06,
    decimals: 2,
    max: 100,
    expect: Health.ON_TRACK,
  },
  {
    name: 'Gross revenue churn',
    description: 'Annualised recurring revenue lost to cancelled or downgraded service contracts.',
    uom: '% annualised',
    direction: L,
    kind: KpiKind.LAGGING,
    frequency: M,
    owner: 'olivia.bennett@demo.test',
    unit: 'Customer Success',
    target: 5.5,
    step: -0.25,
    amber: 0.5,
    red: 1.5,
    from: 6.2,
    to: 5.3,
    noise: 0.15,
    decimals: 1,
    expect: Health.ON_TRACK,
  },
  {
    name: 'Net Promoter Score',
    description: 'Relationship NPS from the rolling customer survey.',
    uom: 'points',
    direction: H,
    kind: KpiKind.LAGGING,
    frequency: M,
    owner: 'olivia.bennett@demo.test',
    unit: 'Customer Success',
    target: 40,
    step: 1,
    amber: 4,
    red: 10,
    from: 31,
    to: 33.5,
    noise: 1,
    decimals: 0,
    expect: Health.AT_RISK,
  },
  {
    name: 'Time to first uptime report',
    description: 'Days from signed uptime contract to the first availability report to the customer.',
    uom: 'days',
    direction: L,
    kind: KpiKind.LAGGING,
    frequency: M,
    owner: 'mateo.rossi@demo.test',
    unit: 'Onboarding',
    target: 30,
    step: -3,
    amber: 8,
    red: 20,
    from: 64,
    to: 44,
    noise: 1.5,
    decimals: 0,
    expect: Health.AT_RISK,
  },
  {
    name: 'Customers live on uptime monitoring',
    description: 'Customers with monitored pumps and an active uptime contract.',
    uom: 'customers',
    direction: H,
    kind: KpiKind.LEADING,
    frequency: M,
    owner: 'mateo.rossi@demo.test',
    unit: 'Onboarding',
    target: 15,
    step: 3,
    targetMin: 1,
    amber: 0.2,
    red: 0.5,
    ratioBands: true,
    from: 0,
    to: 9,
    noise: 0,
    decimals: 0,
    expect: Health.AT_RISK,
  },
  {
    name: 'Cost per service call',
    description: 'Field service cost per completed call, including travel, labour and parts logistics.',
    uom: 'EUR per call',
    direction: L,
    kind: KpiKind.LAGGING,
    frequency: M,
    owner: 'karin.holm@demo.test',
    unit: 'Field Service',
    target: 380,
    step: -5,
    amber: 30,
    red: 60,
    from: 412,
    to: 436,
    noise: 5,
    decimals: 0,
    staleDays: 95,
  },
  {
    name: 'Mean time to repair',
    description: 'Mean hours from fault report to pump back in service, across all service calls in the week.',
    uom: 'hours',
    direction: L,
    kind: KpiKind.LAGGING,
    frequency: W,
    owner: 'karin.holm@demo.test',
    unit: 'Field Service',
    target: 16,
    step: -0.5,
    amber: 2,
    red: 5,
    from: 19.5,
    to: 15.8,
    noise: 0.5,
    decimals: 1,
    expect: Health.ON_TRACK,
  },
  {
    name: 'First-time fix rate',
    description: 'Share of service calls resolved on the first visit.',
    uom: '% of calls',
    direction: H,
    kind: KpiKind.LAGGING,
    frequency: W,
    owner: 'samuel.osei@demo.test',
    unit: 'Field Service',
    target: 88,
    step: 1,
    amber: 4,
    red: 9,
    from: 78,
    to: 81.5,
    noise: 0.7,
    decimals: 0,
    expect: Health.AT_RISK,
  },
  {
    name: 'Field engineers certified for remote monitoring',
    description: 'Share of field engineers certified to diagnose monitored pumps remotely.',
    uom: '% of field engineers',
    direction: H,
    kind: KpiKind.LEADING,
    frequency: M,
    owner: 'karin.holm@demo.test',
    unit: 'Field Service',
    target: 60,
    step: 10,
    targetMin: 5,
    amber: 0.15,
    red: 0.45,
    ratioBands: true,
    from: 0,
    to: 40,
    noise: 0,
    decimals: 0,
    expect: Health.AT_RISK,
  },
  // Operations --------------------------------------------------------------
  {
    name: 'On-time delivery',
    description: 'Share of customer orders shipped complete on the confirmed date, by week.',
    uom: '% of orders',
    direction: H,
    kind: KpiKind.LAGGING,
    frequency: W,
    owner: 'ops.head@demo.test',
    unit: 'Operations',
    exec: true,
    target: 95,
    step: 0,
    amber: 3,
    red: 8,
    from: 91,
    to: 78,
    noise: 1.2,
    decimals: 1,
    max: 100,
    source: { name: 'ERP', sinceDays: ERP_LIVE_OPS },
    notes: { 0: 'Every late order this week was waiting for final QC.' },
    expect: Health.OFF_TRACK,
  },
  {
    name: 'Units shipped against plan',
    description: 'Pumps shipped in the month against the production plan. Assembly builds to plan; the gap is the final-QC queue.',
    uom: 'pumps per month',
    direction: H,
    kind: KpiKind.LAGGING,
    frequency: M,
    owner: 'ops.head@demo.test',
    unit: 'Operations',
    exec: true,
    target: 1150,
    step: 25,
    amber: 58,
    red: 138,
    from: 0.83,
    to: 0.8,
    relative: true,
    noise: 0.012,
    decimals: 0,
    source: { name: 'ERP', sinceDays: ERP_LIVE_OPS },
    notes: { 0: 'Assembly hit plan; about 230 finished pumps were still in the final-QC queue at month end.' },
    expect: Health.OFF_TRACK,
  },
  {
    name: 'Order backlog',
    description: 'Confirmed orders not yet shipped, in weeks of planned production.',
    uom: 'weeks of production',
    direction: L,
    kind: KpiKind.LAGGING,
    frequency: W,
    owner: 'ops.head@demo.test',
    unit: 'Operations',
    target: 6,
    step: 0,
    amber: 1.5,
    red: 3,
    from: 6.5,
    to: 9.8,
    noise: 0.15,
    decimals: 1,
    source: { name: 'ERP', sinceDays: ERP_LIVE_OPS },
    expect: Health.OFF_TRACK,
  },
  {
    name: 'Plant energy cost per pump',
    description: 'Electricity and gas cost of the plant divided by pumps built.',
    uom: 'EUR per pump',
    direction: L,
    kind: KpiKind.LAGGING,
    frequency: M,
    owner: 'erik.lund@demo.test',
    unit: 'Operations',
    target: 140,
    step: -2,
    amber: 6,
    red: 15,
    from: 148,
    to: 138,
    noise: 1.5,
    decimals: 0,
    expect: Health.ON_TRACK,
  },
  {
    name: 'Assembly output',
    description: 'Pumps completed by assembly and handed to final QC in the week.',
    uom: 'pumps per week',
    direction: H,
    kind: KpiKind.LAGGING,
    frequency: W,
    owner: 'piotr.nowak@demo.test',
    unit: 'Assembly',
    target: 265,
    step: 2,
    amber: 10,
    red: 25,
    from: 262,
    to: 276,
    noise: 3,
    decimals: 0,
    source: { name: 'ERP', sinceDays: ERP_LIVE_OPS },
    expect: Health.ON_TRACK,
  },
  {
    name: 'Assembly line OEE',
    description: 'Overall equipment effectiveness of the two assembly lines (availability × performance × quality).',
    uom: '%',
    direction: H,
    kind: KpiKind.LAGGING,
    frequency: W,
    owner: 'piotr.nowak@demo.test',
    unit: 'Assembly',
    target: 78,
    step: 0.5,
    amber: 3,
    red: 7,
    from: 74,
    to: 79.5,
    noise: 0.7,
    decimals: 1,
    expect: Health.ON_TRACK,
  },
  {
    name: 'Lost-time injury frequency rate',
    description: 'Lost-time injuries per million hours worked in the plant, trailing twelve months.',
    uom: 'per million hours',
    direction: L,
    kind: KpiKind.LAGGING,
    frequency: M,
    owner: 'piotr.nowak@demo.test',
    unit: 'Assembly',
    target: 3.0,
    step: -0.2,
    amber: 0.8,
    red: 2,
    from: 4.2,
    to: 2.8,
    noise: 0.12,
    decimals: 1,
    min: 0,
    expect: Health.ON_TRACK,
  },
  {
    name: 'Final-QC first-pass yield',
    description: 'Share of pumps passing final test at the first attempt. Every re-test takes a slot at the only final-QC station.',
    uom: '% of pumps tested',
    direction: H,
    kind: KpiKind.LAGGING,
    frequency: W,
    owner: 'analyst@demo.test',
    unit: 'Quality Control',
    exec: true,
    target: 95,
    step: 0,
    amber: 3,
    red: 7,
    from: 93.6,
    to: 84.2,
    shape: 'late',
    noise: 0.4,
    decimals: 1,
    declineTail: 4,
    notes: { 0: 'Re-tests up on the larger pump family (seal leaks at pressure test).', 6: 'Bench 1 recalibrated; no change in yield.' },
    expect: Health.OFF_TRACK,
  },
  {
    name: 'QC queue length',
    description: 'Finished pumps waiting for final test at the end of the week. Leading indicator of late deliveries.',
    uom: 'pumps waiting',
    direction: L,
    kind: KpiKind.LEADING,
    frequency: W,
    owner: 'analyst@demo.test',
    unit: 'Quality Control',
    target: 20,
    step: 0,
    amber: 5,
    red: 15,
    from: 14,
    to: 58,
    shape: 'late',
    noise: 1.5,
    decimals: 0,
    declineTail: 4,
    min: 0,
    source: { name: 'ERP', sinceDays: ERP_LIVE_OPS },
    notes: { 0: 'Queue peaks on Thursdays; the second test bench is still not delivered.' },
    expect: Health.OFF_TRACK,
  },
  {
    name: 'Final-QC throughput',
    description: 'Pumps through final test in the week, re-tests excluded.',
    uom: 'pumps per week',
    direction: H,
    kind: KpiKind.LAGGING,
    frequency: W,
    owner: 'aisha.rahman@demo.test',
    unit: 'Quality Control',
    target: 265,
    step: 2,
    amber: 10,
    red: 25,
    from: 248,
    to: 221,
    noise: 2.5,
    decimals: 0,
    source: { name: 'ERP', sinceDays: ERP_LIVE_OPS },
    expect: Health.OFF_TRACK,
  },
  {
    name: 'Warranty claims rate',
    description: 'Warranty claims in the month per hundred pumps shipped in the last twelve months.',
    uom: '% of pumps shipped',
    direction: L,
    kind: KpiKind.LAGGING,
    frequency: M,
    owner: 'aisha.rahman@demo.test',
    unit: 'Quality Control',
    target: 2.0,
    step: -0.05,
    amber: 0.3,
    red: 0.8,
    from: 2.1,
    to: 1.8,
    noise: 0.06,
    decimals: 2,
    expect: Health.ON_TRACK,
  },
  {
    name: 'Test-bench data captured automatically',
    description: 'Share of final-test results captured directly from the bench rather than typed from paper.',
    uom: '% of tests',
    direction: H,
    kind: KpiKind.LEADING,
    frequency: M,
    owner: 'analyst@demo.test',
    unit: 'Quality Control',
    target: 50,
    step: 15,
    targetMin: 5,
    amber: 0.2,
    red: 0.5,
    ratioBands: true,
    from: 0,
    to: 35,
    shape: 'late',
    noise: 0,
    decimals: 0,
  },
  {
    name: 'Supplier on-time delivery',
    description: 'Share of purchase-order lines from production suppliers received on the confirmed date.',
    uom: '% of PO lines',
    direction: H,
    kind: KpiKind.LAGGING,
    frequency: W,
    owner: 'sofia.marquez@demo.test',
    unit: 'Supply Chain',
    target: 93,
    step: 0.5,
    amber: 3,
    red: 8,
    from: 88,
    to: 91,
    noise: 0.9,
    decimals: 1,
    staleDays: 40,
    notes: { 0: 'Last manual update before the supplier-portal changeover.' },
  },
  {
    name: 'Line stops for missing components',
    description: 'Assembly hours lost in the week because a component was missing at the line.',
    uom: 'hours per week',
    direction: L,
    kind: KpiKind.LEADING,
    frequency: W,
    owner: 'sofia.marquez@demo.test',
    unit: 'Supply Chain',
    target: 6,
    step: -0.5,
    amber: 3,
    red: 8,
    from: 14,
    to: 5.5,
    noise: 0.8,
    decimals: 1,
    min: 0,
    source: { name: 'ERP', sinceDays: ERP_LIVE_OPS },
    expect: Health.ON_TRACK,
  },
  // People ------------------------------------------------------------------
  {
    name: 'Service-skill training completion',
    description: 'Share of field engineers and support staff who completed the uptime-service curriculum of the service academy.',
    uom: '% of target staff',
    direction: H,
    kind: KpiKind.LEADING,
    frequency: M,
    owner: 'felix.wagner@demo.test',
    unit: 'People',
    target: 60,
    step: 12,
    targetMin: 5,
    amber: 0.15,
    red: 0.4,
    ratioBands: true,
    from: 0,
    to: 34,
    noise: 0,
    decimals: 0,
    staleDays: 125,
    notes: { 0: 'Export from the learning platform broken since the migration; figures to follow.' },
  },
  {
    name: 'Regretted attrition',
    description: 'Voluntary leavers we wanted to keep, annualised, as a share of headcount.',
    uom: '% annualised',
    direction: L,
    kind: KpiKind.LAGGING,
    frequency: M,
    owner: 'ruth.adeyemi@demo.test',
    unit: 'People',
    target: 7,
    step: -0.2,
    amber: 1,
    red: 3,
    from: 7.8,
    to: 6.4,
    noise: 0.15,
    decimals: 1,
    expect: Health.ON_TRACK,
  },
  {
    name: 'Time to hire service engineers',
    description: 'Median days from approved requisition to signed offer for field and remote service engineers.',
    uom: 'days',
    direction: L,
    kind: KpiKind.LAGGING,
    frequency: M,
    owner: 'ruth.adeyemi@demo.test',
    unit: 'People',
    target: 55,
    step: -3,
    amber: 10,
    red: 25,
    from: 74,
    to: 75,
    noise: 1.5,
    decimals: 0,
    expect: Health.AT_RISK,
  },
  {
    name: 'Employee engagement (eNPS)',
    description: 'Employee net promoter score from the monthly pulse survey.',
    uom: 'points',
    direction: H,
    kind: KpiKind.LAGGING,
    frequency: M,
    owner: 'ruth.adeyemi@demo.test',
    unit: 'People',
    target: 15,
    step: 1,
    amber: 5,
    red: 10,
    from: 12,
    to: 16,
    noise: 1,
    decimals: 0,
    expect: Health.ON_TRACK,
  },
  // Corporate Development (restricted) ---------------------------------------
  {
    name: 'Acquisition targets screened',
    description: 'Sensor and monitoring companies screened against the acquisition criteria since the search began.',
    uom: 'companies',
    direction: H,
    kind: KpiKind.LEADING,
    frequency: M,
    owner: 'victor.lang@demo.test',
    unit: DEMO_FACTS.restrictedUnit,
    target: 16,
    step: 3,
    targetMin: 2,
    amber: 0.2,
    red: 0.4,
    ratioBands: true,
    from: 2,
    to: 17,
    noise: 0,
    decimals: 0,
    expect: Health.ON_TRACK,
  },
  {
    name: 'Due-diligence workstreams closed',
    description:
      'Share of the nine due-diligence workstreams (technology, IP, commercial, financial, tax, legal, HR, IT, integration) closed with a written finding.',
    uom: '% of workstreams',
    direction: H,
    kind: KpiKind.LEADING,
    frequency: M,
    owner: 'elena.marsh@demo.test',
    unit: DEMO_FACTS.restrictedUnit,
    target: 75,
    step: 0,
    amber: 0.15,
    red: 0.4,
    ratioBands: true,
    from: 0,
    to: 58,
    noise: 0,
    decimals: 0,
    sinceDays: 170,
    createdDaysAgo: 190,
    notes: { 0: 'Commercial and financial workstreams waiting for the target’s customer contracts.' },
    expect: Health.AT_RISK,
  },
];

// ---------------------------------------------------------------------------
// Initiatives and milestones
// ---------------------------------------------------------------------------

interface MilestoneSpec {
  title: string;
  /** Due date, in days from now. */
  due: number;
  /** Completed: true (around the due date) or a number of days after the due date. Omitted: not completed. */
  done?: true | number;
}

interface InitiativeSpec {
  title: string;
  description: string;
  owner: string;
  unit: string;
  status: InitiativeStatus;
  start: number;
  end: number;
  budget: number;
  capacity: number;
  objectives: string[];
  kpis: string[];
  milestones: MilestoneSpec[];
  createdDaysAgo?: number;
}

const A = InitiativeStatus.ACTIVE;

const INITIATIVES: InitiativeSpec[] = [
  {
    title: 'Uptime-as-a-Service pilot with five customers',
    description:
      'Five customers from the installed base run monitored pumps under an availability contract for twelve months. Proves the offer, the price and the service model before general launch.',
    owner: 'olivia.bennett@demo.test',
    unit: 'Customer Success',
    status: A,
    start: -300,
    end: 90,
    budget: 850_000,
    capacity: 4,
    objectives: ['C1', 'CS1'],
    kpis: ['Uptime contracts signed', 'Contracted uptime delivered', 'Recurring service revenue share', 'Customers live on uptime monitoring'],
    milestones: [
      { title: 'Five pilot customers selected and letters of intent signed', due: -270, done: true },
      { title: 'Monitoring installed at the first pilot site', due: -200, done: 12 },
      { title: 'All five pilot contracts signed', due: -60 },
      { title: 'First quarterly uptime report to pilot customers', due: -20, done: true },
      { title: 'Pilot evaluation and go/no-go for general launch', due: 75 },
    ],
  },
  {
    title: 'Second final-QC station',
    description:
      'A second final-test bench with two trained inspectors next to station 1. The one targeted fix that closes the production gap: final QC, not assembly, limits output.',
    owner: 'aisha.rahman@demo.test',
    unit: 'Quality Control',
    status: A,
    start: -240,
    end: 60,
    budget: 380_000,
    capacity: 3,
    objectives: ['QC0', 'QC3', 'OPS1'],
    kpis: ['QC queue length', 'Final-QC throughput', 'Units shipped against plan', 'On-time delivery'],
    milestones: [
      { title: 'Business case approved', due: -230, done: true },
      { title: 'Test bench and fixtures ordered', due: -170, done: true },
      { title: 'Floor space cleared next to station 1', due: -110, done: 18 },
      { title: 'Test bench delivered and installed', due: -35 },
      { title: 'Two additional inspectors trained', due: 20 },
      { title: 'Station 2 testing pumps in production', due: 55 },
    ],
  },
  {
    title: DEMO_FACTS.behindScheduleInitiative,
    description:
      'A new sales compensation plan that pays for recurring revenue and retention instead of equipment volume, agreed with the works council and live for the next sales year.',
    owner: 'ruth.adeyemi@demo.test',
    unit: 'People',
    status: A,
    start: -270,
    end: -15,
    budget: 120_000,
    capacity: 1.5,
    objectives: ['PPL2', 'SAL2'],
    kpis: ['Share of sales compensation tied to recurring revenue'],
    milestones: [
      { title: 'Design principles agreed with the leadership team', due: -240, done: 35 },
      { title: 'New plan modelled on last year’s deals', due: -150 },
      { title: 'Works council consulted', due: -90 },
      { title: 'Plan documents and commission calculator ready', due: -30 },
      { title: 'New plan live', due: 45 },
    ],
  },
  {
    title: 'Customer success team build-out',
    description: 'Hire and onboard the customer success managers the uptime model needs, with a health score per customer and a renewal playbook.',
    owner: 'olivia.bennett@demo.test',
    unit: 'Customer Success',
    status: A,
    start: -330,
    end: 120,
    budget: 1_200_000,
    capacity: 3,
    objectives: ['CS2'],
    kpis: ['Time to hire service engineers', 'Net revenue retention', 'Customers live on uptime monitoring'],
    milestones: [
      { title: 'Customer success operating model approved', due: -300, done: true },
      { title: 'Onboarding lead hired', due: -220, done: true },
      { title: 'Four customer success managers hired', due: -80 },
      { title: 'Customer health score live in the CRM', due: -10, done: true },
      { title: 'Renewal playbook rolled out', due: 60 },
    ],
  },
  {
    title: 'IoT sensor retrofit of the installed base',
    description:
      'Retrofit kits (vibration, temperature, pressure) for the three best-selling pump families, built in Assembly and fitted by Field Service. Monitoring is the precondition of every uptime contract.',
    owner: 'ops.head@demo.test',
    unit: 'Operations',
    status: A,
    start: -200,
    end: 300,
    budget: 2_400_000,
    capacity: 4,
    objectives: ['C1', 'CS1'],
    kpis: ['Customers live on uptime monitoring', 'Contracted uptime delivered'],
    milestones: [
      { title: 'Retrofit kit design frozen', due: -150, done: true },
      { title: 'First 50 pumps retrofitted', due: -45, done: 10 },
      { title: '500 pumps retrofitted', due: 120 },
      { title: 'Retrofit offered to all key accounts', due: 200 },
    ],
  },
  {
    title: 'Outcome-based pricing model',
    description: 'Cost-to-serve model per pump family and an availability-based price book with risk-sharing terms, in the quoting tool.',
    owner: 'hannah.vogel@demo.test',
    unit: 'Pricing',
    status: A,
    start: -210,
    end: 90,
    budget: 180_000,
    capacity: 2,
    objectives: ['P2', 'FIN2', 'PRC1'],
    kpis: ['Share of new contract value priced on outcomes', 'Price realisation on service contracts'],
    milestones: [
      { title: 'Uptime cost model per pump family', due: -150, done: true },
      { title: 'Risk-sharing terms agreed with Legal', due: -70, done: 9 },
      { title: 'Outcome price book approved by the CFO', due: -12 },
      { title: 'Price book in the quoting tool', due: 40 },
    ],
  },
  {
    title: DEMO_FACTS.initiativeWithoutKpi,
    description: 'Nightly feed of production, shipping and finance figures from the ERP into Throughline, so KPI owners stop typing numbers from reports.',
    owner: 'nadia.okafor@demo.test',
    unit: COMPANY,
    status: A,
    start: -300,
    end: -170,
    budget: 95_000,
    capacity: 1,
    objectives: ['P1'],
    kpis: [],
    milestones: [
      { title: 'Production and shipping KPIs mapped to ERP fields', due: -280, done: true },
      { title: 'Nightly feed live for Operations KPIs', due: -205, done: 5 },
      { title: 'Finance KPIs on the feed', due: -178, done: 3 },
    ],
  },
  {
    title: DEMO_FACTS.orphanInitiative,
    description: 'New visual identity for our social channels, a video series of pumps in action and an influencer campaign.',
    owner: 'lena.fischer@demo.test',
    unit: 'Sales',
    status: A,
    start: -120,
    end: 60,
    budget: 60_000,
    capacity: 1,
    objectives: [],
    kpis: [DEMO_FACTS.vanityKpi],
    milestones: [
      { title: 'New visual identity for social channels', due: -90, done: true },
      { title: 'Video series: pumps in action', due: -30, done: true },
      { title: 'Influencer campaign', due: 30 },
    ],
  },
  {
    title: 'Sensor start-up due diligence',
    description:
      'Due diligence on the acquisition of a sensor start-up whose wireless vibration sensors could replace our retrofit kit: technology, IP, commercial, financial and integration workstreams.',
    owner: 'elena.marsh@demo.test',
    unit: DEMO_FACTS.restrictedUnit,
    status: A,
    start: -180,
    end: 45,
    budget: 350_000,
    capacity: 2,
    objectives: ['CD1'],
    kpis: ['Due-diligence workstreams closed'],
    createdDaysAgo: 190,
    milestones: [
      { title: 'Non-disclosure agreement signed and data room opened', due: -170, done: true },
      { title: 'Technology assessment of the sensor platform', due: -90, done: true },
      { title: 'Commercial and financial due diligence', due: -14 },
      { title: 'Recommendation to the investment committee', due: 40 },
    ],
  },
  {
    title: 'Integration options for the sensor start-up',
    description: 'If the acquisition goes ahead: options for integrating the start-up’s team and sensor platform with the retrofit programme.',
    owner: 'victor.lang@demo.test',
    unit: DEMO_FACTS.restrictedUnit,
    status: InitiativeStatus.PROPOSED,
    start: 45,
    end: 200,
    budget: 40_000,
    capacity: 0.5,
    objectives: ['CD1'],
    kpis: ['Due-diligence workstreams closed'],
    createdDaysAgo: 60,
    milestones: [
      { title: 'Integration scenarios drafted', due: 60 },
      { title: 'Day-one plan', due: 150 },
    ],
  },
  {
    title: 'Assembly line rebalancing',
    description:
      'Re-sequence stations and introduce kanban for sub-assemblies to raise assembly output. Busy and on schedule, but shipped units are capped by final QC.',
    owner: 'piotr.nowak@demo.test',
    unit: 'Assembly',
    status: A,
    start: -260,
    end: 30,
    budget: 150_000,
    capacity: 2,
    objectives: ['ASM1', 'OPS1'],
    kpis: ['Assembly output', 'Units shipped against plan'],
    milestones: [
      { title: 'Takt-time study of both lines', due: -230, done: true },
      { title: 'Stations 3–5 re-sequenced', due: -150, done: true },
      { title: 'Kanban for sub-assemblies', due: -60, done: true },
      { title: 'Second-shift pilot on line 2', due: 20 },
    ],
  },
  {
    title: 'Castings supplier consolidation',
    description: 'Move pump-housing castings from five suppliers to two qualified ones with framework contracts.',
    owner: 'sofia.marquez@demo.test',
    unit: 'Supply Chain',
    status: A,
    start: -220,
    end: 100,
    budget: 60_000,
    capacity: 1.5,
    objectives: ['SC1'],
    kpis: ['Supplier on-time delivery', 'Line stops for missing components'],
    milestones: [
      { title: 'Supplier shortlist', due: -190, done: true },
      { title: 'Dual-source qualification of pump housings', due: -40 },
      { title: 'Framework contracts signed', due: 80 },
    ],
  },
  {
    title: 'Final-QC test automation',
    description: 'Capture test results straight from the benches and show yield by cause the same day.',
    owner: 'analyst@demo.test',
    unit: 'Quality Control',
    status: A,
    start: -180,
    end: 120,
    budget: 210_000,
    capacity: 1.5,
    objectives: ['QC4', 'OPS2'],
    kpis: ['Test-bench data captured automatically', 'Final-QC first-pass yield'],
    milestones: [
      { title: 'Test-bench data model agreed', due: -150, done: true },
      { title: 'Automatic capture on bench 1', due: -50, done: 4 },
      { title: 'Yield-by-cause dashboard from bench data', due: 25 },
      { title: 'Bench 2 connected', due: 110 },
    ],
  },
  {
    title: 'Cross-training operators for final QC',
    description: 'Certify six assembly operators to run final tests at peak times.',
    owner: 'aisha.rahman@demo.test',
    unit: 'Quality Control',
    status: InitiativeStatus.PROPOSED,
    start: 20,
    end: 140,
    budget: 45_000,
    capacity: 1,
    objectives: ['QC0'],
    kpis: ['QC queue length', 'Final-QC throughput'],
    milestones: [
      { title: 'Training plan agreed with the works council', due: 35 },
      { title: 'Six operators certified', due: 130 },
    ],
  },
  {
    title: 'Predictive maintenance on machining centres',
    description: 'Vibration monitoring and a failure model for the three machining centres that feed assembly.',
    owner: 'piotr.nowak@demo.test',
    unit: 'Assembly',
    status: A,
    start: -330,
    end: 60,
    budget: 280_000,
    capacity: 1,
    objectives: ['OPS3'],
    kpis: ['Assembly line OEE'],
    milestones: [
      { title: 'Vibration sensors on three machining centres', due: -260, done: true },
      { title: 'Failure model trained on a year of data', due: -130 },
      { title: 'Maintenance plan driven by the model', due: 50 },
    ],
  },
  {
    title: 'Warehouse management system upgrade',
    description: 'New warehouse management system for the central warehouse and line-side stores.',
    owner: 'sofia.marquez@demo.test',
    unit: 'Supply Chain',
    status: A,
    start: -390,
    end: -100,
    budget: 340_000,
    capacity: 1.5,
    objectives: ['SC1'],
    kpis: ['Line stops for missing components'],
    milestones: [
      { title: 'Warehouse system vendor selected', due: -350, done: true },
      { title: 'Go-live in the central warehouse', due: -110, done: 3 },
      { title: 'Scanners rolled out to line-side stores', due: -100, done: true },
    ],
  },
  {
    title: 'Uptime proposals for the top 20 key accounts',
    description: 'An uptime proposal for each of the top 20 accounts, built from an analysis of its own installed base and failure history.',
    owner: 'claire.dubois@demo.test',
    unit: 'Key Accounts',
    status: A,
    start: -240,
    end: 90,
    budget: 90_000,
    capacity: 2,
    objectives: ['KA1', 'C1'],
    kpis: ['Key accounts with an uptime proposal', 'Key-account service attach rate', 'Uptime contracts signed'],
    milestones: [
      { title: 'Installed-base analysis for the top 20 accounts', due: -200, done: true },
      { title: 'First ten proposals presented', due: -60, done: 21 },
      { title: 'All twenty proposals presented', due: 60 },
    ],
  },
  {
    title: 'Service attach playbook for inside sales',
    description: 'Scripts, quote templates and objection handling so that every inside-sales quote carries a service option.',
    owner: 'daniel.kim@demo.test',
    unit: 'Inside Sales',
    status: A,
    start: -150,
    end: 30,
    budget: 25_000,
    capacity: 1,
    objectives: ['IS1'],
    kpis: ['Inside-sales win rate', 'Service renewal quotes sent on time'],
    milestones: [
      { title: 'Playbook drafted', due: -120, done: true },
      { title: 'Inside-sales team trained', due: -75, done: true },
      { title: 'Service options in every quote template', due: -20 },
    ],
  },
  {
    title: 'CRM pipeline stages for service deals',
    description: 'Separate pipeline stages and forecasting for service and uptime deals in the CRM.',
    owner: 'priya.shah@demo.test',
    unit: 'Sales',
    status: A,
    start: -330,
    end: -210,
    budget: 40_000,
    capacity: 0.5,
    objectives: ['SAL1'],
    kpis: ['Qualified pipeline value', 'Sales cycle length'],
    milestones: [
      { title: 'Service deal stages defined', due: -300, done: true },
      { title: 'Forecast report for service deals', due: -215, done: true },
    ],
  },
  {
    title: 'Uptime onboarding playbook',
    description: 'A standard path from signed contract to first uptime report: site survey, sensor installation, baseline, reporting.',
    owner: 'mateo.rossi@demo.test',
    unit: 'Onboarding',
    status: A,
    start: -200,
    end: 40,
    budget: 70_000,
    capacity: 1.5,
    objectives: ['ONB1'],
    kpis: ['Time to first uptime report', 'Customers live on uptime monitoring'],
    milestones: [
      { title: 'Onboarding checklist per pump family', due: -160, done: true },
      { title: 'Standard first uptime report', due: -90, done: true },
      { title: 'Three consecutive customers onboarded in under 30 days', due: 30 },
    ],
  },
  {
    title: 'Remote monitoring centre',
    description: 'A staffed centre that watches monitored pumps and dispatches engineers before a failure stops the customer.',
    owner: 'karin.holm@demo.test',
    unit: 'Field Service',
    status: InitiativeStatus.PROPOSED,
    start: 60,
    end: 330,
    budget: 650_000,
    capacity: 1,
    objectives: ['CS1', 'C1'],
    kpis: ['Contracted uptime delivered', 'Mean time to repair'],
    milestones: [
      { title: 'Business case to the leadership team', due: 30 },
      { title: 'Centre staffed for office hours', due: 200 },
    ],
  },
  {
    title: 'Field service scheduling tool',
    description: 'Dispatch by skill, location and parts availability instead of by spreadsheet.',
    owner: 'karin.holm@demo.test',
    unit: 'Field Service',
    status: A,
    start: -170,
    end: 20,
    budget: 130_000,
    capacity: 1.5,
    objectives: ['FS1'],
    kpis: ['Mean time to repair', 'First-time fix rate', 'Cost per service call'],
    milestones: [
      { title: 'Scheduling tool selected', due: -140, done: true },
      { title: 'Dispatch moved to the new tool', due: -45, done: true },
      { title: 'Parts availability in the dispatch view', due: -8 },
    ],
  },
  {
    title: 'Van stock optimisation for spare parts',
    description: 'Standard van stock per region based on failure statistics.',
    owner: 'samuel.osei@demo.test',
    unit: 'Field Service',
    status: A,
    start: -380,
    end: -200,
    budget: 35_000,
    capacity: 0.5,
    objectives: ['FS1'],
    kpis: ['First-time fix rate'],
    milestones: [
      { title: 'Failure statistics per region', due: -330, done: true },
      { title: 'New van stock in all regions', due: -210, done: true },
    ],
  },
  {
    title: 'Service academy for field engineers',
    description: 'A curriculum for uptime-service roles: remote diagnostics, customer reporting, contract basics. Two cohorts a year.',
    owner: 'felix.wagner@demo.test',
    unit: 'People',
    status: A,
    start: -250,
    end: 180,
    budget: 320_000,
    capacity: 2,
    objectives: ['PPL1', 'L1'],
    kpis: ['Service-skill training completion', 'Field engineers certified for remote monitoring'],
    milestones: [
      { title: 'Curriculum for uptime-service roles', due: -210, done: true },
      { title: 'First cohort of 24 engineers', due: -120, done: true },
      { title: 'Remote-diagnostics module', due: -40 },
      { title: 'Second cohort', due: 50 },
    ],
  },
  {
    title: 'Service engineer recruitment drive',
    description: 'Employer campaign and referral bonus to hire twenty field and remote service engineers.',
    owner: 'ruth.adeyemi@demo.test',
    unit: 'People',
    status: A,
    start: -200,
    end: 100,
    budget: 160_000,
    capacity: 1,
    objectives: ['CS2', 'PPL1'],
    kpis: ['Time to hire service engineers'],
    milestones: [
      { title: 'Employer campaign for technicians launched', due: -170, done: true },
      { title: 'Twelve service engineers hired', due: -30 },
      { title: 'Twenty service engineers hired', due: 90 },
    ],
  },
  {
    title: 'Service contract margin tracking',
    description: 'Cost allocation rules and a monthly margin report per service contract, with alerts for loss-making contracts.',
    owner: 'ben.carter@demo.test',
    unit: 'Finance',
    status: A,
    start: -160,
    end: 20,
    budget: 50_000,
    capacity: 1,
    objectives: ['FIN1', 'F2'],
    kpis: ['Service contract gross margin'],
    milestones: [
      { title: 'Cost allocation rules for service contracts', due: -120, done: true },
      { title: 'Monthly margin report per contract', due: -30, done: true },
      { title: 'Alerts for loss-making contracts', due: 15 },
    ],
  },
  {
    title: 'Discount approval matrix for equipment deals',
    description: 'Approval levels for equipment discounts, enforced in the quoting tool.',
    owner: 'hannah.vogel@demo.test',
    unit: 'Pricing',
    status: A,
    start: -100,
    end: 30,
    budget: 15_000,
    capacity: 0.5,
    objectives: ['PRC1', 'F2'],
    kpis: ['Average discount on equipment deals', 'Gross margin'],
    milestones: [
      { title: 'Approval matrix agreed with Sales', due: -70, done: true },
      { title: 'Matrix enforced in the quoting tool', due: 10 },
    ],
  },
  {
    title: 'Working capital programme',
    description: 'Shorter payment terms, dunning and inventory reduction to free cash for the service build-out.',
    owner: 'ben.carter@demo.test',
    unit: 'Finance',
    status: A,
    start: -400,
    end: -150,
    budget: 80_000,
    capacity: 1,
    objectives: ['F2', 'FIN1'],
    kpis: ['Days sales outstanding', 'Inventory turns'],
    milestones: [
      { title: 'Standard payment terms for new contracts', due: -340, done: true },
      { title: 'Dunning process automated', due: -200, done: true },
    ],
  },
  {
    title: 'Sales and operations planning reboot',
    description: 'A monthly S&OP cycle that plans production against the real constraint and includes retrofit demand.',
    owner: 'ops.head@demo.test',
    unit: 'Operations',
    status: A,
    start: -180,
    end: 60,
    budget: 60_000,
    capacity: 2,
    objectives: ['OPS1'],
    kpis: ['On-time delivery', 'Order backlog'],
    milestones: [
      { title: 'Monthly S&OP cycle designed', due: -150, done: true },
      { title: 'Demand plan includes retrofit kits', due: -60, done: true },
      { title: 'Capacity plan constrained by final-QC capacity', due: -15 },
    ],
  },
  {
    title: 'Plant energy efficiency programme',
    description: 'Compressed-air leak programme, variable-speed drives on the test-loop pumps and heat recovery from the paint shop.',
    owner: 'erik.lund@demo.test',
    unit: 'Operations',
    status: A,
    start: -230,
    end: 150,
    budget: 540_000,
    capacity: 1.5,
    objectives: ['OPS3', 'F2'],
    kpis: ['Plant energy cost per pump'],
    milestones: [
      { title: 'Compressed-air leak survey', due: -200, done: true },
      { title: 'Variable-speed drives on test-loop pumps', due: -70, done: 6 },
      { title: 'Heat recovery from the paint shop', due: 140 },
    ],
  },
];

/** Later changes, each recorded as a backdated UPDATE history entry with a reason. */
interface UpdateSpec {
  type: SubjectType.OBJECTIVE | SubjectType.KPI | SubjectType.INITIATIVE;
  subject: string;
  /** Days before now (or a function of the calendar). */
  at: (cal: Calendar) => Date;
  reason: string;
  apply: (m: EntityManager, id: string, at: Date, ctx: SeedContext) => Promise<void>;
}

interface SeedContext {
  cal: Calendar;
  people: Record<string, string>;
}

const setColumns = (table: string, cols: Record<string, unknown>) => async (m: EntityManager, id: string, at: Date) => {
  const names = Object.keys(cols);
  const sets = names.map((c, i) => `"${c}" = $${i + 3}`).join(', ');
  await m.query(`UPDATE "${table}" SET ${sets}, version = version + 1, updated_at = $2 WHERE id = $1`, [id, at, ...names.map((c) => cols[c])]);
};

const UPDATES: UpdateSpec[] = [
  {
    type: SubjectType.INITIATIVE,
    subject: 'Warehouse management system upgrade',
    at: (c) => c.at(-98, 15),
    reason: 'Live in the central warehouse and all line-side stores; benefits tracked in the line-stop KPI.',
    apply: setColumns('initiative', { status: InitiativeStatus.COMPLETED }),
  },
  {
    type: SubjectType.INITIATIVE,
    subject: 'Working capital programme',
    at: (c) => c.at(-148, 11),
    reason: 'Targets for payment terms and dunning met; inventory reduction handed to Operations.',
    apply: setColumns('initiative', { status: InitiativeStatus.COMPLETED }),
  },
  {
    type: SubjectType.INITIATIVE,
    subject: 'Van stock optimisation for spare parts',
    at: (c) => c.at(-198, 9),
    reason: 'New van stock in all regions.',
    apply: setColumns('initiative', { status: InitiativeStatus.COMPLETED }),
  },
  {
    type: SubjectType.INITIATIVE,
    subject: 'CRM pipeline stages for service deals',
    at: (c) => c.at(-208, 14),
    reason: 'Service deal stages and forecast in use.',
    apply: setColumns('initiative', { status: InitiativeStatus.COMPLETED }),
  },
  {
    type: SubjectType.INITIATIVE,
    subject: DEMO_FACTS.initiativeWithoutKpi,
    at: (c) => c.at(-170, 16),
    reason: 'Operations and Finance KPIs fed nightly from the ERP.',
    apply: setColumns('initiative', { status: InitiativeStatus.COMPLETED }),
  },
  {
    type: SubjectType.OBJECTIVE,
    subject: 'QC0',
    at: (c) => c.at(-150, 13),
    reason: 'Ownership moved to the Quality Control manager: the bottleneck is hers to fix, with Operations’ support.',
    apply: async (m, id, at, ctx) => setColumns('objective', { owner_id: ctx.people['aisha.rahman@demo.test'] })(m, id, at),
  },
  {
    type: SubjectType.INITIATIVE,
    subject: 'Predictive maintenance on machining centres',
    at: (c) => c.at(-120, 10),
    reason: 'Engineers reassigned to the IoT retrofit; restart once the retrofit kits are in series production.',
    apply: setColumns('initiative', { status: InitiativeStatus.PAUSED }),
  },
  {
    type: SubjectType.INITIATIVE,
    subject: 'Second final-QC station',
    at: (c) => c.at(-100, 15),
    reason: 'Additional fixtures for the larger pump family.',
    apply: setColumns('initiative', { budget: 420_000 }),
  },
  {
    type: SubjectType.KPI,
    subject: 'Share of sales compensation tied to recurring revenue',
    at: (c) => c.at(-60, 9),
    reason: 'CEO: the incentive misalignment stays on the executive dashboard until the new plan is live.',
    apply: setColumns('kpi', { on_executive_dashboard: true }),
  },
  {
    type: SubjectType.INITIATIVE,
    subject: DEMO_FACTS.behindScheduleInitiative,
    at: (c) => c.at(-40, 16),
    reason: 'Works-council consultation needs another cycle; go-live moved by two months.',
    apply: async (m, id, at, ctx) => setColumns('initiative', { end_date: ctx.cal.date(45) })(m, id, at),
  },
  {
    type: SubjectType.KPI,
    subject: 'Recurring service revenue share',
    // At the last quarterly strategic review.
    at: (c) => new Date(c.quarterStart.getTime() - 6 * DAY + 14 * 3_600_000),
    reason: 'Quarterly review: the uptime pilot slipped a quarter, so the next two quarters’ targets are re-phased by one point.',
    apply: async (m, id, at, ctx) => {
      await m.query(`UPDATE kpi_target SET target = target - 1, amber = amber - 1, red = red - 1 WHERE kpi_id = $1 AND period_start > $2`, [
        id,
        ymd(ctx.cal.quarterStart),
      ]);
      await m.query(`UPDATE kpi SET version = version + 1, updated_at = $2 WHERE id = $1`, [id, at]);
    },
  },
];

/** Targets of the next quarters as first set, before the re-phase recorded in UPDATES. */
const FUTURE_TARGET_BUMP: Record<string, number> = { 'Recurring service revenue share': 1 };

// ---------------------------------------------------------------------------
// KPI series (pure)
// ---------------------------------------------------------------------------

/** A KPI's targets and measurements for a given `now`, as the seed writes them. */
export interface DemoKpiSeries {
  name: string;
  direction: Direction;
  frequency: Frequency;
  /** Health the story needs for the newest measurement, whatever `now` is (absent: not pinned). */
  expect: Health | null;
  stale: boolean;
  targets: { periodStart: string; periodEnd: string; target: number; amber: number; red: number }[];
  measurements: { at: Date; value: number; note: string | null; source: string | null; byOwner: boolean }[];
}

const shapeOf = (shape: Shape | undefined, x: number) => (shape === 'late' ? x * x : shape === 'early' ? 1 - (1 - x) * (1 - x) : x);

/** Instants at which a KPI is measured: Fridays 15:00 UTC (weekly) or month ends 16:00 UTC (monthly). */
function measurementTimes(freq: Frequency.WEEKLY | Frequency.MONTHLY, from: Date, until: Date): Date[] {
  const out: Date[] = [];
  if (freq === Frequency.WEEKLY) {
    const d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate(), 15));
    while (d.getUTCDay() !== 5) d.setUTCDate(d.getUTCDate() + 1);
    for (; d <= until; d.setUTCDate(d.getUTCDate() + 7)) out.push(new Date(d));
  } else {
    for (let i = 0; ; i++) {
      const d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + i + 1, 0, 16)); // last day of the month
      if (d > until) break;
      if (d >= from) out.push(d);
    }
  }
  return out;
}

function seriesOf(spec: KpiSpec, cal: Calendar): DemoKpiSeries {
  const rng = mulberry32(seedOf(spec.name));
  const sign = spec.direction === H ? -1 : 1; // worse-ward
  const bump = FUTURE_TARGET_BUMP[spec.name] ?? 0;
  const targets = cal.quarters.map((q) => {
    const t = round(Math.max(spec.targetMin ?? -Infinity, spec.target + spec.step * q.k) + (q.k > 0 ? bump : 0), 4);
    const gap = (g: number) => (spec.ratioBands ? g * t : g);
    return {
      periodStart: ymd(q.start),
      periodEnd: ymd(new Date(q.end.getTime() - DAY)),
      target: t,
      amber: round(t + sign * gap(spec.amber), 4),
      red: round(t + sign * gap(spec.red), 4),
      k: q.k,
      start: q.start,
      end: q.end,
    };
  });
  const targetAt = (d: Date) => targets.find((t) => t.start <= d && d < t.end) ?? targets[targets.length - 1];

  const start = spec.sinceDays ? cal.at(-spec.sinceDays, 0) : cal.historyStart;
  const until = spec.staleDays ? new Date(cal.now.getTime() - spec.staleDays * DAY) : cal.now;
  const times = measurementTimes(spec.frequency, start, until);
  const span = cal.now.getTime() - start.getTime();
  const values = times.map((at) => {
    const x = Math.min(1, Math.max(0, (at.getTime() - start.getTime()) / span));
    const base = spec.from + (spec.to - spec.from) * shapeOf(spec.shape, x);
    let v = spec.relative ? targetAt(at).target * (base + spec.noise * noise(rng)) : base + spec.noise * noise(rng);
    if (spec.min !== undefined) v = Math.max(spec.min, v);
    if (spec.max !== undefined) v = Math.min(spec.max, v);
    return round(v, spec.decimals);
  });
  if (spec.declineTail) {
    const unit = 10 ** -spec.decimals;
    for (let i = Math.max(1, values.length - spec.declineTail); i < values.length; i++) {
      const worse = sign < 0 ? values[i] < values[i - 1] : values[i] > values[i - 1];
      if (!worse) values[i] = round(values[i - 1] + sign * unit * (1 + Math.floor(rng() * 3)), spec.decimals);
    }
  }
  const measurements = times.map((at, i) => {
    const fromEnd = times.length - 1 - i;
    const partnerFed = spec.source && (spec.source.sinceDays === undefined || at.getTime() >= cal.now.getTime() - spec.source.sinceDays * DAY);
    return {
      at,
      value: values[i],
      note: spec.notes?.[fromEnd] ?? null,
      source: partnerFed ? spec.source!.name : null,
      byOwner: !partnerFed,
    };
  });
  return {
    name: spec.name,
    direction: spec.direction,
    frequency: spec.frequency,
    expect: spec.expect ?? null,
    stale: !!spec.staleDays,
    targets: targets.map(({ periodStart, periodEnd, target, amber, red }) => ({ periodStart, periodEnd, target, amber, red })),
    measurements,
  };
}

/**
 * Every KPI's targets and measurements for `now`, exactly as the seed writes them (before
 * the later target re-phase). Pure: lets tests check the story for any `now` without a database.
 */
export function demoKpiSeries(now: Date): DemoKpiSeries[] {
  const cal = calendarFor(now);
  return KPIS.map((k) => seriesOf(k, cal));
}

// ---------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------

/** Multi-row INSERT in chunks (PostgreSQL allows 65 535 parameters per statement). */
async function insertRows(m: EntityManager, table: string, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const cols = Object.keys(rows[0]);
  const perChunk = Math.max(1, Math.floor(60_000 / cols.length));
  for (let i = 0; i < rows.length; i += perChunk) {
    const chunk = rows.slice(i, i + perChunk);
    const params: unknown[] = [];
    const tuples = chunk.map((r) => `(${cols.map((c) => `$${params.push(r[c])}`).join(', ')})`);
    await m.query(`INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`, params);
  }
}

async function seedInto(m: EntityManager, now: Date, passwordHash: string): Promise<DemoSummary> {
  const cal = calendarFor(now);
  const orgCreated = new Date(cal.planCreated.getTime() - 30 * DAY);
  const createdAt = (daysAgo?: number) => (daysAgo === undefined ? cal.planCreated : cal.at(-daysAgo, 9));

  // Units (heads are set once people exist: person.unit_id and unit.head_id point at each other).
  const units: Record<string, string> = {};
  for (const u of UNITS) units[u.name] = randomUUID();
  await insertRows(
    m,
    'unit',
    UNITS.map((u) => ({
      id: units[u.name],
      name: u.name,
      kind: u.kind,
      visibility: u.visibility ?? UnitVisibility.ORGANIZATION,
      parent_id: u.parent ? units[u.parent] : null,
      available_capacity: u.capacity,
      version: 1,
      created_at: orgCreated,
      updated_at: orgCreated,
    })),
  );

  const people: Record<string, string> = {};
  for (const p of PEOPLE) people[p.email] = randomUUID();
  await insertRows(
    m,
    'person',
    PEOPLE.map((p) => ({
      id: people[p.email],
      name: p.name,
      email: p.email,
      title: p.title,
      role: p.role ?? Role.MEMBER,
      unit_id: units[p.unit],
      password_hash: passwordHash,
      version: 1,
      created_at: orgCreated,
      updated_at: orgCreated,
    })),
  );
  for (const u of UNITS) await m.query(`UPDATE unit SET head_id = $2 WHERE id = $1`, [units[u.name], people[u.head]]);

  // Plan.
  const planId = randomUUID();
  const planStart = cal.quarters[0].start;
  await insertRows(m, 'plan', [
    {
      id: planId,
      name: DEMO_FACTS.planName,
      framework: Framework.BALANCED_SCORECARD,
      period_start: ymd(planStart),
      period_end: ymd(new Date(Date.UTC(planStart.getUTCFullYear() + 3, planStart.getUTCMonth(), 0))),
      unit_id: units[COMPANY],
      narrative_text: narrative(cal),
      version: 1,
      created_at: cal.planCreated,
      updated_at: cal.planCreated,
    },
  ]);

  // Objectives, parents first (the specs are ordered that way), position among siblings.
  const objectives: Record<string, string> = {};
  const objectiveIdByKey: Record<string, string> = {};
  const siblings = new Map<string, number>();
  const quarterEnd = cal.quarters.find((q) => q.k === 0)!.end;
  const objectiveRows = OBJECTIVES.map((o) => {
    const id = randomUUID();
    objectiveIdByKey[o.key] = id;
    objectives[o.title] = id;
    const pos = siblings.get(o.parent ?? '') ?? 0;
    siblings.set(o.parent ?? '', pos + 1);
    const created = o.quarterly ? new Date(cal.quarterStart.getTime() - 6 * DAY + 15 * 3_600_000) : createdAt(o.createdDaysAgo);
    return {
      id,
      title: o.title,
      description: o.description,
      plan_id: planId,
      owner_id: people[o.owner],
      unit_id: units[o.unit],
      parent_id: o.parent ? objectiveIdByKey[o.parent] : null,
      perspective: o.perspective,
      period_start: o.quarterly ? ymd(cal.quarterStart) : null,
      period_end: o.quarterly ? ymd(new Date(quarterEnd.getTime() - DAY)) : null,
      position: pos,
      version: 1,
      created_at: created,
      updated_at: created,
    };
  });
  await insertRows(m, 'objective', objectiveRows);

  // KPIs, targets and measurements.
  const kpis: Record<string, string> = {};
  const kpiRows: Record<string, unknown>[] = [];
  const targetRows: Record<string, unknown>[] = [];
  const measurementRows: Record<string, unknown>[] = [];
  for (const spec of KPIS) {
    const id = randomUUID();
    kpis[spec.name] = id;
    const series = seriesOf(spec, cal);
    const created = createdAt(spec.createdDaysAgo);
    kpiRows.push({
      id,
      name: spec.name,
      description: spec.description,
      unit_of_measure: spec.uom,
      direction: spec.direction,
      kind: spec.kind,
      frequency: spec.frequency,
      baseline: series.measurements[0]?.value ?? null,
      on_executive_dashboard: !!spec.exec,
      owner_id: people[spec.owner],
      unit_id: units[spec.unit],
      version: 1,
      created_at: created,
      updated_at: created,
    });
    for (const t of series.targets) {
      targetRows.push({ id: randomUUID(), kpi_id: id, period_start: t.periodStart, period_end: t.periodEnd, target: t.target, amber: t.amber, red: t.red });
    }
    for (const v of series.measurements) {
      measurementRows.push({
        id: randomUUID(),
        kpi_id: id,
        value: v.value,
        at: v.at,
        note: v.note,
        recorded_by_id: v.byOwner ? people[spec.owner] : null,
        source: v.source,
        superseded_at: null,
        corrects_id: null,
        recorded_at: new Date(v.at.getTime() + (v.source ? 2 : 20) * 3_600_000),
      });
    }
  }
  await insertRows(m, 'kpi', kpiRows);
  await insertRows(m, 'kpi_target', targetRows);
  await insertRows(m, 'measurement', measurementRows);

  // One correction, as finance closes the books: the first figure is kept, superseded.
  const gm = kpis['Gross margin'];
  const corrected = measurementRows.filter((r) => r.kpi_id === gm).at(-4);
  if (corrected) {
    const at = new Date((corrected.recorded_at as Date).getTime() + 6 * DAY);
    await m.query(`UPDATE measurement SET superseded_at = $2 WHERE id = $1`, [corrected.id, at]);
    await insertRows(m, 'measurement', [
      {
        ...corrected,
        id: randomUUID(),
        value: round((corrected.value as number) - 0.4, 1),
        note: 'Corrected after month-end close: late credit notes on two equipment orders.',
        corrects_id: corrected.id,
        recorded_at: at,
      },
    ]);
  }

  const objectiveKpiRows = OBJECTIVES.flatMap((o) =>
    o.kpis.map((name) => {
      if (!kpis[name]) throw new Error(`demo seed: objective ${o.key} links unknown KPI ${name}`);
      const objective = objectiveRows.find((r) => r.id === objectiveIdByKey[o.key])!;
      return { objective_id: objectiveIdByKey[o.key], kpi_id: kpis[name], created_at: objective.created_at };
    }),
  );
  await insertRows(m, 'objective_kpi', objectiveKpiRows);

  // Initiatives, milestones and links.
  const initiatives: Record<string, string> = {};
  const initiativeRows: Record<string, unknown>[] = [];
  const milestoneRows: Record<string, unknown>[] = [];
  const initiativeObjectiveRows: Record<string, unknown>[] = [];
  const initiativeKpiRows: Record<string, unknown>[] = [];
  for (const spec of INITIATIVES) {
    const id = randomUUID();
    initiatives[spec.title] = id;
    const created = createdAt(spec.createdDaysAgo);
    const rng = mulberry32(seedOf(spec.title));
    initiativeRows.push({
      id,
      title: spec.title,
      description: spec.description,
      plan_id: planId,
      owner_id: people[spec.owner],
      unit_id: units[spec.unit],
      status: spec.status,
      start_date: cal.date(spec.start),
      end_date: cal.date(spec.end),
      budget: spec.budget,
      capacity: spec.capacity,
      version: 1,
      created_at: created,
      updated_at: created,
    });
    for (const ms of spec.milestones) {
      let completedAt: Date | null = null;
      if (ms.done !== undefined) {
        const offset = ms.done === true ? Math.floor(rng() * 5) - 3 : ms.done;
        completedAt = cal.at(ms.due + offset, 14 + Math.floor(rng() * 3));
        if (completedAt > now) completedAt = new Date(now.getTime() - 3_600_000);
      }
      milestoneRows.push({
        id: randomUUID(),
        initiative_id: id,
        title: ms.title,
        due_date: cal.date(ms.due),
        completed_at: completedAt,
        version: 1,
        created_at: created,
      });
    }
    for (const key of spec.objectives) {
      if (!objectiveIdByKey[key]) throw new Error(`demo seed: initiative ${spec.title} links unknown objective ${key}`);
      initiativeObjectiveRows.push({ initiative_id: id, objective_id: objectiveIdByKey[key], created_at: created });
    }
    for (const name of spec.kpis) {
      if (!kpis[name]) throw new Error(`demo seed: initiative ${spec.title} links unknown KPI ${name}`);
      initiativeKpiRows.push({ initiative_id: id, kpi_id: kpis[name], created_at: created });
    }
  }
  await insertRows(m, 'initiative', initiativeRows);
  await insertRows(m, 'milestone', milestoneRows);
  await insertRows(m, 'initiative_objective', initiativeObjectiveRows);
  await insertRows(m, 'initiative_kpi', initiativeKpiRows);

  // History: a CREATE entry per subject, as it stood when created, by the CEO.
  const ceo = people[CEO];
  const historyRows: Record<string, unknown>[] = [];
  const create = async (type: SubjectType, id: string, at: Date) => {
    const snapshot = await snapshotOf(m, type, id);
    historyRows.push({
      subject_type: type,
      subject_id: id,
      action: HistoryAction.CREATE,
      actor_id: ceo,
      at,
      changes: '{}',
      snapshot: JSON.stringify(snapshot),
      reason: null,
    });
  };
  for (const u of UNITS) await create(SubjectType.UNIT, units[u.name], orgCreated);
  for (const p of PEOPLE) await create(SubjectType.PERSON, people[p.email], orgCreated);
  await create(SubjectType.PLAN, planId, cal.planCreated);
  for (const r of objectiveRows) await create(SubjectType.OBJECTIVE, r.id, r.created_at);
  for (const r of kpiRows) await create(SubjectType.KPI, r.id as string, r.created_at as Date);
  for (const r of initiativeRows) await create(SubjectType.INITIATIVE, r.id as string, r.created_at as Date);
  for (const r of milestoneRows) await create(SubjectType.MILESTONE, r.id as string, r.created_at as Date);

  // Later changes, oldest first, each with who, when, what and why.
  const ctx: SeedContext = { cal, people };
  const updates = UPDATES.map((u) => ({ u, at: u.at(cal) })).sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const { u, at } of updates) {
    const id = u.type === SubjectType.OBJECTIVE ? objectiveIdByKey[u.subject] : u.type === SubjectType.KPI ? kpis[u.subject] : initiatives[u.subject];
    if (!id) throw new Error(`demo seed: update of unknown ${u.type} ${u.subject}`);
    const before = await snapshotOf(m, u.type, id);
    await u.apply(m, id, at, ctx);
    const after = await snapshotOf(m, u.type, id);
    historyRows.push({
      subject_type: u.type,
      subject_id: id,
      action: HistoryAction.UPDATE,
      actor_id: ceo,
      at,
      changes: JSON.stringify(diffSnapshots(before, after)),
      snapshot: JSON.stringify(after),
      reason: u.reason,
    });
  }
  await insertRows(m, 'history_entry', historyRows);

  // Reviews: past meetings with their decisions and actions, the next ones scheduled (needs the history above).
  const { meetings, reviews, decisions, actions } = await seedDemoReviews(m, {
    now,
    at: cal.at,
    quarterStart: cal.quarterStart,
    people,
    units,
    objectives,
    kpis,
    initiatives,
    insertRows,
  });

  // The rows above bypass the services' drift hooks: evaluate every change-driven rule once, so
  // the demo opens with the alerts its story implies (time-driven ones come from the drift scan).
  await evaluateKpiAndLinkedDrift(m, Object.values(kpis), now);
  await evaluateInitiativeDrift(m, Object.values(initiatives), now);
  await evaluateObjectiveDrift(m, Object.values(objectives), now);

  const counts = {} as DemoSummary['counts'];
  for (const table of DEMO_TABLES) {
    const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM "${table}"`);
    counts[table] = n;
  }
  return { counts, people, units, planId, objectives, kpis, initiatives, meetings, reviews, decisions, actions, now };
}
