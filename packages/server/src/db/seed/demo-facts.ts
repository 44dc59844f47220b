/**
 * Facts about the demo organisation (story/*.json) that tests, docs, tools and the product's
 * contract rely on, whatever `now` is. The story files must agree with them; the seed checks
 * the names it is asked for and the seed tests check the rest.
 */

const OPS_HEAD = 'ops.head@demo.test';
const SALES_HEAD = 'sales.head@demo.test';
const CEO = 'ceo@demo.test';
const CD_HEAD = 'elena.marsh@demo.test';

/** Facts about the reviews story (story/reviews.json) that hold for any `now`. */
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
    {
      text: 'Put the final-QC capacity limit into the S&OP capacity plan',
      owner: 'sofia.marquez@demo.test',
      unit: 'Operations',
    },
    {
      text: 'Get a written delivery date for the second test bench, with a late-delivery penalty',
      owner: 'aisha.rahman@demo.test',
      unit: 'Operations',
    },
    {
      text: 'Cost an interim rented test rig against the cost of late orders',
      owner: 'erik.lund@demo.test',
      unit: 'Operations',
    },
    {
      text: 'Submit the new sales compensation plan documents to the works council',
      owner: 'ruth.adeyemi@demo.test',
      unit: 'Sales',
    },
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
  decisionDueForRevisit:
    'Keep watching the final-QC queue for one more month; decide on interim test capacity at the next review',
  /** Decision of the last Operations review due for revisit at the next quarterly review. */
  decisionForQuarterly:
    'Ask the leadership team to release the strategic reserve for two interim final-QC inspectors',
  /** The restricted meeting and its decision about the sensor start-up. */
  restrictedMeeting: 'Corporate Development: sensor start-up review',
  restrictedDecision:
    'Proceed to confirmatory due diligence on the sensor start-up; no indicative offer before the uptime pilot’s go/no-go',
} as const;

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
  /** The reviews story: chairs, next reviews, overdue actions, follow-through (story/reviews.json). */
  reviews: DEMO_REVIEW_FACTS,
} as const;
