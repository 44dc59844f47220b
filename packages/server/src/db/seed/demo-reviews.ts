/**
 * The reviews story of the demo organisation (shared/demo-organisation.md, "Reviews"):
 * monthly operational reviews of Operations and Sales, the last quarterly strategic review of
 * the company, the next ones scheduled, and a Corporate Development meeting only its members
 * and executives can see. Called by `demo-organisation.ts` inside its one transaction, after
 * the graph and its history exist.
 *
 * What it writes is what the meetings module would have written had the meetings been run
 * through it at the time: a CREATE history entry when a meeting was scheduled, an UPDATE when
 * it opened (with the snapshot of its scope as it stood then) and when it closed (with its
 * minutes); decisions and actions recorded while it was open; actions marked done or dropped
 * later by their owners. The snapshots are computed by the health loaders the service uses,
 * fed with the data as it stood at the opening (measurements recorded by then, milestones
 * completed by then, subjects as their history had them).
 *
 * The story: Operations keeps "watching" the final-QC bottleneck instead of funding interim
 * test capacity while the second station's bench is late; the sales compensation redesign
 * slips on the works-council consultation. Follow-through is believable: about 60 %.
 *
 * This module imports no values from `demo-organisation.ts` (which imports it): only types.
 */
import DataLoader from 'dataloader';
import { randomUUID } from 'node:crypto';
import { ActionStatus, HistoryAction, MeetingKind, MeetingStatus, SubjectType } from '@throughline/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { OrgTree } from '../../auth/org-tree.js';
import { createLoaders, type Loaders } from '../../graphql/loaders.js';
import { buildBriefingContent, renderBriefing } from '../../modules/briefings/briefing.service.js';
import { createHealthLoaders } from '../../modules/health/health.loaders.js';
import { diffSnapshots, snapshotOf } from '../../modules/history/history.service.js';
import { AgendaItemKind, agendaToMarkdown, type AgendaItem } from '../../modules/meetings/meeting-agenda.js';
import { audienceCanSee, audienceUnitIds, liveScopeState } from '../../modules/meetings/meeting-scope.js';
import type { SnapshotRow } from '../../modules/meetings/meeting.entity.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;

// ---------------------------------------------------------------------------
// Public facts
// ---------------------------------------------------------------------------

const OPS_HEAD = 'ops.head@demo.test';
const SALES_HEAD = 'sales.head@demo.test';
const CEO = 'ceo@demo.test';
const CFO = 'tomas.berger@demo.test';
const CD_HEAD = 'elena.marsh@demo.test';

/** Facts about the reviews story that hold for any `now` (tests and docs may rely on them). */
export const DEMO_REVIEW_FACTS = {
  chairs: { operations: OPS_HEAD, sales: SALES_HEAD, company: CEO, corporateDevelopment: CD_HEAD },
  /** Closed monthly reviews of Operations (every four weeks, the last 25 days before now) and of Sales. */
  closedOperationsReviews: 4,
  closedSalesReviews: 3,
  /** Days from now's date: the next Operations review, the next Sales review, the next quarterly review (all SCHEDULED). */
  nextOperationsReviewInDays: 3,
  nextSalesReviewInDays: 11,
  nextQuarterlyReviewInDays: 5,
  /** Actions still OPEN after their due date, with their owners. */
  overdueActions: [
    { text: 'Put the final-QC capacity limit into the S&OP capacity plan', owner: 'sofia.marquez@demo.test', unit: 'Operations' },
    { text: 'Get a written delivery date for the second test bench, with a late-delivery penalty', owner: 'aisha.rahman@demo.test', unit: 'Operations' },
    { text: 'Cost an interim rented test rig against the cost of late orders', owner: 'erik.lund@demo.test', unit: 'Operations' },
    { text: 'Submit the new sales compensation plan documents to the works council', owner: 'ruth.adeyemi@demo.test', unit: 'Sales' },
    {
      text: 'Agree a consultation calendar with the works council for the new sales compensation plan',
      owner: 'ruth.adeyemi@demo.test',
      unit: 'Halden Industrial',
    },
  ],
  /** The one action dropped (by decision of the next Sales review). */
  droppedAction: 'Launch a recurring-revenue kicker pilot in Key Accounts',
  /** Follow-through (actions done by their due date / actions due, dropped ones left out), per unit scope as its head sees it. */
  followThrough: {
    operations: { due: 12, doneOnTime: 7 },
    sales: { due: 5, doneOnTime: 3 },
    /** The CEO's view of the company: every action, Corporate Development's included. */
    company: { due: 22, doneOnTime: 14 },
    /** What someone outside Corporate Development sees of the company. */
    companyWithoutRestricted: { due: 20, doneOnTime: 12 },
  },
  /** Decision of the last Operations review due for revisit at the next one. */
  decisionDueForRevisit: 'Keep watching the final-QC queue for one more month; decide on interim test capacity at the next review',
  /** Decision of the last Operations review due for revisit at the next quarterly review. */
  decisionForQuarterly: 'Ask the leadership team to release the strategic reserve for two interim final-QC inspectors',
  /** The restricted meeting and its decision about the sensor start-up. */
  restrictedMeeting: 'Corporate Development: sensor start-up review',
  restrictedDecision: 'Proceed to confirmatory due diligence on the sensor start-up; no indicative offer before the uptime pilot’s go/no-go',
} as const;

/** What the reviews seed wrote, for the demo summary. */
export interface DemoReviewsSummary {
  /** meeting title → id */
  meetings: Record<string, string>;
  /** The meetings by role. */
  reviews: {
    /** Closed Operations reviews, oldest first. */
    operations: string[];
    nextOperations: string;
    /** Closed Sales reviews, oldest first. */
    sales: string[];
    nextSales: string;
    lastQuarterly: string;
    nextQuarterly: string;
    corporateDevelopment: string;
    /** The briefing stored for the last closed Operations review. */
    briefing: string;
  };
  /** decision text → id */
  decisions: Record<string, string>;
  /** action text → id */
  actions: Record<string, string>;
}

