import { initiativeHooks } from '../initiatives/initiative.service.js';
import { kpiHooks, measurementHooks } from '../kpis/kpi.service.js';
import { objectiveHooks } from '../objectives/objective.service.js';
import { evaluateInitiativeDrift, evaluateKpiAndLinkedDrift, evaluateKpiDrift, evaluateObjectiveDrift } from './drift.service.js';

let registered = false;

/**
 * Plugs drift evaluation into the write paths, so each change evaluates exactly what it
 * touched, in its own transaction: measurements → those KPIs; KPI, objective and initiative
 * changes → that subject and the subjects its links feed. Idempotent (several servers in one
 * process register once). Each hook gets the change's `now` (the server clock's, see clock.ts).
 */
export function registerDriftHooks(): void {
  if (registered) return;
  registered = true;
  measurementHooks.push((m, kpiIds, _policy, now) => evaluateKpiDrift(m, kpiIds, now));
  kpiHooks.push((m, kpiIds, _policy, now) => evaluateKpiAndLinkedDrift(m, kpiIds, now));
  objectiveHooks.push((m, objectiveIds, _policy, now) => evaluateObjectiveDrift(m, objectiveIds, now));
  initiativeHooks.push((m, initiativeId, _policy, now) => evaluateInitiativeDrift(m, [initiativeId], now));
}
