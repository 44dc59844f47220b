import { formatDate } from '../ui/format';

/** Words for a check-in status. */
export const CHECK_IN_STATUS_LABEL: Record<string, string> = {
  ON_TRACK: 'On track',
  AT_RISK: 'At risk',
  OFF_TRACK: 'Off track',
};

/** Chip tone of a check-in status. */
export const CHECK_IN_STATUS_TONE: Record<string, 'green' | 'amber' | 'red'> = {
  ON_TRACK: 'green',
  AT_RISK: 'amber',
  OFF_TRACK: 'red',
};

/** Words for where a drafted sentence came from. */
export const SOURCE_KIND_LABEL: Record<string, string> = {
  MEASUREMENT: 'Values',
  HEALTH: 'Health',
  PARTNER_DATA: 'Partner data',
  MILESTONE: 'Milestone',
  ACTION: 'Review action',
  DECISION: 'Review decision',
};

/** The panel's one line on when the next check-in is due. */
export function dueLine(
  due: { dueAt: string; overdue: boolean; lastAt?: string | null } | null | undefined,
): string {
  if (!due) return 'No check-in is due: only active initiatives are checked in on.';
  const last = due.lastAt ? `Last check-in ${formatDate(due.lastAt)}.` : 'No check-in yet.';
  return due.overdue
    ? `Check-in overdue: it was due ${formatDate(due.dueAt)}. ${last}`
    : `Next check-in due ${formatDate(due.dueAt)}. ${last}`;
}

/** Links typed one per line (or separated by spaces), blank ones dropped. */
export function linksOf(text: string): string[] {
  return text
    .split(/\s+/)
    .map((l) => l.trim())
    .filter(Boolean);
}

/** Client checks of the check-in form, by field (the server checks again). */
export function validateCheckIn(v: {
  confidence: string;
  happened: string;
  next: string;
  blockers: string;
  links: string;
}): Record<string, string> {
  const errors: Record<string, string> = {};
  const c = Number(v.confidence);
  if (!Number.isInteger(c) || c < 1 || c > 10)
    errors.confidence = 'Confidence is a whole number from 1 to 10.';
  if (!v.happened.trim() && !v.next.trim() && !v.blockers.trim())
    errors.happened = 'Say what happened (or what is next, or what blocks you).';
  const bad = linksOf(v.links).find((l) => !/^https?:\/\/[^\s/]+/i.test(l));
  if (bad) errors.links = `“${bad}” is not a web address (http:// or https://).`;
  return errors;
}