/** What the organisation seed hands over. */
export interface DemoReviewsInput {
  now: Date;
  /** An instant `days` from now's date (UTC midnight) at `hourUtc`. */
  at(days: number, hourUtc?: number): Date;
  quarterStart: Date;
  people: Record<string, string>;
  units: Record<string, string>;
  objectives: Record<string, string>;
  kpis: Record<string, string>;
  initiatives: Record<string, string>;
  insertRows(m: EntityManager, table: string, rows: Record<string, unknown>[]): Promise<void>;
}

// ---------------------------------------------------------------------------
// The story
// ---------------------------------------------------------------------------

type SubjectRef = { type: SubjectType.OBJECTIVE | SubjectType.KPI | SubjectType.INITIATIVE; name: string };
const objective = (name: string): SubjectRef => ({ type: SubjectType.OBJECTIVE, name });
const kpi = (name: string): SubjectRef => ({ type: SubjectType.KPI, name });
const initiative = (name: string): SubjectRef => ({ type: SubjectType.INITIATIVE, name });

interface ActionSpec {
  text: string;
  owner: string;
  /** Due at 17:00 UTC this many days from now. */
  due: number;
  /** Marked done this many days from now (15:00 UTC). */
  done?: number;
  /** Dropped this many days from now (at the meeting that dropped it). */
  dropped?: number;
}

interface DecisionSpec {
  text: string;
  rationale: string;
  owner: string;
  subject?: SubjectRef;
  /** Revisit on this many days from now. */
  revisit?: number;
  actions?: ActionSpec[];
}

interface MeetingSpec {
  key: string;
  kind: MeetingKind;
  unit: string;
  /** Title; the closed monthly ones get their date appended. */
  title: string;
  datedTitle?: boolean;
  chair: string;
  participants: string[];
  /** Days from now's date and the hour (UTC) it is scheduled at. */
  day: number;
  hour: number;
  minutes: number;
  closed: boolean;
  /** Discussion notes for the minutes. */
  notes?: string[];
  decisions?: DecisionSpec[];
  /** Actions agreed without a decision. */
  actions?: ActionSpec[];
}

const OPS_TEAM = ['aisha.rahman@demo.test', 'piotr.nowak@demo.test', 'sofia.marquez@demo.test', 'analyst@demo.test', 'erik.lund@demo.test'];
const SALES_TEAM = ['claire.dubois@demo.test', 'daniel.kim@demo.test', 'priya.shah@demo.test', 'lena.fischer@demo.test', 'ruth.adeyemi@demo.test'];
const LEADERSHIP = [CFO, OPS_HEAD, SALES_HEAD, 'olivia.bennett@demo.test', 'ruth.adeyemi@demo.test', CD_HEAD, 'nadia.okafor@demo.test'];

const QC_BOTTLENECK = 'Remove the final-QC bottleneck';
const SECOND_STATION = 'Second final-QC station';
const SALES_COMP = 'Sales compensation redesign';
const SALES_COMP_KPI = 'Share of sales compensation tied to recurring revenue';

