/** Test data for the map's pure functions: an objective with the fields the map reads. */
import type { MapObjective } from './plan-graph';

export const objective = (
  id: string,
  parent: string | null,
  extra: Partial<MapObjective> = {},
): MapObjective => ({
  id,
  title: id,
  health: 'ON_TRACK',
  perspective: null,
  position: 0,
  parent: parent ? { id: parent } : null,
  unit: { id: 'u', name: 'U' },
  owner: { id: 'p', name: 'P' },
  kpis: [],
  initiatives: [],
  ...extra,
});
