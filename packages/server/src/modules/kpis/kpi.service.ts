import { randomUUID } from 'node:crypto';
import { Health, HistoryAction, kpiHealth, SubjectType, validateThresholds } from '@throughline/shared';
import { evaluateKpiAndLinkedDrift, evaluateKpiDrift } from '../drift/drift.service.js';
import type { EntityManager } from 'typeorm';
import type { Policy } from '../../auth/policy.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput, forbidden, notFound } from '../../graphql/errors.js';
import { isUuid } from '../../graphql/ids.js';
import { publishGraphEvent, publishGraphEvents } from '../events/graph-events.js';
import {
  before,
  lockForChange,
  recordChange,
  requireAmount,
  requireOrderedDates,
  requireText,
  requireVisible,
  writeTransaction,
  setArchived,
  applyUnitAndOwner,
} from '../graph-write.js';
import { requireApproval } from '../approvals/approval-guard.js';
import { targetOn } from '../health/health.loaders.js';
import { fromSnapshot } from '../history/as-of.js';
import { Objective } from '../objectives/objective.entity.js';
import { ObjectiveKpi } from '../objectives/objective-kpi.entity.js';
import { requireOwner } from '../people/person-checks.js';
import { Unit } from '../units/unit.entity.js';
import { KpiTarget } from './kpi-target.entity.js';
import { Kpi } from './kpi.entity.js';
import {
  CorrectMeasurementInput,
  CreateKpiInput,
  RecordMeasurementInput,
  SetKpiTargetInput,
  UpdateKpiInput,
} from './kpi.inputs.js';
import { measurementFrom } from './kpi.loaders.js';
import { Measurement } from './measurement.entity.js';

const subject = (k: Kpi) => ({ unitId: k.unitId, ownerId: k.ownerId });
const TOPIC = 'kpiChanged';
/** Largest batch one `recordMeasurements` call takes (all-or-nothing). */
export const MAX_MEASUREMENT_BATCH = 5_000;
/** Measurements may be dated at most this far ahead (clock skew of source systems). */
const MAX_FUTURE_MS = 24 * 3600 * 1000;

/** Creates a KPI, optionally linked to objectives. */
export async function createKpi(ctx: GraphQLContext, input: CreateKpiInput): Promise<Kpi> {
  return writeTransaction(ctx, async (m, policy, now) => {
    const name = requireText(input.name, 'input.name');
    const unitOfMeasure = requireText(input.unitOfMeasure, 'input.unitOfMeasure', 40);
    requireAmount(input.baseline, 'input.baseline');
    await requireVisible(m, policy, Unit, 'unit', input.unitId, 'input.unitId', (u) => u.id);
    if (!policy.can('edit', { unitId: input.unitId }))
      throw badInput('input.unitId', 'You may not add KPIs to this unit.');
    await requireOwner(m, policy, input.ownerId, input.unitId, 'input.ownerId');
    for (const [i, oid] of (input.objectiveIds ?? []).entries())
      await requireVisible(
        m,
        policy,
        Objective,
        'objective',
        oid,
        `input.objectiveIds.${i}`,
        (o) => o.unitId,
      );
    const row = await m.getRepository(Kpi).save(
      m.getRepository(Kpi).create({
        name,
        description: input.description ?? '',
        unitOfMeasure,
        direction: input.direction,
        kind: input.kind,
        frequency: input.frequency,
        baseline: input.baseline ?? null,
        onExecutiveDashboard: input.onExecutiveDashboard ?? false,
        ownerId: input.ownerId,
        unitId: input.unitId,
      }),
    );
    for (const oid of new Set(input.objectiveIds ?? [])) {
      const prev = await before(m, SubjectType.OBJECTIVE, oid);
      await m.getRepository(ObjectiveKpi).insert({ objectiveId: oid, kpiId: row.id });
      const o = await m.getRepository(Objective).findOneByOrFail({ id: oid });
      await recordChange(m, policy, {
        subjectType: SubjectType.OBJECTIVE,
        subjectId: oid,
        action: HistoryAction.LINK,
        before: prev,
        reason: input.reason,
        unitId: o.unitId,
        topic: 'objectiveChanged',
      });
    }
    await recordChange(m, policy, {
      subjectType: SubjectType.KPI,
      subjectId: row.id,
      action: HistoryAction.CREATE,
      before: null,
      reason: input.reason,
      unitId: row.unitId,
      topic: TOPIC,
    });
    await evaluateKpiAndLinkedDrift(m, [row.id], now);
    return row;
  });
}