/** The meetings, oldest first; `q` is the day (from now) of the last quarterly strategic review. */
function reviewSpecs(q: number): MeetingSpec[] {
  const ops = (day: number): Omit<MeetingSpec, 'key' | 'day'> => ({
    kind: MeetingKind.MONTHLY_OPERATIONAL,
    unit: 'Operations',
    title: 'Operations monthly review',
    datedTitle: true,
    chair: OPS_HEAD,
    participants: OPS_TEAM,
    hour: 8,
    minutes: 95,
    closed: day < 0,
  });
  const sales = (day: number): Omit<MeetingSpec, 'key' | 'day'> => ({
    kind: MeetingKind.MONTHLY_OPERATIONAL,
    unit: 'Sales',
    title: 'Sales monthly review',
    datedTitle: true,
    chair: SALES_HEAD,
    participants: SALES_TEAM,
    hour: 13,
    minutes: 80,
    closed: day < 0,
  });
  return [
    {
      key: 'ops1',
      day: -109,
      ...ops(-109),
      notes: [
        'Shipments 18 % below plan again. Assembly built to plan; 61 pumps were waiting for final test at month end. Every late order in the month waited for final QC.',
        'The floor space for the second test bench is still not cleared (its milestone fell due yesterday): the old paint booth has to go first.',
        'Aisha proposed Saturday overtime at final QC. The team preferred not to stretch the two inspectors until station 2 is there.',
      ],
      decisions: [
        {
          text: 'No overtime at final QC; keep the bottleneck on watch until the second station is installed',
          rationale: 'Two inspectors cannot sustain Saturday shifts for three months, and the queue should ease once the large-pump batch has shipped.',
          owner: 'aisha.rahman@demo.test',
          subject: objective(QC_BOTTLENECK),
          actions: [
            { text: 'Clear the floor space next to station 1 for the second test bench', owner: 'sofia.marquez@demo.test', due: -92, done: -92 },
            { text: 'Pareto of final-test failures on the larger pump family', owner: 'analyst@demo.test', due: -90, done: -91 },
          ],
        },
        {
          text: 'Level-load assembly to final-QC capacity instead of building ahead',
          rationale: 'Pumps built ahead only lengthen the queue and tie up working capital; the constraint sets the pace.',
          owner: 'piotr.nowak@demo.test',
          subject: objective('Keep assembly safe, stable and level-loaded'),
          actions: [{ text: 'Re-sequence Thursday builds so no more than 55 pumps reach final QC a day', owner: 'piotr.nowak@demo.test', due: -95, done: -88 }],
        },
      ],
    },
    {
      key: 'ops2',
      day: -81,
      ...ops(-81),
      notes: [
        'Floor space cleared on the agreed date. The bench supplier now quotes delivery in about six weeks.',
        'Jonas’s Pareto: 40 % of re-tests on the larger pump family come from impeller clearance set at assembly.',
        'A rented mobile test rig was discussed (about 40 k€ for three months, four weeks to qualify). Not funded.',
      ],
      decisions: [
        {
          text: 'Watch the QC queue for another month; no rented test rig',
          rationale: 'The supplier’s delivery date makes a rig arrive only two weeks before the bench, and it would need four weeks to qualify.',
          owner: 'aisha.rahman@demo.test',
          subject: kpi('QC queue length'),
          revisit: -53,
          actions: [{ text: 'Chase the bench supplier for a confirmed delivery week', owner: 'aisha.rahman@demo.test', due: -74, done: -76 }],
        },
        {
          text: 'Fix impeller clearance at assembly before adding test capacity',
          rationale: 'Every re-test costs a second slot at the constraint; fixing the cause upstream is the cheapest capacity we have.',
          owner: 'erik.lund@demo.test',
          subject: objective('Build quality in, not inspect it in'),
          actions: [
            { text: 'Fix the top re-test cause on the larger pump family (impeller clearance)', owner: 'erik.lund@demo.test', due: -60, done: -50 },
            { text: 'Draft the cross-training plan for final QC', owner: 'piotr.nowak@demo.test', due: -60, done: -63 },
          ],
        },
      ],
    },
    {
      key: 'ops3',
      day: -53,
      ...ops(-53),
      notes: [
        'Queue down to 48 pumps after the impeller fix, still far above the 20 we want. Units shipped 17 % below plan.',
        'Bench supplier: delivery slips again, now “in five weeks”. Sofia has a second supplier willing to quote.',
        'S&OP still plans production as if final QC had assembly’s capacity; sales keep promising dates we cannot test in time.',
      ],
      decisions: [
        {
          text: 'Do not fund interim test capacity; wait for the second station’s bench',
          rationale: 'The supplier promises delivery in five weeks; a rented rig would arrive only a week earlier. Revisit if the date slips again.',
          owner: OPS_HEAD,
          subject: initiative(SECOND_STATION),
          revisit: -25,
          actions: [
            { text: 'Put the final-QC capacity limit into the S&OP capacity plan', owner: 'sofia.marquez@demo.test', due: -30 },
            { text: 'Second supplier quote for the test bench as a fallback', owner: 'sofia.marquez@demo.test', due: -39, done: -40 },
          ],
        },
        {
          text: 'Report the shipment gap to the leadership team as QC-bound, not as an assembly problem',
          rationale: 'Assembly output is at plan; the gap is the queue at final QC. The leadership team should see the constraint, not an average.',
          owner: OPS_HEAD,
          subject: kpi('Units shipped against plan'),
          actions: [{ text: 'Weekly QC queue and late-order report to the leadership team', owner: 'analyst@demo.test', due: -46, done: -47 }],
        },
      ],
    },
    {
      key: 'ops4',
      day: -25,
      ...ops(-25),
      notes: [
        'The test bench has not arrived: its milestone is ten days overdue and the supplier gives no firm date. The queue is back above 50 pumps; on-time delivery off track.',
        'The S&OP capacity plan still ignores the final-QC limit (action overdue).',
        'Henrik will ask the leadership team to release the strategic reserve for two interim inspectors. Until then, the team keeps watching the queue.',
      ],
      decisions: [
        {
          text: DEMO_REVIEW_FACTS.decisionDueForRevisit,
          rationale: 'Without a delivery date there is no basis for sizing interim capacity; the rig costing is needed first.',
          owner: OPS_HEAD,
          subject: objective(QC_BOTTLENECK),
          revisit: -1,
          actions: [
            { text: 'Get a written delivery date for the second test bench, with a late-delivery penalty', owner: 'aisha.rahman@demo.test', due: -18 },
            { text: 'Cost an interim rented test rig against the cost of late orders', owner: 'erik.lund@demo.test', due: -11 },
          ],
        },
        {
          text: DEMO_REVIEW_FACTS.decisionForQuarterly,
          rationale: 'Operations has no capacity left to move: committed initiative work already exceeds what the department has.',
          owner: OPS_HEAD,
          subject: initiative(SECOND_STATION),
          revisit: 5,
        },
      ],
      actions: [
        { text: 'Extend Thursday level-loading to line 2', owner: 'piotr.nowak@demo.test', due: -12, done: -13 },
        { text: 'Yield-by-cause dashboard from the bench data', owner: 'analyst@demo.test', due: 10 },
      ],
    },
    { key: 'ops5', day: 3, ...ops(3) },
    {
      key: 'sales1',
      day: -74,
      ...sales(-74),
      notes: [
        'Order intake on equipment ahead of plan, uptime contracts behind. Reps say honestly that the commission plan pays for pumps, not contracts.',
        'The new compensation plan is still not modelled on last year’s deals (milestone months overdue). Ruth joins for this item.',
        'Claire proposed a recurring-revenue kicker for Key Accounts as a pilot while the full plan is prepared.',
      ],
      decisions: [
        {
          text: 'Keep the equipment-volume commission this quarter; pilot a recurring-revenue kicker in Key Accounts',
          rationale: 'Changing the whole plan mid-year needs the works council; a small kicker could show the effect sooner.',
          owner: SALES_HEAD,
          subject: initiative(SALES_COMP),
          actions: [
            { text: 'Draft model of the new compensation plan on last quarter’s deals', owner: 'priya.shah@demo.test', due: -60, done: -52 },
            { text: DEMO_REVIEW_FACTS.droppedAction, owner: 'claire.dubois@demo.test', due: -50, dropped: -46 },
          ],
        },
        {
          text: 'Every equipment quote over 50 k€ carries an uptime option',
          rationale: 'The installed base is our best market for uptime contracts, and the quote is the moment the customer thinks about the pump’s life.',
          owner: 'daniel.kim@demo.test',
          subject: objective('Attach a service contract to every equipment quote'),
          actions: [{ text: 'Add service options to the inside-sales quote templates', owner: 'daniel.kim@demo.test', due: -60, done: -62 }],
        },
      ],
    },
    {
      key: 'sales2',
      day: -46,
      ...sales(-46),
      notes: [
        'The works council answered: any change to pay, a pilot included, needs formal consultation. The kicker pilot would take as long as the full plan.',
        'A draft model of the new plan is ready, eight days late. Priya’s numbers: at current mix, 30 % of variable pay would follow recurring revenue.',
        'Go-live at the start of the sales year is no longer realistic.',
      ],
      decisions: [
        {
          text: 'Drop the Key Accounts kicker pilot and put the effort into the full plan',
          rationale: 'One consultation for the full plan is faster than two; the pilot would not start before the plan itself.',
          owner: SALES_HEAD,
          subject: initiative(SALES_COMP),
          actions: [{ text: 'Submit the new sales compensation plan documents to the works council', owner: 'ruth.adeyemi@demo.test', due: -30 }],
        },
        {
          text: 'Ask People to re-plan the compensation go-live with another consultation cycle',
          rationale: 'The works council meets monthly; a realistic plan beats a date nobody believes.',
          owner: 'ruth.adeyemi@demo.test',
          subject: kpi(SALES_COMP_KPI),
          revisit: -18,
          actions: [{ text: 'Uptime proposals presented to the next five key accounts', owner: 'claire.dubois@demo.test', due: -25, done: -27 }],
        },
      ],
    },
    {
      key: 'sales3',
      day: -18,
      ...sales(-18),
      notes: [
        'Go-live of the new plan moved by two months. The plan documents have still not gone to the works council (action overdue).',
        'Average discount on equipment deals creeping up at quarter end; the approval matrix is not yet enforced in the quoting tool.',
      ],
      decisions: [
        {
          text: 'Escalate the compensation slip to the quarterly strategic review',
          rationale: 'Sales cannot fix the incentive misalignment alone; the leadership team has to decide whether the go-live date or the plan’s scope gives.',
          owner: SALES_HEAD,
          subject: kpi(SALES_COMP_KPI),
          revisit: 5,
          actions: [{ text: 'Brief the CEO on the works-council timeline', owner: SALES_HEAD, due: -11, done: -14 }],
        },
        {
          text: 'No equipment discount above 12 % without the Head of Sales until the approval matrix is enforced',
          rationale: 'Quarter-end discounting erodes the margin the service model needs.',
          owner: SALES_HEAD,
          subject: initiative('Discount approval matrix for equipment deals'),
          actions: [{ text: 'Test the commission calculator for the new plan with Finance', owner: 'priya.shah@demo.test', due: 10 }],
        },
      ],
    },
    { key: 'sales4', day: 11, ...sales(11) },
    {
      key: 'quarterly',
      kind: MeetingKind.QUARTERLY_STRATEGIC,
      unit: 'Halden Industrial',
      title: 'Quarterly strategic review',
      datedTitle: true,
      chair: CEO,
      participants: LEADERSHIP,
      day: q,
      hour: 8,
      minutes: 260,
      closed: true,
      notes: [
        'Strategy on track in direction, not in pace. Recurring revenue share at risk: the uptime pilot slipped a quarter.',
        'Operations: shipments about a fifth below plan every month, all of it waiting at final QC. The second station’s bench is late.',
        'Sales compensation: still paid on equipment volume; the redesign waits for the works council.',
        'Team objectives for the coming quarter agreed, including the Quality Control team’s four.',
      ],
      decisions: [
        {
          text: 'Re-phase the recurring service revenue targets of the next two quarters by one point',
          rationale: 'The uptime pilot slipped a quarter; targets nobody believes stop steering anything.',
          owner: CFO,
          subject: kpi('Recurring service revenue share'),
          actions: [{ text: 'Re-phase the recurring revenue targets in Throughline', owner: CFO, due: q + 1, done: q }],
        },
        {
          text: 'Hold the strategic reserve; no release for interim final-QC capacity this quarter',
          rationale: 'The second station is funded; the leadership team wants to see the bench delivered before adding people around it.',
          owner: CEO,
          subject: objective('Deliver on time without the quality bottleneck'),
          actions: [
            { text: 'Report the QC queue and late orders to the leadership team every week', owner: 'aisha.rahman@demo.test', due: q + 5, done: q + 2 },
          ],
        },
        {
          text: 'The sales compensation redesign stays the company’s priority incentive change; no other pay changes until it is live',
          rationale: 'Pay that rewards equipment volume works against every customer objective of the plan.',
          owner: 'ruth.adeyemi@demo.test',
          subject: objective('Pay for the new direction'),
          actions: [
            { text: 'Agree a consultation calendar with the works council for the new sales compensation plan', owner: 'ruth.adeyemi@demo.test', due: q + 5 },
          ],
        },
      ],
    },
    {
      key: 'corpdev',
      kind: MeetingKind.MONTHLY_OPERATIONAL,
      unit: 'Corporate Development',
      title: DEMO_REVIEW_FACTS.restrictedMeeting,
      chair: CD_HEAD,
      participants: ['victor.lang@demo.test', CEO, CFO],
      day: -21,
      hour: 16,
      minutes: 70,
      closed: true,
      notes: [
        'Technology assessment done: the start-up’s sensor platform fits our retrofit kit with one firmware change.',
        'Commercial and financial due diligence behind plan: the data room lacks customer contracts.',
        'Acquire, partner or build: the CFO prefers a partnership with an option to acquire until the uptime pilot proves demand.',
      ],
      decisions: [
        {
          text: DEMO_REVIEW_FACTS.restrictedDecision,
          rationale: 'The sensor is only worth owning if customers buy uptime; the pilot’s go/no-go answers that within the quarter.',
          owner: CD_HEAD,
          subject: initiative('Sensor start-up due diligence'),
          revisit: 40,
          actions: [
            { text: 'Reference calls with three of the start-up’s customers', owner: 'victor.lang@demo.test', due: -9, done: -10 },
            { text: 'Commercial and financial due-diligence findings to the investment committee', owner: CD_HEAD, due: 19 },
          ],
        },
        {
          text: 'Prepare a partnership term sheet with an option to acquire as the fallback',
          rationale: 'Keeps the sensor supply secure if the board will not approve an acquisition this year.',
          owner: 'victor.lang@demo.test',
          subject: objective('Decide on the sensor start-up acquisition'),
          actions: [{ text: 'Valuation range for the partner and acquire scenarios', owner: CFO, due: -4, done: -6 }],
        },
      ],
    },
    {
      key: 'quarterlyNext',
      kind: MeetingKind.QUARTERLY_STRATEGIC,
      unit: 'Halden Industrial',
      title: 'Quarterly strategic review',
      datedTitle: true,
      chair: CEO,
      participants: LEADERSHIP,
      day: 5,
      hour: 8,
      minutes: 240,
      closed: false,
    },
  ];
}

