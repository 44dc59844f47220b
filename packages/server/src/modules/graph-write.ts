import { HistoryAction, SubjectType } from '@throughline/shared';
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { Policy, PolicyAction, PolicySubject } from '../auth/policy.js';
import type { GraphQLContext } from '../graphql/context.js';
import { isUuid } from '../graphql/ids.js';
import { badInput, conflict, forbidden, notFound } from '../graphql/errors.js';
import { publishGraphEvent } from './events/graph-events.js';
import { recordHistory, snapshotOf } from './history/history.service.js';
import { requireOwner } from './people/person-checks.js';
import { Unit } from './units/unit.entity.js';

/**
 * Runs `fn` in one transaction with the viewer's policy: a failed check writes nothing.
 * `now` is the server clock's instant, read once for the whole change (see clock.ts).
 */
export async function writeTransaction<T>(
  ctx: GraphQLContext,
  fn: (m: EntityManager, policy: Policy, now: Date) => Promise<T>,
): Promise<T> {
  const policy = await ctx.policy();
  const joined = JOINED.get(ctx);
  if (joined) return fn(joined, policy, ctx.clock.now());
  return ctx.db.transaction((m) => fn(m, policy, ctx.clock.now()));
}

const JOINED = new WeakMap<GraphQLContext, EntityManager>();

/**
 * A context whose versioned mutations join the open transaction `m`, acting with `policy`: several
 * mutations through their own service code, applied all or nothing (e.g. an agreed proposal).
 */
export function joinTransaction(ctx: GraphQLContext, m: EntityManager, policy: Policy): GraphQLContext {
  const joined = Object.create(ctx) as GraphQLContext;
  joined.policy = () => Promise.resolve(policy);
  JOINED.set(joined, m);
  return joined;
}

/**
 * Loads a subject for a change, locked against concurrent edits (SELECT … FOR UPDATE), and
 * checks it exists and is visible (else NOT_FOUND), that the viewer may do `action`
 * (FORBIDDEN), and that `version` is current (CONFLICT, carrying the newer state).
 */
export async function lockForChange<
  T extends ObjectLiteral & { id: string; version?: number; archivedAt?: Date | null },
>(
  m: EntityManager,
  policy: Policy,
  entity: EntityTarget<T>,
  what: string,
  id: string,
  opts: {
    action?: PolicyAction;
    version?: number | null;
    subject: (row: T) => PolicySubject;
    allowArchived?: boolean;
  },
): Promise<T> {
  const row = isUuid(id)
    ? await m.getRepository(entity).findOne({ where: { id } as never, lock: { mode: 'pessimistic_write' } })
    : null;
  if (row && policy.outsideTokenScope(opts.subject(row).unitId))
    throw forbidden(`This ${what} lies outside this token's unit.`);
  if (!row || (!opts.allowArchived && row.archivedAt) || !policy.can('read', opts.subject(row)))
    throw notFound(what, id);
  if (!policy.can(opts.action ?? 'edit', opts.subject(row)))
    throw forbidden(`You may not change this ${what}.`);
  if (opts.version != null && row.version !== opts.version) throw conflict(what, opts.version, row);
  return row;
}

/** Checks that a referenced object exists and is visible; `field` names the input at fault. */
export async function requireVisible<T extends ObjectLiteral & { id: string; archivedAt?: Date | null }>(
  m: EntityManager,
  policy: Policy,
  entity: EntityTarget<T>,
  what: string,
  id: string,
  field: string,
  unitOf: (row: T) => string,
): Promise<T> {
  const row = isUuid(id) ? await m.getRepository(entity).findOne({ where: { id } as never }) : null;
  if (!row || row.archivedAt || !policy.canSeeUnit(unitOf(row)))
    throw badInput(field, `No ${what} with id ${id}.`);
  return row;
}

/** Writes history and the graph event for one change, in the same transaction. */
export async function recordChange(
  m: EntityManager,
  policy: Policy,
  change: {
    subjectType: SubjectType;
    subjectId: string;
    action: HistoryAction;
    before: Record<string, unknown> | null;
    reason?: string | null;
    unitId: string | null;
    topic: string;
  },
): Promise<void> {
  const after = await recordHistory(m, policy.viewer, change);
  await publishGraphEvent(m, {
    topic: change.topic,
    subjectId: change.subjectId,
    unitId: change.unitId,
    payload: {
      action: change.action,
      subjectType: change.subjectType,
      actorId: policy.viewer.personId,
      version: after.version ?? null,
    },
  });
}

/** The subject's state before a change, for the history diff. */
export const before = (m: EntityManager, type: SubjectType, id: string) => snapshotOf(m, type, id);

