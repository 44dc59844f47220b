/** How a unit's capacity (computed once, on the server: Unit.capacity) reads on every screen. */
import { formatFixed } from './format';

/** A unit's capacity as the server computes it (the one definition: capacity.service.ts). */
export interface CapacityFigure {
  committed: number;
  available: number;
  overcommitted: boolean;
  complete: boolean;
}

/** What a capacity figure counts, when visibility narrows it: "visible units only". */
export function capacityScope(c: Pick<CapacityFigure, 'complete'> | null | undefined): string | null {
  return c && !c.complete ? 'visible units only' : null;
}

/** "16.5 / 12.0 FTE": committed against available, one decimal so columns line up. */
export function capacityText(
  c: Pick<CapacityFigure, 'committed' | 'available'> | null | undefined,
  withUnit = true,
): string {
  if (!c) return '—';
  return `${formatFixed(c.committed)} / ${formatFixed(c.available)}${withUnit ? ' FTE' : ''}`;
}