// ---------------------------------------------------------------------------
// Snapshots and agendas as they stood
// ---------------------------------------------------------------------------

interface ScopeState {
  kpis: SnapshotRow[];
  objectives: SnapshotRow[];
  initiatives: SnapshotRow[];
  /** KPI id → when its latest measurement known at the instant was taken. */
  latestAt: Map<string, Date>;
}

/**
 * The state of some units' subjects as it stood at `at`, computed by the same health loaders
 * and `liveScopeState` as `openMeeting`, over base loaders that see only what was known then.
 */
async function scopeStateAt(m: EntityManager, unitIds: string[], at: Date): Promise<ScopeState> {
  const db = m as unknown as DataSource; // loaders need only `query` and `getRepository`
  const base = createLoaders(db);
  const known: { subject_id: string; subject_type: string; snapshot: Record<string, any> }[] = await m.query(
    `SELECT DISTINCT ON (subject_id) subject_id, subject_type, snapshot FROM history_entry
      WHERE subject_type IN ('OBJECTIVE', 'KPI', 'INITIATIVE', 'MILESTONE') AND at <= $1 ORDER BY subject_id, at DESC, id DESC`,
    [at],
  );
  const asOf = new Map(known.map((k) => [k.subject_id, k.snapshot]));
  const exists = (id: string) => asOf.has(id);
  const latestMeasurement = new DataLoader<string, { value: number; at: Date } | null>(async (ids) => {
    const rows: { kpi_id: string; value: number; at: Date }[] = await m.query(
      `SELECT DISTINCT ON (kpi_id) kpi_id, value, at FROM measurement
        WHERE kpi_id = ANY($1) AND at <= $2 AND recorded_at <= $2 AND (superseded_at IS NULL OR superseded_at > $2)
        ORDER BY kpi_id, at DESC, recorded_at DESC`,
      [ids, at],
    );
    const byId = new Map(rows.map((r) => [r.kpi_id, { value: Number(r.value), at: new Date(r.at) }]));
    return ids.map((id) => byId.get(id) ?? null);
  });
  const valueAtOrBefore = new DataLoader<string, number | null>(async (keys) =>
    Promise.all(
      keys.map(async (k) => {
        const [kpiId, day] = k.split('|');
        const until = new Date(Math.min(new Date(`${day}T00:00:00Z`).getTime() + DAY, at.getTime()));
        const [r] = await m.query(
          `SELECT value FROM measurement WHERE kpi_id = $1 AND at <= $2 AND recorded_at <= $3 AND (superseded_at IS NULL OR superseded_at > $3) ORDER BY at DESC LIMIT 1`,
          [kpiId, until, at],
        );
        return r ? Number(r.value) : null;
      }),
    ),
  );
  const filtered = <T>(loader: DataLoader<string, T[]>, keep: (v: T) => boolean) =>
    new DataLoader<string, T[]>(async (ids) => (await loader.loadMany(ids)).map((v) => (v instanceof Error ? [] : v.filter(keep))));
  const asOfBase = {
    ...base,
    latestMeasurement,
    valueAtOrBefore,
    childObjectiveIds: filtered(base.childObjectiveIds, exists),
    kpiIdsOfObjective: filtered(base.kpiIdsOfObjective, exists),
    kpiIdsOfInitiative: filtered(base.kpiIdsOfInitiative, exists),
    milestones: new DataLoader(async (ids: readonly string[]) =>
      (await base.milestones.loadMany(ids)).map((v) =>
        v instanceof Error
          ? []
          : v.filter((ms) => exists(ms.id)).map((ms) => ({ ...ms, completedAt: ms.completedAt && ms.completedAt <= at ? ms.completedAt : null })),
      ),
    ),
  };
  const loaders = { ...asOfBase, ...createHealthLoaders(asOfBase as never, () => at) } as unknown as Loaders;
  const live = await liveScopeState(m, loaders, unitIds);
  // Subjects as their history had them then (name, owner, status); those not yet created left out.
  const then = (rows: SnapshotRow[], nameField: 'title' | 'name') =>
    rows
      .filter((r) => exists(r.id))
      .map((r) => {
        const s = asOf.get(r.id)!;
        const row: SnapshotRow = { ...r, name: s[nameField] ?? r.name, ownerId: s.ownerId ?? r.ownerId, unitId: s.unitId ?? r.unitId };
        if (r.status !== undefined && s.status) row.status = s.status;
        return row;
      });
  const latestAt = new Map<string, Date>();
  for (const k of live.kpis) {
    const l = await latestMeasurement.load(k.id);
    if (l) latestAt.set(k.id, l.at);
  }
  return { kpis: then(live.kpis, 'name'), objectives: then(live.objectives, 'title'), initiatives: then(live.initiatives, 'title'), latestAt };
}