/** Updates a KPI against the version read. */
export async function updateKpi(ctx: GraphQLContext, input: UpdateKpiInput): Promise<Kpi> {
  return writeTransaction(ctx, async (m, policy, now) => {
    const row = await lockForChange(m, policy, Kpi, 'KPI', input.id, { version: input.version, subject });
    const prev = await before(m, SubjectType.KPI, row.id);
    if (input.name != null) row.name = requireText(input.name, 'input.name');
    if (input.description != null) row.description = input.description;
    if (input.unitOfMeasure != null)
      row.unitOfMeasure = requireText(input.unitOfMeasure, 'input.unitOfMeasure', 40);
    if (input.direction != null) row.direction = input.direction;
    if (input.kind != null) row.kind = input.kind;
    if (input.frequency != null) row.frequency = input.frequency;
    if (input.baseline !== undefined) {
      requireAmount(input.baseline, 'input.baseline');
      row.baseline = input.baseline ?? null;
    }
    if (input.onExecutiveDashboard != null) row.onExecutiveDashboard = input.onExecutiveDashboard;
    await applyUnitAndOwner(m, policy, row, input, 'KPIs');
    if (input.direction != null) {
      const targets = await m.getRepository(KpiTarget).findBy({ kpiId: row.id });
      for (const t of targets) {
        const err = validateThresholds({
          direction: row.direction,
          target: t.target,
          amber: t.amber,
          red: t.red,
        });
        if (err)
          throw badInput('input.direction', `The targets of this KPI do not fit the new direction: ${err}`);
      }
    }
    const saved = await m.getRepository(Kpi).save(row);
    await recordChange(m, policy, {
      subjectType: SubjectType.KPI,
      subjectId: row.id,
      action: HistoryAction.UPDATE,
      before: prev,
      reason: input.reason,
      unitId: row.unitId,
      topic: TOPIC,
    });
    await evaluateKpiAndLinkedDrift(m, [row.id], now);
    return saved;
  });
}

/** Archives or restores a KPI. */
export function setKpiArchived(
  ctx: GraphQLContext,
  id: string,
  version: number,
  archived: boolean,
  reason?: string,
): Promise<Kpi> {
  const after = async (m: EntityManager, kid: string, policy: Policy, now: Date) => {
    await evaluateKpiAndLinkedDrift(m, [kid], now);
  };
  return setArchived(
    ctx,
    Kpi,
    { what: 'KPI', subjectType: SubjectType.KPI, topic: TOPIC, subject, after },
    { id, version, archived, reason },
  );
}

/** Sets the target and thresholds of a KPI for a period (replacing one for the same period start). */
export async function setKpiTarget(
  ctx: GraphQLContext,
  input: SetKpiTargetInput,
  opts: { agreed?: boolean } = {},
): Promise<Kpi> {
  return writeTransaction(ctx, (m, policy, now) => setKpiTargetIn(m, policy, now, input, opts));
}

/**
 * `setKpiTarget` inside a transaction the caller holds. A plan's approval rule may refuse it with
 * APPROVAL_REQUIRED (approvals module); `approved`: an approver's yes to a change request applies it;
 * `agreed`: a target both levels agreed in a catchball negotiation (the proposer is an executive or
 * the objective's owner, the unit's head accepted) needs no further yes, but still the right to edit.
 */
