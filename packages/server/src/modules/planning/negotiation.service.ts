import { GraphQLError } from 'graphql';
import { HistoryAction, SubjectType, validateThresholds } from '@throughline/shared';
import type { EntityManager } from 'typeorm';
import { Policy, viewerOf } from '../../auth/policy.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput, conflict, forbidden, notFound } from '../../graphql/errors.js';
import { isUuid } from '../../graphql/ids.js';
import {
  before,
  joinTransaction,
  recordChange,
  requireAmount,
  requireOrderedDates,
  requireText,
  writeTransaction,
} from '../graph-write.js';
import { createKpi, setKpiTarget } from '../kpis/kpi.service.js';
import { Kpi } from '../kpis/kpi.entity.js';
import { createObjective, updateObjective } from '../objectives/objective.service.js';
import { Objective } from '../objectives/objective.entity.js';
import { Person } from '../people/person.entity.js';
import { Plan } from '../plans/plan.entity.js';
import { NegotiationItemInput } from './planning.inputs.js';
import {
  BringIntoNegotiationInput,
  CounterProposeInput,
  NegotiationAnswerInput,
  OpenPlanningInput,
  ProposeTargetsInput,
} from './planning.inputs.js';
import { Negotiation } from './negotiation.entity.js';
import { NegotiationItem, NegotiationRound } from './negotiation-round.entity.js';
import {
  NegotiationItemKind,
  NegotiationRoundKind,
  NegotiationSide,
  NegotiationStatus,
} from './planning.enums.js';
import { PlanningWindow } from './planning-window.entity.js';
import { notifyTurn } from './negotiation.mail.js';

export const NEGOTIATION_TOPIC = 'negotiationChanged';
/** Most items one proposal may carry (a proposal is a conversation, not an import). */
export const MAX_ITEMS = 20;

const other = (s: NegotiationSide) =>
  s === NegotiationSide.PROPOSER ? NegotiationSide.UNIT : NegotiationSide.PROPOSER;

/** The policy's view of a negotiation. */
export const negotiationSubject = (n: Negotiation) => ({ unitId: n.unitId, partyIds: n.partyIds() });

// ───────────────────────────── planning windows ─────────────────────────────

/** Opens a plan (or one unit's part of it) for planning a period. */
export async function openPlanning(ctx: GraphQLContext, input: OpenPlanningInput): Promise<PlanningWindow> {
  return writeTransaction(ctx, async (m, policy, now) => {
    const plan = isUuid(input.planId) ? await m.getRepository(Plan).findOneBy({ id: input.planId }) : null;
    if (!plan || plan.archivedAt || !policy.canSeeUnit(plan.unitId))
      throw badInput('input.planId', `No plan with id ${input.planId}.`);
    const unitId = input.unitId ?? null;
    if (unitId !== null) {
      if (!isUuid(unitId) || !policy.canSeeUnit(unitId))
        throw badInput('input.unitId', `No unit with id ${unitId}.`);
      if (!policy.tree.isWithin(unitId, plan.unitId))
        throw badInput('input.unitId', 'This unit is not part of the plan’s organisation.');
    }
    if (!policy.canOpenPlanning(unitId))
      throw forbidden(
        unitId
          ? 'Only executives and the head of this unit may open it for planning.'
          : 'Only executives may open a whole plan for planning.',
      );
    if (!input.periodStart) throw badInput('input.periodStart', 'periodStart is required.');
    if (!input.periodEnd) throw badInput('input.periodEnd', 'periodEnd is required.');
    requireOrderedDates(input.periodStart, input.periodEnd, 'input.periodEnd');
    const [overlap] = await m.query(
      `SELECT period_start::text AS s FROM planning_window
        WHERE plan_id = $1 AND unit_id IS NOT DISTINCT FROM $2 AND closed_at IS NULL
          AND period_start <= $4 AND period_end >= $3 LIMIT 1`,
      [plan.id, unitId, input.periodStart, input.periodEnd],
    );
    if (overlap)
      throw badInput('input.periodStart', `Planning is already open for a period starting ${overlap.s}.`);
    const repo = m.getRepository(PlanningWindow);
    const row = await repo.save(
      repo.create({
        planId: plan.id,
        unitId,
        scopeUnitId: unitId ?? plan.unitId,
        periodStart: input.periodStart,
        periodEnd: input.periodEnd,
        openedById: policy.viewer.personId,
        openedAt: now,
        closedAt: null,
        closedById: null,
      }),
    );
    return row;
  });
}

