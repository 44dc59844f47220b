import type { Health, SubjectType } from '@throughline/shared';

/** One line of a briefing: a subject, its health (and before, for what moved), its owner, a detail. */
export interface BriefingLine {
  subjectType: SubjectType;
  subjectId: string;
  title: string;
  health: Health | null;
  previousHealth: Health | null;
  ownerId: string | null;
  ownerName: string | null;
  detail: string | null;
  /** Actions: due date (ISO). */
  dueDate: string | null;
}

/** The review whose close produced a briefing. */
export interface BriefingMeeting {
  id: string;
  title: string;
  /** ISO instant. */
  closedAt: string;
  /** The minutes as fixed when the review closed (plain text). */
  minutes: string;
}

/**
 * One piece of "why" behind a KPI that moved or is off track: the note someone wrote with a
 * measurement, or (when check-ins exist) a check-in's note. Only KPIs the briefing carries.
 */
export interface WhyNote {
  kpiId: string;
  kpiName: string;
  source: 'MEASUREMENT' | 'CHECK_IN';
  /** ISO instant the note is about (the measurement's date). */
  at: string;
  text: string;
  /** The value recorded with the note, as text with its unit ("71.2 %"); null for a check-in without one. */
  value: string | null;
  authorName: string | null;
}

/** What makes a briefing a review's pre-read. */
export interface PreReadInfo {
  meetingId: string;
  meetingTitle: string;
  /** ISO instant the review is scheduled for. */
  scheduledAt: string;
  /** The meeting's day in the organisation's time zone (YYYY-MM-DD): decisions due for revisit by then. */
  revisitBy: string;
}

/**
 * What happened when a pre-read was sent to one person. SENT: the SMTP server took it;
 * SENT_NO_SIGN_IN: sent, but they have no sign-in yet, so the link asks them to accept an
 * invitation first; FAILED: the SMTP server refused it or could not be reached (`error`);
 * NO_MAIL_SERVER: this server sends no email (no SMTP_URL), nothing was sent; LEFT: the person
 * has left the organisation; NO_ACCESS: they can no longer see the review's unit.
 */
export type PreReadOutcome = 'SENT' | 'SENT_NO_SIGN_IN' | 'FAILED' | 'NO_MAIL_SERVER' | 'LEFT' | 'NO_ACCESS';

/** One recipient of a sent pre-read. */
export interface PreReadDelivery {
  personId: string;
  /** Their name when it was sent. */
  name: string;
  role: 'CHAIR' | 'PARTICIPANT';
  outcome: PreReadOutcome;
  error: string | null;
  /** ISO instant. */
  at: string;
}

/** The structured content of a briefing, from which both renderings are made. */
export interface BriefingContent {
  unitId: string;
  unitName: string;
  /** ISO instants. */
  from: string;
  to: string;
  generatedAt: string;
  /** What "moved" is measured against: the previous briefing of the unit, else the start of the period. */
  comparedWith: 'PREVIOUS_BRIEFING' | 'PERIOD_START';
  comparedAt: string;
  objectives: BriefingLine[];
  moved: BriefingLine[];
  offTrack: BriefingLine[];
  decisions: BriefingLine[];
  overdueActions: BriefingLine[];
  /** Set when closing a review produced the briefing: what the review was, and its minutes. */
  meeting?: BriefingMeeting;
  /** Actions agreed in the review (closing a review only), with owners and due dates. */
  newActions?: BriefingLine[];
  /** Actions of earlier reviews of the scope still open when the review closed (closing a review only). */
  carriedActions?: BriefingLine[];
  /** Set on a review's pre-read: which review, and by when decisions are due for revisit. */
  preRead?: PreReadInfo;
  /** A pre-read: decisions of the scope whose revisit date falls in the period, up to the review's day. */
  revisitDue?: BriefingLine[];
  /** A pre-read: the "why" — notes on the KPIs that moved or are off track, newest first. */
  why?: WhyNote[];
  /** KPI id → health when generated, so the next briefing can tell what moved since this one. */
  kpiHealth: Record<string, Health>;
}
