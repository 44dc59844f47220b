/**
 * String enums shared by the server (type-graphql registers them as GraphQL
 * enums) and the web client. Values equal their keys (except `TokenScope`),
 * so they are stable across the database, the API and the UI.
 */

/** Traffic-light status of a KPI, objective or initiative; NO_DATA means "cannot be judged", not "bad". */
export enum Health {
  ON_TRACK = 'ON_TRACK',
  AT_RISK = 'AT_RISK',
  OFF_TRACK = 'OFF_TRACK',
  NO_DATA = 'NO_DATA',
}

/** Which way a KPI should move; decides how thresholds and trends are read. */
export enum Direction {
  HIGHER_IS_BETTER = 'HIGHER_IS_BETTER',
  LOWER_IS_BETTER = 'LOWER_IS_BETTER',
}

/** Whether a KPI predicts results (leading) or reports them after the fact (lagging). */
export enum KpiKind {
  LEADING = 'LEADING',
  LAGGING = 'LAGGING',
}

/** How often a KPI is measured; drives target periods and staleness. */
export enum Frequency {
  WEEKLY = 'WEEKLY',
  MONTHLY = 'MONTHLY',
  QUARTERLY = 'QUARTERLY',
}

/** Strategy framework a plan is expressed in; changes vocabulary and layout, not the data model. */
export enum Framework {
  OKR = 'OKR',
  BALANCED_SCORECARD = 'BALANCED_SCORECARD',
  HOSHIN_KANRI = 'HOSHIN_KANRI',
}

/** Balanced-scorecard perspective an objective belongs to. */
export enum Perspective {
  FINANCIAL = 'FINANCIAL',
  CUSTOMER = 'CUSTOMER',
  INTERNAL_PROCESS = 'INTERNAL_PROCESS',
  LEARNING_GROWTH = 'LEARNING_GROWTH',
}

/** Lifecycle of an initiative (a piece of work meant to move KPIs). */
export enum InitiativeStatus {
  PROPOSED = 'PROPOSED',
  ACTIVE = 'ACTIVE',
  PAUSED = 'PAUSED',
  COMPLETED = 'COMPLETED',
  STOPPED = 'STOPPED',
}

/** Level of an organisational unit in the hierarchy. */
export enum UnitKind {
  COMPANY = 'COMPANY',
  DEPARTMENT = 'DEPARTMENT',
  TEAM = 'TEAM',
}

/** Who may see a unit's strategy: everyone in the organisation, or only its members and executives. */
export enum UnitVisibility {
  ORGANIZATION = 'ORGANIZATION',
  RESTRICTED = 'RESTRICTED',
}

/** Organisation-wide role of a person. Unit head is not a role: it is derived from `units.head`. */
export enum Role {
  EXECUTIVE = 'EXECUTIVE',
  MEMBER = 'MEMBER',
}

/** Cadence type of a strategy review meeting. */
export enum MeetingKind {
  MONTHLY_OPERATIONAL = 'MONTHLY_OPERATIONAL',
  QUARTERLY_STRATEGIC = 'QUARTERLY_STRATEGIC',
  ANNUAL_REFRESH = 'ANNUAL_REFRESH',
}

/** Lifecycle of a meeting; CLOSED freezes its minutes and decisions. */
export enum MeetingStatus {
  SCHEDULED = 'SCHEDULED',
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
  /** Called off before it was held (with a reason); participants are told. */
  CANCELLED = 'CANCELLED',
}

/** Lifecycle of a meeting action item; only OPEN actions can be overdue. */
export enum ActionStatus {
  OPEN = 'OPEN',
  DONE = 'DONE',
  DROPPED = 'DROPPED',
}

/**
 * Where a decision stands: SUPERSEDED once a later decision replaced it; CARRIED_OUT when it has
 * actions, at least one is done and none is still open (dropped ones do not hold it open); else OPEN.
 */
export enum DecisionStatus {
  OPEN = 'OPEN',
  CARRIED_OUT = 'CARRIED_OUT',
  SUPERSEDED = 'SUPERSEDED',
}

/** Lifecycle of a drift alert. */
export enum AlertStatus {
  OPEN = 'OPEN',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  RESOLVED = 'RESOLVED',
}

/** Permission carried by an API token; values are the wire strings used in token scopes. */
export enum TokenScope {
  READ = 'read',
  WRITE_MEASUREMENTS = 'write:measurements',
  /** Initiative status and milestones (a delivery tracker's feed). */
  WRITE_INITIATIVES = 'write:initiatives',
}

/** Kind of change recorded in an entity's history. */
export enum HistoryAction {
  CREATE = 'CREATE',
  UPDATE = 'UPDATE',
  ARCHIVE = 'ARCHIVE',
  RESTORE = 'RESTORE',
  LINK = 'LINK',
  UNLINK = 'UNLINK',
}