/** Closes a planning window: no new proposals in it; open negotiations go on until agreed or withdrawn. */
export async function closePlanning(ctx: GraphQLContext, id: string): Promise<PlanningWindow> {
  return writeTransaction(ctx, async (m, policy, now) => {
    const row = isUuid(id)
      ? await m.getRepository(PlanningWindow).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } })
      : null;
    if (!row || !policy.canSeeUnit(row.scopeUnitId)) throw notFound('planning window', id);
    if (!policy.canOpenPlanning(row.unitId)) throw forbidden('You may not close this planning window.');
    if (row.closedAt) throw badInput('id', 'This planning window is already closed.');
    row.closedAt = now;
    row.closedById = policy.viewer.personId;
    return m.getRepository(PlanningWindow).save(row);
  });
}

/** Planning windows the viewer may see, open first. */
export async function listPlanningWindows(
  ctx: GraphQLContext,
  opts: { planId?: string | null; includeClosed?: boolean },
): Promise<PlanningWindow[]> {
  const policy = await ctx.policy();
  if (opts.planId && !isUuid(opts.planId)) return [];
  const rows = await ctx.db.getRepository(PlanningWindow).find({
    where: {
      ...(opts.planId ? { planId: opts.planId } : {}),
    },
    order: { periodStart: 'DESC', openedAt: 'DESC' },
    take: 200,
  });
  return rows
    .filter((w) => policy.canSeeUnit(w.scopeUnitId) && (opts.includeClosed || !w.closedAt))
    .sort((a, b) => Number(!!a.closedAt) - Number(!!b.closedAt));
}

// ───────────────────────────── items ─────────────────────────────

