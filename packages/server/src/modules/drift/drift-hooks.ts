import { initiativeHooks } from '../initiatives/initiative.service';
import { kpiHooks, measurementHooks } from '../kpis/kpi.service';
import { objectiveHooks } from '../objectives/objective.service';
import { evaluateInitiativeDrift, evaluateKpiAndLinkedDrift, evaluateKpiDrift, evaluateObjectiveDrift } from './drift.service';

let registered = false;

/**
 * Plugs drift evaluation into the write paths, so each change evaluates exactly what it
 * touched, in its own transaction: measurements → those KPIs; KPI, objective and initiative
 * changes → that subject and the subjects its links feed. Idempotent (several servers in one
 * process register once).
 */
export function registerDriftHooks(): void {
  if (registered) return;
  registered = true;
  measurementHooks.push((m, kpiIds) => evaluateKpiDrift(m, kpiIds));
  kpiHooks.push((m, kpiIds) => evaluateKpiAndLinkedDrift(m, kpiIds));
  objectiveHooks.push((m, objectiveIds) => evaluateObjectiveDrift(m, objectiveIds));
  initiativeHooks.push((m, initiativeId) => evaluateInitiativeDrift(m, [initiativeId]));
}