export async function setKpiTargetIn(
  m: EntityManager,
  policy: Policy,
  now: Date,
  input: SetKpiTargetInput,
  opts: { approved?: boolean; agreed?: boolean } = {},
): Promise<Kpi> {
  const row = await lockForChange(m, policy, Kpi, 'KPI', input.kpiId, {
    version: input.version,
    subject,
    action: opts.approved ? 'read' : 'edit',
  });
  await checkKpiTarget(m, row, input);
  if (!opts.approved && !opts.agreed)
    await requireApproval(m, policy, { kind: 'KPI_TARGET', kpi: row, field: 'input.target' });
  const prev = await before(m, SubjectType.KPI, row.id);
  await m.query(
    `INSERT INTO kpi_target (kpi_id, period_start, period_end, target, amber, red) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (kpi_id, period_start) DO UPDATE SET period_end = EXCLUDED.period_end, target = EXCLUDED.target, amber = EXCLUDED.amber, red = EXCLUDED.red`,
    [row.id, input.periodStart, input.periodEnd, input.target, input.amber ?? null, input.red ?? null],
  );
  await m.query(`UPDATE kpi SET version = version + 1, updated_at = now() WHERE id = $1`, [row.id]);
  await recordChange(m, policy, {
    subjectType: SubjectType.KPI,
    subjectId: row.id,
    action: HistoryAction.UPDATE,
    before: prev,
    reason: input.reason,
    unitId: row.unitId,
    topic: TOPIC,
  });
  await evaluateKpiAndLinkedDrift(m, [row.id], now);
  return m.getRepository(Kpi).findOneByOrFail({ id: row.id });
}

/** Checks a period target for a KPI (amounts, dates, thresholds by direction, no overlapping period). */
export async function checkKpiTarget(
  m: EntityManager,
  row: Kpi,
  input: Omit<SetKpiTargetInput, 'kpiId' | 'version'>,
): Promise<void> {
  requireAmount(input.target, 'input.target');
  requireAmount(input.amber, 'input.amber');
  requireAmount(input.red, 'input.red');
  requireOrderedDates(input.periodStart, input.periodEnd, 'input.periodEnd');
  const err = validateThresholds({
    direction: row.direction,
    target: input.target,
    amber: input.amber ?? null,
    red: input.red ?? null,
  });
  if (err) throw badInput(input.red != null ? 'input.red' : 'input.amber', err);
  const [overlap] = await m.query(
    `SELECT period_start FROM kpi_target WHERE kpi_id = $1 AND period_start <> $2 AND period_start <= $3 AND period_end >= $2 LIMIT 1`,
    [row.id, input.periodStart, input.periodEnd],
  );
  if (overlap)
    throw badInput(
      'input.periodStart',
      `This period overlaps the target period starting ${overlap.period_start}.`,
    );
}

function checkMeasurement(input: RecordMeasurementInput, field: string, now: number): void {
  if (!isUuid(input.kpiId)) throw badInput(`${field}.kpiId`, `No KPI with id ${input.kpiId}.`);
  if (typeof input.value !== 'number' || !Number.isFinite(input.value))
    throw badInput(`${field}.value`, 'value must be a finite number.');
  if (!(input.at instanceof Date) || Number.isNaN(input.at.getTime()))
    throw badInput(`${field}.at`, 'at must be a date-time.');
  if (input.at.getTime() > now + MAX_FUTURE_MS)
    throw badInput(`${field}.at`, 'at is more than a day in the future.');
  if (input.note && input.note.length > 2000)
    throw badInput(`${field}.note`, 'note must be at most 2000 characters.');
  if (input.source && input.source.length > 80)
    throw badInput(`${field}.source`, 'source must be at most 80 characters.');
}