// ---------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const longDate = (d: Date) => `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
const ymd = (d: Date) => d.toISOString().slice(0, 10);
const hhmm = (d: Date) => d.toISOString().slice(11, 16);

interface SeededAction {
  id: string;
  meetingKey: string;
  kind: MeetingKind;
  unitId: string;
  decisionId: string | null;
  text: string;
  ownerId: string;
  due: Date;
  doneAt: Date | null;
  droppedAt: Date | null;
  createdAt: Date;
}
interface SeededDecision {
  id: string;
  meetingKey: string;
  unitId: string;
  text: string;
  ownerId: string;
  revisitOn: string | null;
  createdAt: Date;
}
interface SeededMeeting {
  id: string;
  spec: MeetingSpec;
  unitId: string;
  title: string;
  scheduledAt: Date;
  openedAt: Date | null;
  closedAt: Date | null;
}

/** Seeds the reviews story into the organisation seed's transaction. */
export async function seedDemoReviews(m: EntityManager, input: DemoReviewsInput): Promise<DemoReviewsSummary> {
  const { at, people, units, now } = input;
  const dayStart = at(0, 0).getTime();
  const q = Math.round((input.quarterStart.getTime() - 6 * DAY - dayStart) / DAY);
  const specs = reviewSpecs(q).sort((a, b) => a.day - b.day || a.hour - b.hour);
  const tree = await OrgTree.load(m);
  const names = new Map<string, string>((await m.query(`SELECT id, name FROM person`)).map((p: { id: string; name: string }) => [p.id, p.name]));
  const person = (email: string) => {
    const id = people[email];
    if (!id) throw new Error(`demo seed: unknown person ${email}`);
    return id;
  };
  const subjectId = (ref: SubjectRef) => {
    const map = ref.type === SubjectType.OBJECTIVE ? input.objectives : ref.type === SubjectType.KPI ? input.kpis : input.initiatives;
    const id = map[ref.name];
    if (!id) throw new Error(`demo seed: decision about unknown ${ref.type} ${ref.name}`);
    return id;
  };
  const when = (days: number, hour: number) => new Date(dayStart + days * DAY + hour * HOUR);

  const history: Record<string, unknown>[] = [];
  const record = async (
    type: SubjectType,
    id: string,
    action: HistoryAction,
    actorId: string,
    atTime: Date,
    prev: Record<string, unknown> | null,
    reason: string | null = null,
  ) => {
    const snapshot = await snapshotOf(m, type, id);
    history.push({
      subject_type: type,
      subject_id: id,
      action,
      actor_id: actorId,
      at: atTime,
      changes: JSON.stringify(action === HistoryAction.CREATE ? {} : diffSnapshots(prev, snapshot)),
      snapshot: JSON.stringify(snapshot),
      reason,
    });
  };
  const change = async (
    type: SubjectType,
    table: string,
    id: string,
    actorId: string,
    atTime: Date,
    cols: Record<string, unknown>,
    reason: string | null = null,
  ) => {
    const prev = await snapshotOf(m, type, id);
    const keys = Object.keys(cols);
    await m.query(`UPDATE "${table}" SET ${keys.map((k, i) => `"${k}" = $${i + 3}`).join(', ')}, version = version + 1, updated_at = $2 WHERE id = $1`, [
      id,
      atTime,
      ...keys.map((k) => cols[k]),
    ]);
    await record(type, id, HistoryAction.UPDATE, actorId, atTime, prev, reason);
  };

  const meetings: SeededMeeting[] = [];
  const decisions: SeededDecision[] = [];
  const actions: SeededAction[] = [];
  const later: { atTime: Date; run: () => Promise<void> }[] = []; // action status changes, applied after all meetings
  const summary: DemoReviewsSummary = {
    meetings: {},
    reviews: { operations: [], nextOperations: '', sales: [], nextSales: '', lastQuarterly: '', nextQuarterly: '', corporateDevelopment: '', briefing: '' },
    decisions: {},
    actions: {},
  };

  for (const spec of specs) {
    const unitId = units[spec.unit];
    const chairId = person(spec.chair);
    const scheduledAt = when(spec.day, spec.hour);
    const title = spec.datedTitle ? `${spec.title} — ${longDate(scheduledAt)}` : spec.title;
    // Scheduled at the close of the previous review of the scope, else three weeks ahead.
    const previous = [...meetings].reverse().find((x) => x.unitId === unitId && x.spec.kind === spec.kind);
    const createdAt = previous?.closedAt ? new Date(previous.closedAt.getTime() + 5 * MINUTE) : new Date(scheduledAt.getTime() - 21 * DAY);
    const id = randomUUID();
    await input.insertRows(m, 'meeting', [
      {
        id,
        kind: spec.kind,
        title,
        unit_id: unitId,
        chair_id: chairId,
        status: MeetingStatus.SCHEDULED,
        scheduled_at: scheduledAt,
        opened_at: null,
        closed_at: null,
        agenda_text: '',
        minutes_text: '',
        version: 1,
        created_at: createdAt,
        updated_at: createdAt,
      },
    ]);
    const participantIds = [...new Set(spec.participants.map(person))].filter((p) => p !== chairId);
    await input.insertRows(
      m,
      'meeting_participant',
      participantIds.map((p) => ({ meeting_id: id, person_id: p })),
    );
    await record(SubjectType.MEETING, id, HistoryAction.CREATE, chairId, createdAt, null);
    const seeded: SeededMeeting = { id, spec, unitId, title, scheduledAt, openedAt: null, closedAt: null };
    summary.meetings[title] = id;

    if (spec.closed) {
      const openedAt = new Date(scheduledAt.getTime() + 3 * MINUTE);
      const closedAt = new Date(openedAt.getTime() + spec.minutes * MINUTE);
      seeded.openedAt = openedAt;
      seeded.closedAt = closedAt;

      // Opening: the snapshot of the whole subtree (reads filter it per viewer), and the agenda.
      const state = await scopeStateAt(m, tree.subtree(unitId), openedAt);
      await input.insertRows(m, 'meeting_snapshot', [
        {
          meeting_id: id,
          taken_at: openedAt,
          kpis: JSON.stringify(state.kpis),
          objectives: JSON.stringify(state.objectives),
          initiatives: JSON.stringify(state.initiatives),
        },
      ]);
      const agenda = await agendaAt(m, tree, {
        unitId,
        kind: spec.kind,
        title,
        scheduledAt,
        openedAt,
        previous: previous ?? null,
        decisions,
        actions,
        state,
        names,
      });
      await change(SubjectType.MEETING, 'meeting', id, chairId, openedAt, { status: MeetingStatus.OPEN, opened_at: openedAt, agenda_text: agenda });

      // Decisions and actions, recorded during the meeting.
      let minute = 15;
      const addAction = async (a: ActionSpec, decisionId: string | null) => {
        const actionId = randomUUID();
        const createdAtA = new Date(openedAt.getTime() + minute * MINUTE);
        minute += 4;
        const due = when(a.due, 17);
        const doneAt = a.done !== undefined ? when(a.done, 15) : null;
        const droppedAt = a.dropped !== undefined ? new Date(when(a.dropped, 0).getTime() + 40 * MINUTE + spec.hour * HOUR) : null;
        if (doneAt && doneAt > now) throw new Error(`demo seed: action "${a.text}" done in the future`);
        await input.insertRows(m, 'action', [
          {
            id: actionId,
            meeting_id: id,
            unit_id: unitId,
            decision_id: decisionId,
            text: a.text,
            owner_id: person(a.owner),
            due_date: due,
            status: ActionStatus.OPEN,
            completed_at: null,
            version: 1,
            created_at: createdAtA,
            updated_at: createdAtA,
          },
        ]);
        await record(SubjectType.ACTION, actionId, HistoryAction.CREATE, chairId, createdAtA, null);
        actions.push({
          id: actionId,
          meetingKey: spec.key,
          kind: spec.kind,
          unitId,
          decisionId,
          text: a.text,
          ownerId: person(a.owner),
          due,
          doneAt,
          droppedAt,
          createdAt: createdAtA,
        });
        summary.actions[a.text] = actionId;
        if (doneAt)
          later.push({
            atTime: doneAt,
            run: () => change(SubjectType.ACTION, 'action', actionId, person(a.owner), doneAt, { status: ActionStatus.DONE, completed_at: doneAt }),
          });
        if (droppedAt) {
          later.push({
            atTime: droppedAt,
            run: () =>
              change(
                SubjectType.ACTION,
                'action',
                actionId,
                chairId,
                droppedAt,
                { status: ActionStatus.DROPPED },
                'Dropped at the next review: the works council needs the full plan first.',
              ),
          });
        }
      };
      for (const d of spec.decisions ?? []) {
        const decisionId = randomUUID();
        const createdAtD = new Date(openedAt.getTime() + minute * MINUTE);
        minute += 6;
        const revisitOn = d.revisit !== undefined ? ymd(when(d.revisit, 0)) : null;
        await input.insertRows(m, 'decision', [
          {
            id: decisionId,
            meeting_id: id,
            unit_id: unitId,
            text: d.text,
            rationale: d.rationale,
            owner_id: person(d.owner),
            subject_id: d.subject ? subjectId(d.subject) : null,
            subject_type: d.subject?.type ?? null,
            revisit_on: revisitOn,
            version: 1,
            created_at: createdAtD,
            updated_at: createdAtD,
          },
        ]);
        if (
          d.subject &&
          !audienceCanSee(tree, unitId, (await m.query(`SELECT unit_id FROM ${d.subject.type.toLowerCase()} WHERE id = $1`, [subjectId(d.subject)]))[0].unit_id)
        ) {
          throw new Error(`demo seed: decision "${d.text}" is about a subject its meeting's audience may not see`);
        }
        await record(SubjectType.DECISION, decisionId, HistoryAction.CREATE, chairId, createdAtD, null);
        decisions.push({ id: decisionId, meetingKey: spec.key, unitId, text: d.text, ownerId: person(d.owner), revisitOn, createdAt: createdAtD });
        summary.decisions[d.text] = decisionId;
        for (const a of d.actions ?? []) await addAction(a, decisionId);
      }
      for (const a of spec.actions ?? []) await addAction(a, null);
      if (openedAt.getTime() + minute * MINUTE > closedAt.getTime()) throw new Error(`demo seed: meeting ${title} ran out of time`);

      const minutes = minutesOf(
        spec,
        title,
        seeded,
        names,
        chairId,
        participantIds,
        decisions.filter((d) => d.meetingKey === spec.key),
        actions.filter((a) => a.meetingKey === spec.key),
      );
      await change(SubjectType.MEETING, 'meeting', id, chairId, closedAt, { status: MeetingStatus.CLOSED, closed_at: closedAt, minutes_text: minutes });
    }
    meetings.push(seeded);
  }

  for (const l of later.sort((a, b) => a.atTime.getTime() - b.atTime.getTime())) await l.run();

  const ofUnit = (unit: string, kind: MeetingKind) => meetings.filter((x) => x.unitId === units[unit] && x.spec.kind === kind);
  const ops = ofUnit('Operations', MeetingKind.MONTHLY_OPERATIONAL);
  const sales = ofUnit('Sales', MeetingKind.MONTHLY_OPERATIONAL);
  const quarterly = ofUnit('Halden Industrial', MeetingKind.QUARTERLY_STRATEGIC);
  summary.reviews = {
    operations: ops.filter((x) => x.closedAt).map((x) => x.id),
    nextOperations: ops.find((x) => !x.closedAt)!.id,
    sales: sales.filter((x) => x.closedAt).map((x) => x.id),
    nextSales: sales.find((x) => !x.closedAt)!.id,
    lastQuarterly: quarterly.find((x) => x.closedAt)!.id,
    nextQuarterly: quarterly.find((x) => !x.closedAt)!.id,
    corporateDevelopment: ofUnit('Corporate Development', MeetingKind.MONTHLY_OPERATIONAL)[0].id,
    briefing: randomUUID(),
  };

  // The briefing of the last closed Operations review, as `closeMeeting` stores it (content built
  // by the briefings module in this transaction, for the period since the previous review opened).
  const last = ops.filter((x) => x.closedAt).at(-1)!;
  const before = ops.filter((x) => x.closedAt).at(-2)!;
  const content = await buildBriefingContent(m, tree, {
    unitId: last.unitId,
    from: before.openedAt!,
    to: last.closedAt!,
    include: (u) => audienceCanSee(tree, last.unitId, u),
    now: last.closedAt!,
  });
  const rendered = renderBriefing(content, { id: null, meetingId: last.id });
  await input.insertRows(m, 'briefing', [
    {
      id: summary.reviews.briefing,
      unit_id: last.unitId,
      meeting_id: last.id,
      period_from: before.openedAt,
      period_to: last.closedAt,
      generated_at: last.closedAt,
      generated_by_id: person(last.spec.chair),
      content: JSON.stringify(content),
      markdown: rendered.markdown,
      html: rendered.html,
      created_at: last.closedAt,
    },
  ]);

  await input.insertRows(m, 'history_entry', history);
  return summary;
}

