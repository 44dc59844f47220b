/**
 * The one glossary: the words Throughline uses for its enums, on every screen and in every text the
 * server writes. Health is "On track / At risk / Off track / No data" everywhere — the traffic-light
 * colours are how it is drawn, not what it is called (a target's thresholds are "At risk at" and
 * "Off track at", not "Amber" and "Red"). The fourth perspective is "Learning & growth", as the
 * import help writes it.
 */
import { Health, Perspective } from './enums';

/** Health in words, capitalised for a label. */
export const HEALTH_LABEL: Record<Health, string> = {
  [Health.ON_TRACK]: 'On track',
  [Health.AT_RISK]: 'At risk',
  [Health.OFF_TRACK]: 'Off track',
  [Health.NO_DATA]: 'No data',
};

/** The names of a target's two thresholds (the values where a KPI turns at risk and off track). */
export const THRESHOLD_LABEL = { amber: 'At risk at', red: 'Off track at' } as const;

/** Balanced Scorecard perspectives. */
export const PERSPECTIVE_LABEL: Record<Perspective, string> = {
  [Perspective.FINANCIAL]: 'Financial',
  [Perspective.CUSTOMER]: 'Customer',
  [Perspective.INTERNAL_PROCESS]: 'Internal process',
  [Perspective.LEARNING_GROWTH]: 'Learning & growth',
};

/** Drift rules, as an alert's kind is shown. */
export const ALERT_RULE_LABEL: Record<string, string> = {
  KPI_AT_RISK: 'KPI at risk',
  KPI_OFF_TRACK: 'KPI off track',
  KPI_DECLINING: 'KPI declining',
  KPI_STALE: 'KPI stale',
  KPI_UNOWNED: 'KPI without owner',
  KPI_VANITY: 'KPI measuring no objective',
  OBJECTIVE_UNOWNED: 'Objective without owner',
  MILESTONE_OVERDUE: 'Milestone overdue',
  INITIATIVE_NO_OBJECTIVE: 'Initiative supporting no objective',
  INITIATIVE_NO_KPI: 'Initiative targeting no KPI',
  ACTION_OVERDUE: 'Action overdue',
};

/** Every enum value with a word of its own (others are written by `humanize`). */
const TERMS: Record<string, string> = { ...HEALTH_LABEL, ...PERSPECTIVE_LABEL, ...ALERT_RULE_LABEL };

/** The glossary's word for an enum value, or null when it has none. */
export function term(value: string | null | undefined): string | null {
  return value ? (TERMS[value] ?? null) : null;
}

/** Health in words: "On track"; lower case for the middle of a sentence with `{ lower: true }`. */
export function healthLabel(h: string | null | undefined, opts: { lower?: boolean } = {}): string {
  const label = HEALTH_LABEL[(h as Health) ?? Health.NO_DATA] ?? HEALTH_LABEL[Health.NO_DATA];
  return opts.lower ? label.toLowerCase() : label;
}

/** A perspective's name: "Learning & growth"; "—" when there is none. */
export function perspectiveLabel(p: string | null | undefined): string {
  return p ? (PERSPECTIVE_LABEL[p as Perspective] ?? humanize(p)) : '—';
}

/**
 * An enum value in words: the glossary's word when it has one (LEARNING_GROWTH → "Learning &
 * growth"), else sentence case with acronyms kept (INTERNAL_PROCESS → "Internal process",
 * KPI_STALE → "KPI stale").
 */
export function humanize(value: string | null | undefined): string {
  if (!value) return '—';
  const known = TERMS[value];
  if (known) return known;
  const s = value
    .toLowerCase()
    .replace(/_/g, ' ')
    .replace(/\b(kpis?|ftes?|csv)\b/g, (w) => w.toUpperCase().replace(/S$/, 's'));
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** `humanize` for the middle of a sentence: "this initiative", "this KPI". */
export function humanizeLower(value: string | null | undefined): string {
  const h = humanize(value);
  return /^[A-Z]{2}/.test(h) ? h : h.charAt(0).toLowerCase() + h.slice(1);
}

/** A review's kind as its title writes it: MONTHLY → "monthly", QUARTERLY → "quarterly". */
export function reviewKindWord(kind: string): string {
  return kind.toLowerCase().replace(/_/g, ' ');
}
