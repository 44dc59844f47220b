import { HistoryAction, SubjectType, UnitKind, UnitVisibility } from '@throughline/shared';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput } from '../../graphql/errors.js';
import { visibleOnly } from '../../graphql/visibility.js';
import {
  before,
  lockForChange,
  recordChange,
  requireAmount,
  requireText,
  requireVisible,
  writeTransaction,
} from '../graph-write.js';
import { Person } from '../people/person.entity.js';
import { evaluateReserveAlerts } from '../alerts/reserve-alert.js';
import { MAX_STRATEGIC_RESERVE, Unit } from './unit.entity.js';

/** A strategic reserve is a share of capacity between none and half. */
function requireReserve(value: number | undefined, field: string): void {
  if (value == null) return;
  if (!Number.isFinite(value) || value < 0 || value > MAX_STRATEGIC_RESERVE)
    throw badInput(field, `The strategic reserve must be between 0% and ${MAX_STRATEGIC_RESERVE * 100}%.`);
}

/** A new unit of the organisation tree. */
export interface NewUnit {
  name: string;
  kind: UnitKind;
  parentId?: string | null;
  headId?: string | null;
  visibility?: UnitVisibility;
  availableCapacity?: number;
  /** Share of available capacity kept free (0–0.5). */
  strategicReserve?: number;
  reason?: string;
}

/** Changes to a unit; only the fields given change. */
export interface UnitChanges {
  id: string;
  version: number;
  name?: string;
  headId?: string | null;
  visibility?: UnitVisibility;
  availableCapacity?: number;
  /** Share of available capacity kept free (0–0.5). */
  strategicReserve?: number;
  reason?: string;
}

const subject = (u: Unit) => ({ unitId: u.id });
const TOPIC = 'unitChanged';

/** Every active unit the viewer may see, by name. */
export async function listUnits(ctx: GraphQLContext): Promise<Unit[]> {
  const policy = await ctx.policy();
  const rows = await ctx.db
    .getRepository(Unit)
    .createQueryBuilder('u')
    .where('u.archived_at IS NULL')
    .orderBy('u.name')
    .getMany();
  return visibleOnly(policy, rows, (u) => u.id);
}

/** Adds a unit (history: CREATE). Only a company has no parent. */
export async function createUnit(ctx: GraphQLContext, input: NewUnit): Promise<Unit> {
  return writeTransaction(ctx, async (m, policy) => {
    const name = requireText(input.name, 'input.name');
    if (input.parentId)
      await requireVisible(m, policy, Unit, 'unit', input.parentId, 'input.parentId', (u) => u.id);
    else if (input.kind !== UnitKind.COMPANY)
      throw badInput('input.parentId', 'Only a company has no parent unit.');
    if (input.headId)
      await requireVisible(m, policy, Person, 'person', input.headId, 'input.headId', (p) => p.unitId);
    requireAmount(input.availableCapacity, 'input.availableCapacity', { min: 0 });
    requireReserve(input.strategicReserve, 'input.strategicReserve');
    const row = await m.getRepository(Unit).save(
      m.getRepository(Unit).create({
        name,
        kind: input.kind,
        parentId: input.parentId ?? null,
        headId: input.headId ?? null,
        visibility: input.visibility,
        availableCapacity: input.availableCapacity ?? 0,
        ...(input.strategicReserve != null ? { strategicReserve: input.strategicReserve } : {}),
      }),
    );
    await recordChange(m, policy, {
      subjectType: SubjectType.UNIT,
      subjectId: row.id,
      action: HistoryAction.CREATE,
      before: null,
      reason: input.reason,
      unitId: row.id,
      topic: TOPIC,
    });
    return row;
  });
}

/** Changes a unit (history: UPDATE): its editors (its head, an executive) may set capacity and the strategic reserve; renaming, head and visibility are restructuring. */
export async function updateUnit(ctx: GraphQLContext, input: UnitChanges): Promise<Unit> {
  return writeTransaction(ctx, async (m, policy, now) => {
    const row = await lockForChange(m, policy, Unit, 'unit', input.id, { version: input.version, subject });
    const structural = input.name != null || input.headId !== undefined || input.visibility != null;
    if (structural && !policy.can('restructure', subject(row)))
      throw badInput('input', 'Only an executive may rename a unit, change its head or its visibility.');
    const prev = await before(m, SubjectType.UNIT, row.id);
    if (input.name != null) row.name = requireText(input.name, 'input.name');
    if (input.headId !== undefined) {
      if (input.headId)
        await requireVisible(m, policy, Person, 'person', input.headId, 'input.headId', (p) => p.unitId);
      row.headId = input.headId ?? null;
    }
    if (input.visibility != null) row.visibility = input.visibility;
    if (input.availableCapacity != null) {
      requireAmount(input.availableCapacity, 'input.availableCapacity', { min: 0 });
      row.availableCapacity = input.availableCapacity;
    }
    if (input.strategicReserve != null) {
      requireReserve(input.strategicReserve, 'input.strategicReserve');
      row.strategicReserve = input.strategicReserve;
    }
    const saved = await m.getRepository(Unit).save(row);
    await recordChange(m, policy, {
      subjectType: SubjectType.UNIT,
      subjectId: row.id,
      action: HistoryAction.UPDATE,
      before: prev,
      reason: input.reason,
      unitId: row.id,
      topic: TOPIC,
    });
    // Capacity or reserve moved: the reserve alerts of this unit and those above it may trip or clear.
    if (input.availableCapacity != null || input.strategicReserve != null)
      await evaluateReserveAlerts(m, now);
    return saved;
  });
}

/** Archives a unit (history: ARCHIVE); refused while it still has active sub-units, people or strategy objects. */
export async function archiveUnit(
  ctx: GraphQLContext,
  change: { id: string; version: number; reason?: string },
): Promise<Unit> {
  const { id, version, reason } = change;
  return writeTransaction(ctx, async (m, policy, now) => {
    const row = await lockForChange(m, policy, Unit, 'unit', id, { version, subject });
    const [use] = await m.query(
      `SELECT (SELECT count(*) FROM unit WHERE parent_id = $1 AND archived_at IS NULL)::int AS units,
              (SELECT count(*) FROM person WHERE unit_id = $1 AND archived_at IS NULL)::int AS people,
              (SELECT count(*) FROM objective WHERE unit_id = $1 AND archived_at IS NULL)::int
            + (SELECT count(*) FROM kpi WHERE unit_id = $1 AND archived_at IS NULL)::int
            + (SELECT count(*) FROM initiative WHERE unit_id = $1 AND archived_at IS NULL)::int AS objects`,
      [id],
    );
    if (use.units || use.people || use.objects) {
      throw badInput(
        'id',
        `This unit still has ${use.units} sub-unit(s), ${use.people} person(s) and ${use.objects} objective(s)/KPI(s)/initiative(s); move or archive them first.`,
      );
    }
    const prev = await before(m, SubjectType.UNIT, id);
    row.archivedAt = now;
    const saved = await m.getRepository(Unit).save(row);
    await recordChange(m, policy, {
      subjectType: SubjectType.UNIT,
      subjectId: id,
      action: HistoryAction.ARCHIVE,
      before: prev,
      reason,
      unitId: id,
      topic: TOPIC,
    });
    return saved;
  });
}