/** An agenda as `draftAgenda` would have drafted it when the meeting opened, from the data as it stood. */
async function agendaAt(
  m: EntityManager,
  tree: OrgTree,
  o: {
    unitId: string;
    kind: MeetingKind;
    title: string;
    scheduledAt: Date;
    openedAt: Date;
    previous: SeededMeeting | null;
    decisions: SeededDecision[];
    actions: SeededAction[];
    state: ScopeState;
    names: Map<string, string>;
  },
): Promise<string> {
  const t = o.openedAt;
  const audience = new Set(audienceUnitIds(tree, o.unitId));
  const items: AgendaItem[] = [];
  const push = (kind: AgendaItemKind, subjectId: string, title: string, detail: string, ownerId: string | null) =>
    items.push({ kind, subjectId, title, detail, ownerId, ownerName: ownerId ? (o.names.get(ownerId) ?? null) : null });
  const statusAt = (a: SeededAction) =>
    a.doneAt && a.doneAt <= t ? ActionStatus.DONE : a.droppedAt && a.droppedAt <= t ? ActionStatus.DROPPED : ActionStatus.OPEN;

  if (o.previous) {
    for (const d of o.decisions.filter((x) => x.meetingKey === o.previous!.spec.key)) {
      const of = o.actions.filter((a) => a.decisionId === d.id);
      push(AgendaItemKind.PREVIOUS_DECISION, d.id, d.text, actionStateAt(of, statusAt, t), d.ownerId);
    }
  }
  // Open actions of every earlier closed meeting of the scope (same unit and kind).
  const carried = o.actions
    .filter((a) => a.unitId === o.unitId && a.kind === o.kind && a.createdAt < t && statusAt(a) === ActionStatus.OPEN)
    .sort((a, b) => a.due.getTime() - b.due.getTime() || a.createdAt.getTime() - b.createdAt.getTime());
  for (const a of carried) push(AgendaItemKind.OPEN_ACTION, a.id, a.text, a.due < t ? `Overdue since ${ymd(a.due)}.` : `Due ${ymd(a.due)}.`, a.ownerId);

  const prevDay = o.previous ? ymd(o.previous.scheduledAt) : null;
  for (const d of o.decisions
    .filter((d) => audience.has(d.unitId) && d.revisitOn && d.revisitOn <= ymd(o.scheduledAt) && (!prevDay || d.revisitOn > prevDay) && d.createdAt < t)
    .sort((a, b) => a.revisitOn!.localeCompare(b.revisitOn!) || a.createdAt.getTime() - b.createdAt.getTime())) {
    push(AgendaItemKind.DECISION_TO_REVISIT, d.id, d.text, `Revisit due ${d.revisitOn}.`, d.ownerId);
  }

  const fmt = (n: number | null | undefined) => (n == null ? '—' : Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/\.?0+$/, ''));
  const kpis = o.state.kpis.filter((k) => audience.has(k.unitId));
  for (const k of kpis.filter((k) => k.health === 'OFF_TRACK'))
    push(AgendaItemKind.OFF_TRACK_KPI, k.id, k.name, `Latest ${fmt(k.value)} against target ${fmt(k.target)}.`, k.ownerId);
  for (const k of kpis.filter((k) => k.health === 'AT_RISK'))
    push(AgendaItemKind.AT_RISK_KPI, k.id, k.name, `Latest ${fmt(k.value)} against target ${fmt(k.target)}.`, k.ownerId);
  for (const k of kpis.filter((k) => k.stale)) {
    const l = o.state.latestAt.get(k.id);
    push(AgendaItemKind.STALE_KPI, k.id, k.name, l ? `Last measured ${ymd(l)}.` : 'Never measured.', k.ownerId);
  }
  const milestones: { id: string; title: string; due_date: string; initiative: string; owner_id: string }[] = await m.query(
    `SELECT ms.id, ms.title, ms.due_date::text AS due_date, i.title AS initiative, i.owner_id
       FROM milestone ms JOIN initiative i ON i.id = ms.initiative_id
      WHERE i.unit_id = ANY($1) AND i.created_at <= $3 AND ms.created_at <= $3 AND (ms.completed_at IS NULL OR ms.completed_at > $3) AND ms.due_date < $2::date
      ORDER BY ms.due_date, i.title`,
    [[...audience], ymd(t), t],
  );
  for (const ms of milestones) push(AgendaItemKind.OVERDUE_MILESTONE, ms.id, `${ms.initiative}: ${ms.title}`, `Due ${ms.due_date}.`, ms.owner_id);
  return agendaToMarkdown(items, o.title);
}

