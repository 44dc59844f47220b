import { HistoryAction, SubjectType } from '@throughline/shared';
import type { EntityManager } from 'typeorm';
import { Policy } from '../../auth/policy.js';
import { before, recordChange } from '../graph-write.js';
import { KpiTarget } from '../kpis/kpi-target.entity.js';
import { Kpi } from '../kpis/kpi.entity.js';
import { evaluateKpiAndLinkedDrift, evaluateObjectiveDrift } from '../drift/drift.service.js';
import { ObjectiveKpi } from '../objectives/objective-kpi.entity.js';
import { Objective } from '../objectives/objective.entity.js';
import { Plan } from '../plans/plan.entity.js';
import { ImportStrategyResult } from './import.inputs.js';

import { CheckedKpi, CheckedObjective, IMPORT_REASON } from './import-rows.js';

/** Writes checked rows: objectives parents first, KPIs, targets and links, then history, events and drift hooks. */
export async function writeRows(
  m: EntityManager,
  policy: Policy,
  plan: Plan,
  objectives: CheckedObjective[],
  kpis: CheckedKpi[],
  now: Date,
): Promise<ImportStrategyResult> {
  const byKey = new Map(objectives.map((o) => [o.key, o]));
  const idOfKey = new Map<string, string>();
  const createdObjectives = new Map<string, Objective>();
  const positions = new Map<string, number>();
  const repo = m.getRepository(Objective);
  const create = async (o: CheckedObjective): Promise<string> => {
    const done = idOfKey.get(o.key);
    if (done) return done;
    const parentId = o.parentKey ? await create(byKey.get(o.parentKey)!) : o.parentId;
    const siblings = parentId ?? '';
    const position = positions.get(siblings) ?? 0;
    positions.set(siblings, position + 1);
    const row = await repo.save(
      repo.create({
        planId: plan.id,
        title: o.title,
        description: o.description,
        ownerId: o.ownerId,
        unitId: o.unitId,
        parentId,
        perspective: o.perspective,
        periodStart: o.periodStart,
        periodEnd: o.periodEnd,
        position,
      }),
    );
    idOfKey.set(o.key, row.id);
    createdObjectives.set(o.key, row);
    return row.id;
  };
  for (const o of objectives) await create(o);

  // Existing objectives that get new KPIs: their state before, for the LINK history entries.
  const linkedExisting = [...new Set(kpis.flatMap((k) => k.existingObjectiveIds))];
  const beforeExisting = new Map<string, Record<string, unknown> | null>();
  for (const id of linkedExisting) beforeExisting.set(id, await before(m, SubjectType.OBJECTIVE, id));

  const createdKpis: Kpi[] = [];
  let links = 0;
  for (const k of kpis) {
    const row = await m.getRepository(Kpi).save(
      m.getRepository(Kpi).create({
        name: k.name,
        description: k.description,
        unitOfMeasure: k.unitOfMeasure,
        direction: k.direction,
        kind: k.kind,
        frequency: k.frequency,
        baseline: k.baseline,
        onExecutiveDashboard: false,
        ownerId: k.ownerId,
        unitId: k.unitId,
      }),
    );
    createdKpis.push(row);
    if (k.target) await m.getRepository(KpiTarget).insert({ kpiId: row.id, ...k.target });
    const objectiveIds = [...k.newObjectiveKeys.map((key) => idOfKey.get(key)!), ...k.existingObjectiveIds];
    if (objectiveIds.length) {
      await m
        .getRepository(ObjectiveKpi)
        .insert(objectiveIds.map((objectiveId) => ({ objectiveId, kpiId: row.id })));
      links += objectiveIds.length;
    }
  }

  // History and events: created objects once each (their snapshot holds their links and targets).
  for (const o of createdObjectives.values()) {
    await recordChange(m, policy, {
      subjectType: SubjectType.OBJECTIVE,
      subjectId: o.id,
      action: HistoryAction.CREATE,
      before: null,
      reason: IMPORT_REASON,
      unitId: o.unitId,
      topic: 'objectiveChanged',
    });
  }
  for (const k of createdKpis) {
    await recordChange(m, policy, {
      subjectType: SubjectType.KPI,
      subjectId: k.id,
      action: HistoryAction.CREATE,
      before: null,
      reason: IMPORT_REASON,
      unitId: k.unitId,
      topic: 'kpiChanged',
    });
  }
  for (const id of linkedExisting) {
    await m.query(`UPDATE objective SET version = version + 1, updated_at = now() WHERE id = $1`, [id]);
    const [o] = await m.query(`SELECT unit_id FROM objective WHERE id = $1`, [id]);
    await recordChange(m, policy, {
      subjectType: SubjectType.OBJECTIVE,
      subjectId: id,
      action: HistoryAction.LINK,
      before: beforeExisting.get(id) ?? null,
      reason: IMPORT_REASON,
      unitId: o.unit_id,
      topic: 'objectiveChanged',
    });
  }

  const objectiveIds = objectives.map((o) => idOfKey.get(o.key)!);
  const kpiIds = createdKpis.map((k) => k.id);
  if (objectiveIds.length || linkedExisting.length)
    await evaluateObjectiveDrift(m, [...objectiveIds, ...linkedExisting], now);
  if (kpiIds.length) await evaluateKpiAndLinkedDrift(m, kpiIds, now);

  return {
    objectivesCreated: objectiveIds.length,
    kpisCreated: kpiIds.length,
    linksCreated: links,
    objectiveIds,
    kpiIds,
    objectives: objectives.map((o) => createdObjectives.get(o.key)!),
    kpis: createdKpis,
  };
}