/** Checks and completes a proposal's items against the graph as it is now (versions kept for CONFLICT). */
async function checkItems(
  m: EntityManager,
  policy: Policy,
  scope: { planId: string; unitId: string; periodStart: string; periodEnd: string },
  inputs: NegotiationItemInput[],
): Promise<NegotiationItem[]> {
  if (!inputs?.length) throw badInput('input.items', 'A proposal needs at least one item.');
  if (inputs.length > MAX_ITEMS) throw badInput('input.items', `At most ${MAX_ITEMS} items per proposal.`);
  const out: NegotiationItem[] = [];
  for (const [i, inp] of inputs.entries()) {
    const f = `input.items.${i}`;
    const item: NegotiationItem = {
      key: '',
      kind: inp.kind,
      subjectId: null,
      subjectVersion: null,
      name: '',
      unitOfMeasure: null,
      direction: null,
      target: null,
      amber: null,
      red: null,
      parentId: null,
      dueDate: inp.dueDate ?? null,
    };
    if (inp.dueDate) requireOrderedDates(scope.periodStart, inp.dueDate, `${f}.dueDate`);
    if (inp.kind === NegotiationItemKind.KPI_TARGET) {
      if (inp.subjectId) {
        const k = isUuid(inp.subjectId) ? await m.getRepository(Kpi).findOneBy({ id: inp.subjectId }) : null;
        if (!k || k.archivedAt || !policy.canSeeUnit(k.unitId))
          throw badInput(`${f}.subjectId`, `No KPI with id ${inp.subjectId}.`);
        if (!policy.tree.isWithin(k.unitId, scope.unitId))
          throw badInput(`${f}.subjectId`, `“${k.name}” is not a KPI of the unit proposed to.`);
        Object.assign(item, {
          subjectId: k.id,
          subjectVersion: k.version,
          name: k.name,
          unitOfMeasure: k.unitOfMeasure,
          direction: k.direction,
        });
      } else {
        item.name = requireText(inp.name, `${f}.name`, 200);
        item.unitOfMeasure = requireText(inp.unitOfMeasure, `${f}.unitOfMeasure`, 40);
        if (!inp.direction) throw badInput(`${f}.direction`, 'A new KPI needs a direction.');
        item.direction = inp.direction;
      }
      if (inp.target == null) throw badInput(`${f}.target`, 'target is required.');
      for (const k of ['target', 'amber', 'red'] as const) requireAmount(inp[k], `${f}.${k}`);
      const err = validateThresholds({
        direction: item.direction!,
        target: inp.target,
        amber: inp.amber ?? null,
        red: inp.red ?? null,
      });
      if (err) throw badInput(inp.red != null ? `${f}.red` : `${f}.amber`, err);
      Object.assign(item, { target: inp.target, amber: inp.amber ?? null, red: inp.red ?? null });
      item.key = inp.key || (item.subjectId ? `kpi:${item.subjectId}` : `new-kpi:${item.name.toLowerCase()}`);
    } else if (inp.kind === NegotiationItemKind.OBJECTIVE) {
      if (inp.subjectId) {
        const o = isUuid(inp.subjectId)
          ? await m.getRepository(Objective).findOneBy({ id: inp.subjectId })
          : null;
        if (!o || o.archivedAt || !policy.canSeeUnit(o.unitId))
          throw badInput(`${f}.subjectId`, `No objective with id ${inp.subjectId}.`);
        if (o.planId !== scope.planId || !policy.tree.isWithin(o.unitId, scope.unitId))
          throw badInput(`${f}.subjectId`, `“${o.title}” is not an objective of this unit in this plan.`);
        Object.assign(item, {
          subjectId: o.id,
          subjectVersion: o.version,
          name: o.title,
          parentId: o.parentId,
        });
      } else {
        item.name = requireText(inp.name, `${f}.name`, 200);
        if (!inp.parentId) throw badInput(`${f}.parentId`, 'A new objective sits under a parent objective.');
        const p = isUuid(inp.parentId)
          ? await m.getRepository(Objective).findOneBy({ id: inp.parentId })
          : null;
        if (!p || p.archivedAt || !policy.canSeeUnit(p.unitId))
          throw badInput(`${f}.parentId`, `No objective with id ${inp.parentId}.`);
        if (p.planId !== scope.planId)
          throw badInput(`${f}.parentId`, 'The parent objective belongs to another plan.');
        item.parentId = p.id;
      }
      item.key =
        inp.key ||
        (item.subjectId ? `objective:${item.subjectId}` : `new-objective:${item.name.toLowerCase()}`);
    } else throw badInput(`${f}.kind`, 'Unknown item kind.');
    if (out.some((o) => o.key === item.key))
      throw badInput(`${f}`, `“${item.name}” appears twice in this proposal.`);
    out.push(item);
  }
  return out;
}

// ───────────────────────────── negotiations ─────────────────────────────

async function nextRound(
  m: EntityManager,
  n: Negotiation,
  r: Omit<Partial<NegotiationRound>, 'negotiationId' | 'number'> &
    Pick<NegotiationRound, 'kind' | 'authorId' | 'side' | 'at'>,
): Promise<NegotiationRound> {
  const [{ next }] = await m.query(
    `SELECT coalesce(max(number), 0) + 1 AS next FROM negotiation_round WHERE negotiation_id = $1`,
    [n.id],
  );
  const repo = m.getRepository(NegotiationRound);
  return repo.save(
    repo.create({ items: null, reason: '', personId: null, ...r, negotiationId: n.id, number: Number(next) }),
  );
}

async function saveAndRecord(
  m: EntityManager,
  policy: Policy,
  n: Negotiation,
  prev: Record<string, unknown> | null,
  reason: string | null,
): Promise<Negotiation> {
  const saved = await m.getRepository(Negotiation).save(n);
  await recordChange(m, policy, {
    subjectType: SubjectType.NEGOTIATION,
    subjectId: n.id,
    action: prev ? HistoryAction.UPDATE : HistoryAction.CREATE,
    before: prev,
    reason,
    unitId: n.unitId,
    topic: NEGOTIATION_TOPIC,
  });
  return saved;
}

