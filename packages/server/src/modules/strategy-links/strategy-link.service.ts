import { HistoryAction, SubjectType } from '@throughline/shared';
import { IsNull, type EntityManager } from 'typeorm';
import type { Policy } from '../../auth/policy.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput, conflict, forbidden, notFound } from '../../graphql/errors.js';
import { isUuid } from '../../graphql/ids.js';
import { before, recordChange, writeTransaction } from '../graph-write.js';
import { Objective } from '../objectives/objective.entity.js';
import { ObjectiveCauseLink } from './objective-cause-link.entity.js';

const WHAT = 'cause-and-effect link';
const NOTE_MAX = 1000;
const subjectOf = (o: Objective) => ({ unitId: o.unitId, ownerId: o.ownerId });

/** An active objective the viewer may see, or BAD_USER_INPUT on `field` (same answer for missing and hidden). */
async function visibleEnd(m: EntityManager, policy: Policy, id: string, field: string): Promise<Objective> {
  const o = isUuid(id) ? await m.getRepository(Objective).findOne({ where: { id } }) : null;
  if (!o || o.archivedAt || !policy.can('read', subjectOf(o)))
    throw badInput(field, `No objective with id ${id}.`);
  return o;
}

/** True when `effectId` already drives `causeId` through active links (the new arrow would close a loop). */
async function wouldCycle(m: EntityManager, causeId: string, effectId: string): Promise<boolean> {
  const [row] = await m.query(
    `WITH RECURSIVE down AS (
       SELECT effect_objective_id AS id FROM objective_cause_link WHERE cause_objective_id = $1 AND archived_at IS NULL
       UNION SELECT l.effect_objective_id FROM objective_cause_link l JOIN down ON l.cause_objective_id = down.id
        WHERE l.archived_at IS NULL)
     SELECT EXISTS (SELECT 1 FROM down WHERE id = $2) AS cycle`,
    [effectId, causeId],
  );
  return !!row?.cycle;
}

/** History and the graph event of a link change, on the effect objective (its snapshot lists its causes). */
async function recordLinkChange(
  m: EntityManager,
  policy: Policy,
  effect: Objective,
  action: HistoryAction,
  prev: Record<string, unknown> | null,
  reason: string | null,
): Promise<void> {
  await recordChange(m, policy, {
    subjectType: SubjectType.OBJECTIVE,
    subjectId: effect.id,
    action,
    before: prev,
    reason,
    unitId: effect.unitId,
    topic: 'objectiveChanged',
  });
}

/**
 * Draws a cause-and-effect arrow: both objectives active, visible and of one plan; the viewer may
 * edit the effect; not the same objective, not a duplicate, not closing a loop of causes.
 */
export async function linkObjectiveCause(
  ctx: GraphQLContext,
  causeId: string,
  effectId: string,
  note?: string | null,
): Promise<ObjectiveCauseLink> {
  return writeTransaction(ctx, async (m, policy) => {
    const text = (note ?? '').trim();
    if (text.length > NOTE_MAX) throw badInput('note', `note must be at most ${NOTE_MAX} characters.`);
    if (causeId === effectId) throw badInput('effectId', 'An objective cannot be its own cause.');
    const cause = await visibleEnd(m, policy, causeId, 'causeId');
    const effect = await visibleEnd(m, policy, effectId, 'effectId');
    // Serialise link changes on the effect objective: two people drawing the same arrow at once get one.
    await m.query(`SELECT id FROM objective WHERE id = $1 FOR UPDATE`, [effect.id]);
    if (policy.outsideTokenScope(effect.unitId))
      throw forbidden(`This objective lies outside this token's unit.`);
    if (!policy.causeLinkAccess(subjectOf(cause), subjectOf(effect)).edit)
      throw forbidden('You may not change the causes of this objective.', 'effectId');
    if (cause.planId !== effect.planId)
      throw badInput('causeId', 'Cause and effect must be objectives of the same plan.');
    const repo = m.getRepository(ObjectiveCauseLink);
    const existing = await repo.findOne({
      where: { causeObjectiveId: cause.id, effectObjectiveId: effect.id, archivedAt: IsNull() },
    });
    if (existing) throw badInput('effectId', `“${cause.title}” is already a cause of “${effect.title}”.`);
    if (await wouldCycle(m, cause.id, effect.id))
      throw badInput(
        'causeId',
        `“${effect.title}” already drives “${cause.title}”: this arrow would close a loop of causes.`,
      );
    const prev = await before(m, SubjectType.OBJECTIVE, effect.id);
    const row = await repo.save(
      repo.create({
        planId: effect.planId,
        causeObjectiveId: cause.id,
        effectObjectiveId: effect.id,
        note: text,
        createdById: policy.viewer.personId,
      }),
    );
    await recordLinkChange(m, policy, effect, HistoryAction.LINK, prev, text || null);
    return row;
  });
}

/** Removes an arrow (archived, kept in history) against the version the editor read. */
export async function unlinkObjectiveCause(
  ctx: GraphQLContext,
  id: string,
  version: number,
  reason?: string | null,
): Promise<ObjectiveCauseLink> {
  return writeTransaction(ctx, async (m, policy, now) => {
    const repo = m.getRepository(ObjectiveCauseLink);
    const row = isUuid(id)
      ? await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } })
      : null;
    const [cause, effect] = row
      ? await Promise.all([
          m.getRepository(Objective).findOne({ where: { id: row.causeObjectiveId } }),
          m.getRepository(Objective).findOne({ where: { id: row.effectObjectiveId } }),
        ])
      : [null, null];
    const access =
      cause && effect && !cause.archivedAt && !effect.archivedAt
        ? policy.causeLinkAccess(subjectOf(cause), subjectOf(effect))
        : { read: false, edit: false };
    if (!row || row.archivedAt || !access.read || !effect) throw notFound(WHAT, id);
    if (policy.outsideTokenScope(effect.unitId))
      throw forbidden(`This objective lies outside this token's unit.`);
    if (!access.edit) throw forbidden('You may not change the causes of this objective.');
    if (row.version !== version) throw conflict(WHAT, version, row);
    const prev = await before(m, SubjectType.OBJECTIVE, effect.id);
    row.archivedAt = now;
    const saved = await repo.save(row);
    await recordLinkChange(m, policy, effect, HistoryAction.UNLINK, prev, reason ?? null);
    return saved;
  });
}

/** The links the viewer may see among `links`: both ends active and readable. */
export async function visibleLinks(
  ctx: GraphQLContext,
  links: readonly ObjectiveCauseLink[],
): Promise<ObjectiveCauseLink[]> {
  if (links.length === 0) return [];
  const policy = await ctx.policy();
  const ends = await ctx.loaders.objective.loadMany(
    links.flatMap((l) => [l.causeObjectiveId, l.effectObjectiveId]),
  );
  return links.filter((_, i) => {
    const [c, e] = [ends[2 * i], ends[2 * i + 1]];
    if (!c || !e || c instanceof Error || e instanceof Error) return false;
    return policy.causeLinkAccess(subjectOf(c), subjectOf(e)).read;
  });
}