/** Type of entity a history entry, alert or comment refers to. */
export enum SubjectType {
  UNIT = 'UNIT',
  PERSON = 'PERSON',
  PLAN = 'PLAN',
  OBJECTIVE = 'OBJECTIVE',
  KPI = 'KPI',
  MEASUREMENT = 'MEASUREMENT',
  INITIATIVE = 'INITIATIVE',
  MILESTONE = 'MILESTONE',
  MEETING = 'MEETING',
  DECISION = 'DECISION',
  ACTION = 'ACTION',
  ALERT = 'ALERT',
  /** A unit's review rhythm (when its monthly or quarterly reviews fall). */
  REVIEW_RHYTHM = 'REVIEW_RHYTHM',
  /** An owner's check-in on a KPI, key result or initiative (status, confidence, notes). */
  CHECK_IN = 'CHECK_IN',
  /** A catchball negotiation of objectives, KPIs and targets between an owner and a unit. */
  NEGOTIATION = 'NEGOTIATION',
  /** A change that needs someone's approval before it applies. */
  CHANGE_REQUEST = 'CHANGE_REQUEST',
}

/** How an owner judges a KPI, key result or initiative when they check in. */
export enum CheckInStatus {
  ON_TRACK = 'ON_TRACK',
  AT_RISK = 'AT_RISK',
  OFF_TRACK = 'OFF_TRACK',
}

/** What an entry of a person's "what I must do" list asks of them. */
export enum WorkItemKind {
  /** A check-in on a KPI, key result or initiative they own is due or missed. */
  CHECK_IN_DUE = 'CHECK_IN_DUE',
  /** An action they own is past its due date. */
  ACTION_OVERDUE = 'ACTION_OVERDUE',
  /** An action they own falls due within the next seven days. */
  ACTION_DUE_SOON = 'ACTION_DUE_SOON',
  /** A decision they own has reached its revisit date. */
  DECISION_TO_REVISIT = 'DECISION_TO_REVISIT',
  /** A catchball proposal waits for their answer. */
  PROPOSAL_WAITING = 'PROPOSAL_WAITING',
  /** A change request waits for their approval. */
  APPROVAL_WAITING = 'APPROVAL_WAITING',
}

/** Which changes of a plan need someone's approval before they apply (`approval_rule`). */
export enum ApprovalRuleKind {
  /** Targets and thresholds of KPIs on the executive dashboard measuring this plan's objectives. */
  DASHBOARD_KPI_TARGET = 'DASHBOARD_KPI_TARGET',
  /** Archiving one of the plan's objectives. */
  OBJECTIVE_ARCHIVE = 'OBJECTIVE_ARCHIVE',
  /** Starting one of the plan's initiatives (status ACTIVE) with a budget above the rule's amount. */
  INITIATIVE_START = 'INITIATIVE_START',
}

/** Where a change request stands. */
export enum ChangeRequestStatus {
  /** Waits for an approver. */
  PENDING = 'PENDING',
  /** Approved; the change applied in the same step. */
  APPROVED = 'APPROVED',
  /** Rejected by an approver; nothing applied. */
  REJECTED = 'REJECTED',
  /** Taken back by the requester; nothing applied. */
  WITHDRAWN = 'WITHDRAWN',
  /** The subject changed after the request was made: nothing applied; ask again on the current version. */
  OUTDATED = 'OUTDATED',
}

/** What a security audit log entry records (who signed in, failed, changed what of an account). */
export enum SecurityEventKind {
  SIGN_IN = 'SIGN_IN',
  SIGN_IN_FAILED = 'SIGN_IN_FAILED',
  SIGN_IN_THROTTLED = 'SIGN_IN_THROTTLED',
  SIGN_OUT = 'SIGN_OUT',
  SIGN_OUT_EVERYWHERE = 'SIGN_OUT_EVERYWHERE',
  SESSION_REVOKED = 'SESSION_REVOKED',
  PASSWORD_CHANGED = 'PASSWORD_CHANGED',
  PASSWORD_RESET_REQUESTED = 'PASSWORD_RESET_REQUESTED',
  PASSWORD_RESET = 'PASSWORD_RESET',
  INVITATION_SENT = 'INVITATION_SENT',
  INVITATION_ACCEPTED = 'INVITATION_ACCEPTED',
  COMPANY_SIGN_IN = 'COMPANY_SIGN_IN',
  COMPANY_SIGN_IN_REFUSED = 'COMPANY_SIGN_IN_REFUSED',
  TOKEN_CREATED = 'TOKEN_CREATED',
  TOKEN_REVOKED = 'TOKEN_REVOKED',
  PERSON_CREATED = 'PERSON_CREATED',
  PERSON_ARCHIVED = 'PERSON_ARCHIVED',
  ROLE_CHANGED = 'ROLE_CHANGED',
  UNIT_CHANGED = 'UNIT_CHANGED',
}