/** Loads a negotiation for a change: locked, visible (else NOT_FOUND), open, at the version read (else CONFLICT). */
async function lockNegotiation(
  m: EntityManager,
  policy: Policy,
  id: string,
  version: number | null,
): Promise<Negotiation> {
  const n = isUuid(id)
    ? await m.getRepository(Negotiation).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } })
    : null;
  if (!n || !policy.canSeeNegotiation(negotiationSubject(n)))
    throw notFound('negotiation', id, 'input.negotiationId');
  if (n.status !== NegotiationStatus.OPEN)
    throw badInput(
      'input.negotiationId',
      `This negotiation is ${n.status.toLowerCase()}; it takes no more rounds.`,
    );
  if (version != null && n.version !== version) throw conflict('negotiation', version, n);
  return n;
}

/** The latest proposal round (the one an accept agrees to). */
export async function latestProposal(m: EntityManager | GraphQLContext['db'], negotiationId: string) {
  return m.getRepository(NegotiationRound).findOne({
    where: [
      { negotiationId, kind: NegotiationRoundKind.PROPOSAL },
      { negotiationId, kind: NegotiationRoundKind.COUNTER },
    ],
    order: { number: 'DESC' },
  });
}

/** An objective's owner (or an executive) proposes to a unit: round 1; the unit's head has the turn. */
export async function proposeTargets(ctx: GraphQLContext, input: ProposeTargetsInput): Promise<Negotiation> {
  const n = await writeTransaction(ctx, async (m, policy, now) => {
    const w = isUuid(input.windowId)
      ? await m.getRepository(PlanningWindow).findOneBy({ id: input.windowId })
      : null;
    if (!w || !policy.canSeeUnit(w.scopeUnitId))
      throw badInput('input.windowId', `No planning window with id ${input.windowId}.`);
    if (w.closedAt) throw badInput('input.windowId', 'This planning window is closed.');
    if (!isUuid(input.unitId) || !policy.canSeeUnit(input.unitId))
      throw badInput('input.unitId', `No unit with id ${input.unitId}.`);
    if (!policy.tree.isWithin(input.unitId, w.scopeUnitId))
      throw badInput('input.unitId', 'This unit is not open for planning in this window.');
    let objective: Objective | null = null;
    if (input.objectiveId) {
      objective = isUuid(input.objectiveId)
        ? await m.getRepository(Objective).findOneBy({ id: input.objectiveId })
        : null;
      if (!objective || objective.archivedAt || !policy.canSeeUnit(objective.unitId))
        throw badInput('input.objectiveId', `No objective with id ${input.objectiveId}.`);
      if (objective.planId !== w.planId)
        throw badInput('input.objectiveId', 'This objective belongs to another plan.');
    }
    if (!policy.canProposeTo(input.unitId, objective?.ownerId ?? null))
      throw forbidden(
        objective
          ? 'Only the objective’s owner or an executive may propose for it.'
          : 'Name the objective you own that this serves (executives may propose without one).',
        'input.objectiveId',
      );
    const headId = policy.tree.byId.get(input.unitId)?.headId ?? null;
    if (!headId) throw badInput('input.unitId', 'This unit has no head to answer the proposal.');
    if (headId === policy.viewer.personId)
      throw badInput('input.unitId', 'You head this unit: propose to a unit headed by someone else.');
    const title = requireText(input.title, 'input.title', 200);
    const items = await checkItems(
      m,
      policy,
      { planId: w.planId, unitId: input.unitId, periodStart: w.periodStart, periodEnd: w.periodEnd },
      input.items,
    );
    const repo = m.getRepository(Negotiation);
    const row = await repo.save(
      repo.create({
        windowId: w.id,
        planId: w.planId,
        unitId: input.unitId,
        objectiveId: objective?.id ?? null,
        title,
        proposerId: policy.viewer.personId,
        counterpartId: headId,
        participants: [],
        status: NegotiationStatus.OPEN,
        turn: NegotiationSide.UNIT,
        periodStart: w.periodStart,
        periodEnd: w.periodEnd,
        blockedReason: null,
        closedAt: null,
        openedAt: now,
      }),
    );
    await nextRound(m, row, {
      kind: NegotiationRoundKind.PROPOSAL,
      authorId: policy.viewer.personId,
      side: NegotiationSide.PROPOSER,
      items,
      reason: (input.reason ?? '').trim().slice(0, 2000),
      at: now,
    });
    await recordChange(m, policy, {
      subjectType: SubjectType.NEGOTIATION,
      subjectId: row.id,
      action: HistoryAction.CREATE,
      before: null,
      reason: input.reason ?? null,
      unitId: row.unitId,
      topic: NEGOTIATION_TOPIC,
    });
    return row;
  });
  await notifyTurn(ctx, n.id);
  return n;
}