/** Rejects blank text with a clear error naming the field. */
export function requireText(value: string | null | undefined, field: string, max = 500): string {
  const v = (value ?? '').trim();
  if (!v) throw badInput(field, `${field.split('.').pop()} must not be empty.`);
  if (v.length > max) throw badInput(field, `${field.split('.').pop()} must be at most ${max} characters.`);
  return v;
}

/** Rejects a start date after an end date. */
export function requireOrderedDates(
  start: string | null | undefined,
  end: string | null | undefined,
  field: string,
): void {
  if (start && end && start > end)
    throw badInput(field, `The end date (${end}) is before the start date (${start}).`);
}

/** Rejects non-finite or negative numbers where only a non-negative amount makes sense. */
export function requireAmount(
  value: number | null | undefined,
  field: string,
  opts: { min?: number } = {},
): void {
  if (value == null) return;
  if (!Number.isFinite(value)) throw badInput(field, `${field.split('.').pop()} must be a finite number.`);
  if (opts.min !== undefined && value < opts.min)
    throw badInput(field, `${field.split('.').pop()} must be at least ${opts.min}.`);
}

/** What `setArchived` needs to know about a kind of subject. */
export interface ArchiveOptions<T> {
  what: string;
  subjectType: SubjectType;
  topic: string;
  subject: (row: T) => PolicySubject;
  guard?: (m: EntityManager, row: T, policy: Policy) => Promise<void>;
  after?: (m: EntityManager, id: string, policy: Policy, now: Date) => Promise<void>;
  /** What the viewer must be allowed (default `edit`; an approved change request applies on `read`). */
  action?: PolicyAction;
}

/**
 * Archives (`archived: true`) or restores a versioned subject: locked and version-checked,
 * history ARCHIVE/RESTORE, graph event, then `after` (drift hooks) in the same transaction.
 * `guard` may refuse an archive that would leave the graph inconsistent (e.g. active children).
 */
export function setArchived<
  T extends ObjectLiteral & { id: string; version: number; archivedAt: Date | null; unitId: string },
>(
  ctx: GraphQLContext,
  entity: EntityTarget<T>,
  opts: ArchiveOptions<T>,
  change: { id: string; version: number; archived: boolean; reason?: string },
): Promise<T> {
  return writeTransaction(ctx, (m, policy, now) => setArchivedIn(m, policy, now, entity, opts, change));
}

/** `setArchived` inside a transaction the caller holds (e.g. an approval applying the change). */
export async function setArchivedIn<
  T extends ObjectLiteral & { id: string; version: number; archivedAt: Date | null; unitId: string },
>(
  m: EntityManager,
  policy: Policy,
  now: Date,
  entity: EntityTarget<T>,
  opts: ArchiveOptions<T>,
  change: { id: string; version: number; archived: boolean; reason?: string },
): Promise<T> {
  const { id, version, archived, reason } = change;
  const row = await lockForChange(m, policy, entity, opts.what, id, {
    version,
    subject: opts.subject,
    allowArchived: true,
    action: opts.action,
  });
  if (!!row.archivedAt === archived)
    throw badInput(
      'id',
      archived ? `This ${opts.what} is already archived.` : `This ${opts.what} is not archived.`,
    );
  if (archived && opts.guard) await opts.guard(m, row, policy);
  const prev = await before(m, opts.subjectType, id);
  (row as { archivedAt: Date | null }).archivedAt = archived ? now : null;
  const saved = await m.getRepository(entity).save(row);
  await recordChange(m, policy, {
    subjectType: opts.subjectType,
    subjectId: id,
    action: archived ? HistoryAction.ARCHIVE : HistoryAction.RESTORE,
    before: prev,
    reason,
    unitId: row.unitId,
    topic: opts.topic,
  });
  await opts.after?.(m, id, policy, now);
  return saved;
}

/**
 * Applies a change of unit and/or owner from an update input: the new unit must be visible and
 * editable by the viewer, and the owner (new, or kept when only the unit moves) must be able to
 * see the subject's unit. `plural` names the subjects in the error ("objectives").
 */
export async function applyUnitAndOwner(
  m: EntityManager,
  policy: Policy,
  row: { unitId: string; ownerId: string },
  input: { unitId?: string | null; ownerId?: string | null },
  plural: string,
): Promise<void> {
  if (input.unitId != null && input.unitId !== row.unitId) {
    await requireVisible(m, policy, Unit, 'unit', input.unitId, 'input.unitId', (u) => u.id);
    if (!policy.can('edit', { unitId: input.unitId }))
      throw badInput('input.unitId', `You may not move ${plural} to this unit.`);
    row.unitId = input.unitId;
  }
  if (input.ownerId != null || input.unitId != null)
    await requireOwner(m, policy, input.ownerId ?? row.ownerId, row.unitId, 'input.ownerId');
  if (input.ownerId != null) row.ownerId = input.ownerId;
}
