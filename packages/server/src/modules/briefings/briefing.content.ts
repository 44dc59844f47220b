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
  /** KPI id → health when generated, so the next briefing can tell what moved since this one. */
  kpiHealth: Record<string, Health>;
}