/** The side whose turn it is answers with another proposal (the whole of it) and a reason; the turn passes. */
export async function counterPropose(ctx: GraphQLContext, input: CounterProposeInput): Promise<Negotiation> {
  const n = await writeTransaction(ctx, async (m, policy, now) => {
    const n = await lockNegotiation(m, policy, input.negotiationId, input.version);
    const side = n.sideOf(policy.viewer.personId);
    if (!side) throw forbidden('Only the parties of this negotiation may propose in it.');
    if (side !== n.turn) throw forbidden('It is not your side’s turn: wait for the answer.');
    const reason = requireText(input.reason, 'input.reason', 2000);
    const items = await checkItems(m, policy, n, input.items);
    const prev = await before(m, SubjectType.NEGOTIATION, n.id);
    await nextRound(m, n, {
      kind: NegotiationRoundKind.COUNTER,
      authorId: policy.viewer.personId,
      side,
      items,
      reason,
      at: now,
    });
    n.turn = other(side);
    n.blockedReason = null;
    return saveAndRecord(m, policy, n, prev, reason);
  });
  await notifyTurn(ctx, n.id);
  return n;
}

/**
 * The principal of the side whose turn it is accepts the latest proposal: in ONE transaction its items
 * become the plan through the versioned mutations' own service code, history naming both sides. When a
 * subject changed since the proposal (CONFLICT) or an item no longer applies, nothing is applied: the
 * negotiation stays open and says why (`blockedReason`), and the error is returned.
 */
export async function acceptProposal(
  ctx: GraphQLContext,
  input: NegotiationAnswerInput,
): Promise<Negotiation> {
  let applyError: GraphQLError | null = null;
  let names = { proposer: '', counterpart: '' };
  try {
    return await writeTransaction(ctx, async (m, policy, now) => {
      const n = await lockNegotiation(m, policy, input.negotiationId, input.version);
      const side = n.sideOf(policy.viewer.personId);
      if (!side || n.principalOf(side) !== policy.viewer.personId)
        throw forbidden('Only the proposer or the unit’s head may accept.');
      if (side !== n.turn)
        throw forbidden('It is not your turn: the other side has the latest proposal to answer.');
      const proposal = await latestProposal(m, n.id);
      if (!proposal?.items?.length) throw badInput('input.negotiationId', 'There is no proposal to accept.');
      const people = await m.getRepository(Person).findBy([{ id: n.proposerId }, { id: n.counterpartId }]);
      const byId = new Map(people.map((p) => [p.id, p]));
      names = {
        proposer: byId.get(n.proposerId)?.name ?? '',
        counterpart: byId.get(n.counterpartId)?.name ?? '',
      };
      const reason = `Agreed by ${names.proposer} and ${names.counterpart} in negotiation “${n.title}”.`;
      // Applied in the name of the accepter when they may change the unit's plan, else of the unit's head.
      const counterpart = byId.get(n.counterpartId);
      const applier =
        policy.can('edit', { unitId: n.unitId }) || !counterpart
          ? policy
          : new Policy(viewerOf(counterpart), policy.tree);
      try {
        await applyItems(joinTransaction(ctx, m, applier), n, proposal.items, reason);
      } catch (e) {
        if (e instanceof GraphQLError) applyError = e;
        throw e;
      }
      const prev = await before(m, SubjectType.NEGOTIATION, n.id);
      await nextRound(m, n, {
        kind: NegotiationRoundKind.ACCEPTED,
        authorId: policy.viewer.personId,
        side,
        reason: (input.reason ?? '').trim().slice(0, 2000),
        at: now,
      });
      n.status = NegotiationStatus.AGREED;
      n.closedAt = now;
      n.blockedReason = null;
      return saveAndRecord(m, policy, n, prev, reason);
    });
  } catch (e) {
    if (applyError) await recordBlocked(ctx, input.negotiationId, applyError);
    throw e;
  }
}