/**
 * Records measurements, all or nothing: every row is checked (visibility, permission, value,
 * date) before anything is written; then one INSERT of arrays (`unnest`), one event per KPI
 * touched (one outbox write), and the measurement hooks (drift) once for exactly those KPIs.
 * Set-based for partner batches of thousands: permissions are decided once per KPI (the error
 * still names the first row at fault), ids are made here so nothing is read back, and the
 * answer is built from the inputs rather than hydrated from RETURNING rows.
 */
export async function recordMeasurements(
  ctx: GraphQLContext,
  inputs: RecordMeasurementInput[],
  field = 'inputs',
): Promise<Measurement[]> {
  if (inputs.length === 0) throw badInput(field, 'Send at least one measurement.');
  if (inputs.length > MAX_MEASUREMENT_BATCH)
    throw badInput(field, `At most ${MAX_MEASUREMENT_BATCH} measurements per call.`);
  const single = inputs.length === 1 && field === 'input';
  const fieldOf = (i: number) => (single ? field : `${field}.${i}`);
  const checkedAt = ctx.clock.now().getTime();
  inputs.forEach((inp, i) => checkMeasurement(inp, fieldOf(i), checkedAt));
  return writeTransaction(ctx, async (m, policy, now) => {
    const kpiIds = [...new Set(inputs.map((i) => i.kpiId))];
    const kpis: { id: string; unit_id: string; owner_id: string }[] = await m.query(
      `SELECT id, unit_id, owner_id FROM kpi WHERE id = ANY($1) AND archived_at IS NULL`,
      [kpiIds],
    );
    const byId = new Map(kpis.map((k) => [k.id, k]));
    // The verdict on a KPI is the same for each of its rows: decide it once, report the first row.
    const refusal = new Map<string, ((f: string) => Error) | null>();
    const refusalOf = (kpiId: string): ((f: string) => Error) | null => {
      const k = byId.get(kpiId);
      if (k && policy.outsideTokenScope(k.unit_id))
        return (f) => forbidden(`KPI ${kpiId} lies outside this token's unit.`, `${f}.kpiId`);
      if (!k || !policy.can('read', { unitId: k.unit_id }))
        return (f) => badInput(`${f}.kpiId`, `No KPI with id ${kpiId}.`);
      if (!policy.can('recordMeasurement', { unitId: k.unit_id, ownerId: k.owner_id }))
        return () => forbidden(`You may not record measurements of KPI ${kpiId}.`);
      return null;
    };
    inputs.forEach((inp, i) => {
      let r = refusal.get(inp.kpiId);
      if (r === undefined) refusal.set(inp.kpiId, (r = refusalOf(inp.kpiId)));
      if (r) throw r(fieldOf(i));
    });
    const v = policy.viewer;
    const ids = inputs.map(() => randomUUID());
    await m.query(
      `INSERT INTO measurement (id, kpi_id, value, at, note, source, recorded_by_id, source_token_id, recorded_at)
       SELECT u.*, $7::uuid, $8::uuid, $9::timestamptz FROM unnest($1::uuid[], $2::uuid[], $3::float8[], $4::timestamptz[], $5::text[], $6::text[]) AS u`,
      [
        ids,
        inputs.map((i) => i.kpiId),
        inputs.map((i) => i.value),
        inputs.map((i) => i.at.toISOString()),
        inputs.map((i) => i.note ?? null),
        inputs.map((i) => i.source ?? null),
        v.personId,
        v.tokenId,
        now,
      ],
    );
    await publishGraphEvents(
      m,
      kpiIds.map((id) => ({
        topic: TOPIC,
        subjectId: id,
        unitId: byId.get(id)!.unit_id,
        payload: { reason: 'measurement', actorId: v.personId },
      })),
    );
    await evaluateKpiDrift(m, kpiIds, now);
    return inputs.map((inp, i) =>
      measurementFrom({
        id: ids[i],
        kpi_id: inp.kpiId,
        value: inp.value,
        at: inp.at,
        note: inp.note ?? null,
        recorded_by_id: v.personId,
        source_token_id: v.tokenId,
        source: inp.source ?? null,
        superseded_at: null,
        corrects_id: null,
        recorded_at: now,
      }),
    );
  });
}