/** The same wording as the agenda's "were they carried out?" line, for the actions' states at `t`. */
function actionStateAt(actions: SeededAction[], statusAt: (a: SeededAction) => ActionStatus, t: Date): string {
  if (actions.length === 0) return 'No actions were agreed.';
  const done = actions.filter((a) => statusAt(a) === ActionStatus.DONE).length;
  const dropped = actions.filter((a) => statusAt(a) === ActionStatus.DROPPED).length;
  const open = actions.filter((a) => statusAt(a) === ActionStatus.OPEN);
  const overdue = open.filter((a) => a.due < t).length;
  const parts = [`${done} of ${actions.length} action${actions.length === 1 ? '' : 's'} done`];
  if (open.length) parts.push(`${open.length} open${overdue ? ` (${overdue} overdue)` : ''}`);
  if (dropped) parts.push(`${dropped} dropped`);
  return parts.join(', ') + '.';
}

/** Minutes as a secretary would write them: who was there, the discussion, decisions with their reasons, actions with owners and dates. */
function minutesOf(
  spec: MeetingSpec,
  title: string,
  meeting: SeededMeeting,
  names: Map<string, string>,
  chairId: string,
  participantIds: string[],
  decisions: SeededDecision[],
  actions: SeededAction[],
): string {
  const name = (id: string) => names.get(id) ?? 'unknown';
  const lines = [
    `# Minutes: ${title}`,
    '',
    `Chair: ${name(chairId)}. Present: ${participantIds.map(name).join(', ')}.`,
    `Opened ${hhmm(meeting.openedAt!)} UTC, closed ${hhmm(meeting.closedAt!)} UTC.`,
    '',
    '## Discussion',
    '',
    ...(spec.notes ?? []).map((n) => `- ${n}`),
    '',
    '## Decisions',
    '',
  ];
  const specDecisions = spec.decisions ?? [];
  decisions.forEach((d, i) => {
    const s = specDecisions.find((x) => x.text === d.text)!;
    lines.push(`${i + 1}. ${d.text} (owner: ${name(d.ownerId)}). Why: ${s.rationale}${d.revisitOn ? ` Revisit on ${d.revisitOn}.` : ''}`);
  });
  if (decisions.length === 0) lines.push('None.');
  lines.push('', '## Actions', '');
  for (const a of actions) lines.push(`- ${a.text}: ${name(a.ownerId)}, due ${ymd(a.due)}.`);
  if (actions.length === 0) lines.push('None.');
  lines.push('');
  return lines.join('\n');
}