/** Why the agreement could not be applied, kept on the (still open) negotiation after the rollback. */
async function recordBlocked(ctx: GraphQLContext, id: string, e: GraphQLError): Promise<void> {
  const why =
    e.extensions?.code === 'CONFLICT'
      ? `Not applied: something in the proposal changed since it was made (${e.message.replace(/ Reload.*$/, '')}). Nothing was changed; counter-propose with the current values.`
      : `Not applied: ${e.message} Nothing was changed.`;
  await writeTransaction(ctx, async (m, policy) => {
    const n = await m
      .getRepository(Negotiation)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!n || n.status !== NegotiationStatus.OPEN) return;
    const prev = await before(m, SubjectType.NEGOTIATION, n.id);
    n.blockedReason = why.slice(0, 2000);
    await saveAndRecord(m, policy, n, prev, null);
  });
}

/** Applies an agreed proposal's items through the versioned mutations (in the joined transaction). */
async function applyItems(
  ctx: GraphQLContext,
  n: Negotiation,
  items: NegotiationItem[],
  reason: string,
): Promise<void> {
  const period = { periodStart: n.periodStart, periodEnd: n.periodEnd };
  const existing = items.filter((i) => i.subjectId);
  const created = items.filter((i) => !i.subjectId);
  // Existing subjects first, against the versions the proposal was made on.
  for (const i of existing.filter((i) => i.kind === NegotiationItemKind.OBJECTIVE))
    if (i.dueDate)
      await updateObjective(ctx, {
        id: i.subjectId!,
        version: i.subjectVersion!,
        periodEnd: i.dueDate,
        reason,
      });
  for (const i of existing.filter((i) => i.kind === NegotiationItemKind.KPI_TARGET))
    await setKpiTarget(
      ctx,
      {
        kpiId: i.subjectId!,
        version: i.subjectVersion!,
        ...period,
        target: i.target!,
        amber: i.amber,
        red: i.red,
        reason,
      },
      { agreed: true },
    );
  const newObjectiveIds: string[] = [];
  for (const i of created.filter((i) => i.kind === NegotiationItemKind.OBJECTIVE)) {
    const o = await createObjective(ctx, {
      planId: n.planId,
      title: i.name,
      ownerId: n.counterpartId,
      unitId: n.unitId,
      parentId: i.parentId,
      periodStart: n.periodStart,
      periodEnd: i.dueDate ?? n.periodEnd,
      reason,
    });
    newObjectiveIds.push(o.id);
  }
  const linkTo = newObjectiveIds.length ? [newObjectiveIds[0]] : n.objectiveId ? [n.objectiveId] : [];
  for (const i of created.filter((i) => i.kind === NegotiationItemKind.KPI_TARGET)) {
    const k = await createKpi(ctx, {
      name: i.name,
      unitOfMeasure: i.unitOfMeasure!,
      direction: i.direction!,
      ownerId: n.counterpartId,
      unitId: n.unitId,
      objectiveIds: linkTo,
      reason,
    });
    await setKpiTarget(
      ctx,
      {
        kpiId: k.id,
        version: k.version,
        ...period,
        target: i.target!,
        amber: i.amber,
        red: i.red,
        reason,
      },
      { agreed: true },
    );
  }
}