/** Corrects a measurement: a new row replaces it; the old one is kept, marked superseded. */
export async function correctMeasurement(
  ctx: GraphQLContext,
  input: CorrectMeasurementInput,
): Promise<Measurement> {
  if (!Number.isFinite(input.value)) throw badInput('input.value', 'value must be a finite number.');
  return writeTransaction(ctx, async (m, policy, now) => {
    const [old] = isUuid(input.measurementId)
      ? await m.query(
          `SELECT ms.*, k.unit_id AS k_unit, k.owner_id AS k_owner FROM measurement ms JOIN kpi k ON k.id = ms.kpi_id WHERE ms.id = $1 FOR UPDATE OF ms`,
          [input.measurementId],
        )
      : [];
    if (old && policy.outsideTokenScope(old.k_unit))
      throw forbidden("This measurement's KPI lies outside this token's unit.", 'input.measurementId');
    if (!old || !policy.can('read', { unitId: old.k_unit }))
      throw notFound('measurement', input.measurementId, 'input.measurementId');
    if (old.superseded_at)
      throw badInput('input.measurementId', 'This value was already corrected; correct the newer value.');
    if (!policy.can('recordMeasurement', { unitId: old.k_unit, ownerId: old.k_owner }))
      throw forbidden('You may not correct measurements of this KPI.');
    await m.query(`UPDATE measurement SET superseded_at = $2 WHERE id = $1`, [old.id, now]);
    const [row] = await m.query(
      `INSERT INTO measurement (kpi_id, value, at, note, source, recorded_by_id, source_token_id, corrects_id, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
      [
        old.kpi_id,
        input.value,
        old.at,
        input.note ?? old.note,
        old.source,
        policy.viewer.personId,
        policy.viewer.tokenId,
        old.id,
        now,
      ],
    );
    await publishGraphEvent(m, {
      topic: TOPIC,
      subjectId: old.kpi_id,
      unitId: old.k_unit,
      payload: { reason: 'correction', actorId: policy.viewer.personId },
    });
    await evaluateKpiDrift(m, [old.kpi_id], now);
    return measurementFrom(row);
  });
}

/** A KPI as it stood at `at` (null if it did not exist or was archived then). */
export async function kpiAsOf(ctx: GraphQLContext, id: string, at: Date): Promise<Kpi | null> {
  const snap = await ctx.loaders.asOf.snapshotAt(SubjectType.KPI, id, at);
  return snap && !snap.archivedAt ? fromSnapshot(Kpi, snap, at) : null;
}

/** A KPI's health as it stood at `at`: the value known then against the targets set by then. */
export async function kpiHealthAsOf(ctx: GraphQLContext, id: string, at: Date): Promise<Health> {
  const snap = await ctx.loaders.asOf.snapshotAt(SubjectType.KPI, id, at);
  if (!snap) return Health.NO_DATA;
  const ms = await ctx.loaders.asOf.measurementAt(id, at);
  const targets = ((snap.targets as KpiTarget[]) ?? []).map((t) => Object.assign(new KpiTarget(), t));
  const t = targetOn(targets, ms ? new Date(ms.at) : at);
  return kpiHealth({
    direction: snap.direction as Kpi['direction'],
    value: ms?.value ?? null,
    target: t?.target ?? null,
    amber: t?.amber ?? null,
    red: t?.red ?? null,
  });
}

/** Loads a KPI the viewer may see, or throws NOT_FOUND. */
export async function visibleKpi(ctx: GraphQLContext, id: string): Promise<Kpi> {
  const [policy, k] = await Promise.all([ctx.policy(), ctx.loaders.kpi.load(id)]);
  if (!k || !policy.can('read', subject(k))) throw notFound('KPI', id);
  return k;
}
