import { Health, HEALTH_SEVERITY } from '@throughline/shared';

/** How a health is shown: label, token colours (CSS variables) and a short text for screen readers. */
export interface HealthStyle {
  label: string;
  tone: 'green' | 'amber' | 'red' | 'grey';
  color: string;
  background: string;
}

const STYLES: Record<Health, HealthStyle> = {
  [Health.ON_TRACK]: {
    label: 'On track',
    tone: 'green',
    color: 'var(--green)',
    background: 'var(--green-bg)',
  },
  [Health.AT_RISK]: { label: 'At risk', tone: 'amber', color: 'var(--amber)', background: 'var(--amber-bg)' },
  [Health.OFF_TRACK]: { label: 'Off track', tone: 'red', color: 'var(--red)', background: 'var(--red-bg)' },
  [Health.NO_DATA]: { label: 'No data', tone: 'grey', color: 'var(--grey)', background: 'var(--grey-bg)' },
};

/** Maps a health (or an unknown value from an older/newer server) to its colours; unknown reads as grey. */
export function healthStyle(h: string | null | undefined): HealthStyle {
  return STYLES[(h as Health) ?? Health.NO_DATA] ?? STYLES[Health.NO_DATA];
}

/** Raw hex colours for places CSS variables cannot reach (chart fills, cursors). */
export const HEALTH_HEX = { green: '#16a34a', amber: '#d97706', red: '#dc2626', grey: '#94a3b8' } as const;

/** Sorts worst first (off track, at risk, on track, no data), for "what needs attention" lists. */
export function byWorstHealth<T extends { health: string }>(a: T, b: T): number {
  return (HEALTH_SEVERITY[b.health as Health] ?? 0) - (HEALTH_SEVERITY[a.health as Health] ?? 0);
}

/** Counts per health, for summary strips. */
export function healthCounts(items: readonly { health: string }[]): Record<Health, number> {
  const c = { ON_TRACK: 0, AT_RISK: 0, OFF_TRACK: 0, NO_DATA: 0 } as Record<Health, number>;
  for (const i of items) c[(i.health as Health) in c ? (i.health as Health) : Health.NO_DATA]++;
  return c;
}

/** The health values a filter offers, worst last but "no data": the values the server sends. */
export const HEALTH_CHOICES: readonly Health[] = [
  Health.ON_TRACK,
  Health.AT_RISK,
  Health.OFF_TRACK,
  Health.NO_DATA,
];