/** Either side brings a third person in: they may comment, and propose when their side has the turn. */
export async function bringIntoNegotiation(
  ctx: GraphQLContext,
  input: BringIntoNegotiationInput,
): Promise<Negotiation> {
  return writeTransaction(ctx, async (m, policy, now) => {
    const n = await lockNegotiation(m, policy, input.negotiationId, input.version);
    const side = n.sideOf(policy.viewer.personId);
    if (!side || n.principalOf(side) !== policy.viewer.personId)
      throw forbidden('Only the proposer or the unit’s head may bring someone in.');
    const p = isUuid(input.personId) ? await m.getRepository(Person).findOneBy({ id: input.personId }) : null;
    if (!p || p.archivedAt || !policy.canSeePerson(p))
      throw badInput('input.personId', `No person with id ${input.personId}.`);
    if (n.partyIds().includes(p.id)) throw badInput('input.personId', `${p.name} already takes part.`);
    if (!new Policy(viewerOf(p), policy.tree).canSeeUnit(n.unitId))
      throw badInput('input.personId', `${p.name} may not see this unit, so cannot take part.`);
    const prev = await before(m, SubjectType.NEGOTIATION, n.id);
    n.participants = [...n.participants, { personId: p.id, side, addedById: policy.viewer.personId }];
    await nextRound(m, n, {
      kind: NegotiationRoundKind.JOINED,
      authorId: policy.viewer.personId,
      side,
      personId: p.id,
      reason: (input.reason ?? '').trim().slice(0, 2000),
      at: now,
    });
    return saveAndRecord(m, policy, n, prev, input.reason ?? null);
  });
}

/** Any party comments (any time while open); the turn does not change. */
export async function commentOnNegotiation(
  ctx: GraphQLContext,
  negotiationId: string,
  text: string,
): Promise<Negotiation> {
  return writeTransaction(ctx, async (m, policy, now) => {
    const n = await lockNegotiation(m, policy, negotiationId, null);
    const side = n.sideOf(policy.viewer.personId);
    if (!side) throw forbidden('Only the parties of this negotiation may comment in it.');
    const reason = requireText(text, 'text', 2000);
    const prev = await before(m, SubjectType.NEGOTIATION, n.id);
    await nextRound(m, n, {
      kind: NegotiationRoundKind.COMMENT,
      authorId: policy.viewer.personId,
      side,
      reason,
      at: now,
    });
    return saveAndRecord(m, policy, n, prev, null);
  });
}

/** The proposer or the unit's head withdraws, with a reason: nothing is applied. */
export async function withdrawNegotiation(
  ctx: GraphQLContext,
  input: NegotiationAnswerInput,
): Promise<Negotiation> {
  return writeTransaction(ctx, async (m, policy, now) => {
    const n = await lockNegotiation(m, policy, input.negotiationId, input.version);
    const side = n.sideOf(policy.viewer.personId);
    if (!side || n.principalOf(side) !== policy.viewer.personId)
      throw forbidden('Only the proposer or the unit’s head may withdraw.');
    const reason = requireText(input.reason, 'input.reason', 2000);
    const prev = await before(m, SubjectType.NEGOTIATION, n.id);
    await nextRound(m, n, {
      kind: NegotiationRoundKind.WITHDRAWN,
      authorId: policy.viewer.personId,
      side,
      reason,
      at: now,
    });
    n.status = NegotiationStatus.WITHDRAWN;
    n.closedAt = now;
    return saveAndRecord(m, policy, n, prev, reason);
  });
}

/** Negotiations the viewer may see, open first, newest first. */
export async function listNegotiations(
  ctx: GraphQLContext,
  opts: { status?: NegotiationStatus | null; windowId?: string | null; mine?: boolean | null },
): Promise<Negotiation[]> {
  const policy = await ctx.policy();
  if (opts.windowId && !isUuid(opts.windowId)) return [];
  const rows = await ctx.db.getRepository(Negotiation).find({
    where: {
      ...(opts.status ? { status: opts.status } : {}),
      ...(opts.windowId ? { windowId: opts.windowId } : {}),
    },
    order: { openedAt: 'DESC' },
    take: 500,
  });
  return rows.filter(
    (n) =>
      policy.canSeeNegotiation(negotiationSubject(n)) &&
      (!opts.mine || n.partyIds().includes(policy.viewer.personId)),
  );
}

/** One negotiation the viewer may see, or NOT_FOUND. */
export async function visibleNegotiation(ctx: GraphQLContext, id: string): Promise<Negotiation> {
  const policy = await ctx.policy();
  const n = isUuid(id) ? await ctx.db.getRepository(Negotiation).findOneBy({ id }) : null;
  if (!n || !policy.canSeeNegotiation(negotiationSubject(n))) throw notFound('negotiation', id);
  return n;
}
