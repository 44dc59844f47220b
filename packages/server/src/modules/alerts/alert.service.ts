import { unitScope } from '../../graphql/visibility.js';
import { AlertStatus, SubjectType } from '@throughline/shared';
import DataLoader from 'dataloader';
import type { EntityManager } from 'typeorm';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput, forbidden, notFound } from '../../graphql/errors.js';
import { isUuid } from '../../graphql/ids.js';
import { entityByIdLoader } from '../../graphql/loader-factories.js';
import { GraphEventInput, publishGraphEvent, publishGraphEvents } from '../events/graph-events.js';
import { writeTransaction } from '../graph-write.js';
import { Alert } from './alert.entity.js';

import { ALERT_TOPICS } from './alert-topics.js';

export { ALERT_TOPICS };

const OPEN_STATUSES = `('${AlertStatus.OPEN}', '${AlertStatus.ACKNOWLEDGED}')`;

/** One rule's verdict on one subject: `active` raises (once), inactive resolves the open alert. */
export interface AlertCondition {
  rule: string;
  subjectId: string;
  subjectType: SubjectType;
  /** Unit of the subject. */
  unitId: string;
  /** Owner of the subject; null when nobody owns it (the unit head gets it). */
  ownerId: string | null;
  active: boolean;
  message: string;
}

/**
 * Raises or resolves the alert of one rule for one subject, in the caller's transaction, at
 * `now` (the server clock's instant: raised_at / resolved_at; see clock.ts).
 * Idempotent: an open alert is never duplicated (partial unique index + ON CONFLICT DO
 * NOTHING, so racing transactions agree too); raising publishes `alertRaised`, resolving
 * publishes `alertResolved`. While the condition holds, the message (and unit/owner) are
 * kept current without a new event.
 */
export async function raiseOrResolve(
  m: EntityManager,
  now: Date,
  c: AlertCondition,
): Promise<'raised' | 'resolved' | 'unchanged'> {
  if (c.active) {
    const inserted: { id: string }[] = await m.query(
      `INSERT INTO alert (rule, message, subject_id, subject_type, unit_id, owner_id, status, raised_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'OPEN', $7)
       ON CONFLICT (rule, subject_id) WHERE status IN ${OPEN_STATUSES} DO NOTHING RETURNING id`,
      [c.rule, c.message, c.subjectId, c.subjectType, c.unitId, c.ownerId, now],
    );
    if (inserted.length) {
      await publishGraphEvent(m, {
        topic: ALERT_TOPICS.raised,
        subjectId: inserted[0].id,
        unitId: c.unitId,
        payload: { rule: c.rule, subjectId: c.subjectId, subjectType: c.subjectType },
      });
      return 'raised';
    }
    await m.query(
      `UPDATE alert SET message = $3, unit_id = $4, owner_id = $5
        WHERE rule = $1 AND subject_id = $2 AND status IN ${OPEN_STATUSES}
          AND (message <> $3 OR unit_id <> $4 OR owner_id IS DISTINCT FROM $5)`,
      [c.rule, c.subjectId, c.message, c.unitId, c.ownerId],
    );
    return 'unchanged';
  }
  const [rows] = await m.query(
    `UPDATE alert SET status = 'RESOLVED', resolved_at = $3
      WHERE rule = $1 AND subject_id = $2 AND status IN ${OPEN_STATUSES} RETURNING id, unit_id`,
    [c.rule, c.subjectId, now],
  );
  for (const r of rows as { id: string; unit_id: string }[]) {
    await publishGraphEvent(m, {
      topic: ALERT_TOPICS.resolved,
      subjectId: r.id,
      unitId: r.unit_id,
      payload: { rule: c.rule, subjectId: c.subjectId },
    });
  }
  return rows.length ? 'resolved' : 'unchanged';
}

/**
 * `raiseOrResolve` for many conditions at once, set-based: one INSERT for the active ones, one
 * UPDATE keeping their messages current, one UPDATE resolving the inactive ones, and their
 * `alertRaised`/`alertResolved` events in one outbox write — a few statements however many
 * subjects (a partner batch touches dozens of KPIs × nine rules). Same outcome as calling
 * `raiseOrResolve` for each; a (rule, subject) should appear once.
 */
export async function raiseOrResolveMany(
  m: EntityManager,
  now: Date,
  conditions: AlertCondition[],
): Promise<void> {
  const active = conditions.filter((c) => c.active);
  const inactive = conditions.filter((c) => !c.active);
  const events: GraphEventInput[] = [];
  if (active.length) {
    const col = <K extends keyof AlertCondition>(k: K) => active.map((c) => c[k]);
    const raised: { id: string; rule: string; subject_id: string; subject_type: string; unit_id: string }[] =
      await m.query(
        `INSERT INTO alert (rule, message, subject_id, subject_type, unit_id, owner_id, status, raised_at)
         SELECT r, msg, s, st, u, o, 'OPEN', $7 FROM unnest($1::text[], $2::text[], $3::uuid[], $4::text[], $5::uuid[], $6::uuid[])
           WITH ORDINALITY AS x(r, msg, s, st, u, o, n) ORDER BY n
         ON CONFLICT (rule, subject_id) WHERE status IN ${OPEN_STATUSES} DO NOTHING
         RETURNING id, rule, subject_id, subject_type, unit_id`,
        [
          col('rule'),
          col('message'),
          col('subjectId'),
          col('subjectType'),
          col('unitId'),
          col('ownerId'),
          now,
        ],
      );
    for (const r of raised)
      events.push({
        topic: ALERT_TOPICS.raised,
        subjectId: r.id,
        unitId: r.unit_id,
        payload: { rule: r.rule, subjectId: r.subject_id, subjectType: r.subject_type },
      });
    await m.query(
      `WITH u AS (
         UPDATE alert a SET message = x.msg, unit_id = x.u, owner_id = x.o
           FROM unnest($1::text[], $2::uuid[], $3::text[], $4::uuid[], $5::uuid[]) AS x(r, s, msg, u, o)
          WHERE a.rule = x.r AND a.subject_id = x.s AND a.status IN ${OPEN_STATUSES}
            AND (a.message <> x.msg OR a.unit_id <> x.u OR a.owner_id IS DISTINCT FROM x.o)
          RETURNING 1)
       SELECT count(*) FROM u`,
      [col('rule'), col('subjectId'), col('message'), col('unitId'), col('ownerId')],
    );
  }
  if (inactive.length) {
    const resolved: { id: string; unit_id: string; rule: string; subject_id: string }[] = await m.query(
      `WITH r AS (
         UPDATE alert a SET status = 'RESOLVED', resolved_at = $3
           FROM unnest($1::text[], $2::uuid[]) AS x(r, s)
          WHERE a.rule = x.r AND a.subject_id = x.s AND a.status IN ${OPEN_STATUSES}
          RETURNING a.id, a.unit_id, a.rule, a.subject_id, a.raised_at)
       SELECT id, unit_id, rule, subject_id FROM r ORDER BY raised_at, id`,
      [inactive.map((c) => c.rule), inactive.map((c) => c.subjectId), now],
    );
    for (const r of resolved)
      events.push({
        topic: ALERT_TOPICS.resolved,
        subjectId: r.id,
        unitId: r.unit_id,
        payload: { rule: r.rule, subjectId: r.subject_id },
      });
  }
  await publishGraphEvents(m, events);
}

/**
 * Brings every alert of one rule in line with a full evaluation (the scheduled scan): raises
 * the active conditions, resolves every other open alert of the rule.
 */
export async function reconcileRule(
  m: EntityManager,
  now: Date,
  rule: string,
  active: AlertCondition[],
): Promise<{ raised: number; resolved: number }> {
  let raised = 0;
  const open: { subject_id: string }[] = await m.query(
    `SELECT subject_id FROM alert WHERE rule = $1 AND status IN ${OPEN_STATUSES}`,
    [rule],
  );
  const openIds = new Set(open.map((r) => r.subject_id));
  for (const c of active) {
    if (openIds.has(c.subjectId)) continue; // already open: nothing to announce
    if ((await raiseOrResolve(m, now, { ...c, rule, active: true })) === 'raised') raised++;
  }
  const [rows] = await m.query(
    `UPDATE alert SET status = 'RESOLVED', resolved_at = $3
      WHERE rule = $1 AND status IN ${OPEN_STATUSES} AND NOT (subject_id = ANY($2::uuid[])) RETURNING id, unit_id, subject_id`,
    [rule, active.map((c) => c.subjectId), now],
  );
  for (const r of rows as { id: string; unit_id: string; subject_id: string }[]) {
    await publishGraphEvent(m, {
      topic: ALERT_TOPICS.resolved,
      subjectId: r.id,
      unitId: r.unit_id,
      payload: { rule, subjectId: r.subject_id },
    });
  }
  return { raised, resolved: rows.length };
}

const alertLoaders = new WeakMap<object, DataLoader<string, Alert | null>>();

/** Per-request loader of alerts by id (keyed on the request's loader set, so fresh per request and per event). */
export function alertLoader(ctx: GraphQLContext): DataLoader<string, Alert | null> {
  let l = alertLoaders.get(ctx.loaders);
  if (!l) {
    l = entityByIdLoader(ctx.db, Alert, { includeArchived: true });
    alertLoaders.set(ctx.loaders, l);
  }
  return l;
}

/** Filters of the inbox (`alerts`). */
export interface AlertFilter {
  unitId?: string | null;
  statuses: AlertStatus[];
  /** Only these rules (e.g. KPI_FORECAST_RED). */
  rules?: string[] | null;
  /** Only the alerts raised to the viewer: they own the subject, head its unit (or one above), or it was escalated to them. */
  mine?: boolean | null;
  first?: number | null;
}

/** Most alerts one page returns. */
export const MAX_ALERTS_PAGE = 500;
/** Page size when resolved alerts are asked for without `first` (they only grow). */
const RESOLVED_PAGE = 200;

/** The alerts of a filter the viewer may see, as a query (null when none can match). */
async function alertQuery(ctx: GraphQLContext, f: Omit<AlertFilter, 'first'>) {
  const policy = await ctx.policy();
  if (f.rules?.some((r) => !r || r.length > 40)) throw badInput('rules', 'Unknown alert rule.');
  const units = unitScope(policy, f.unitId);
  if (units.length === 0 || f.statuses.length === 0 || f.rules?.length === 0) return null;
  const q = ctx.db
    .getRepository(Alert)
    .createQueryBuilder('a')
    .where('a.unit_id = ANY(:units)', { units })
    .andWhere('a.status = ANY(:statuses)', { statuses: f.statuses });
  if (f.rules) q.andWhere('a.rule = ANY(:rules)', { rules: f.rules });
  if (f.mine)
    q.andWhere('(a.owner_id = :me OR a.escalated_to_id = :me OR a.unit_id = ANY(:headed))', {
      me: policy.viewer.personId,
      headed: policy.headedSubtreeIds(),
    });
  return q;
}

/** Alerts the viewer may see, open ones by default, newest first. */
export async function listAlerts(ctx: GraphQLContext, f: AlertFilter): Promise<Alert[]> {
  if (f.first != null && (!Number.isInteger(f.first) || f.first < 1 || f.first > MAX_ALERTS_PAGE))
    throw badInput('first', `Ask for 1 to ${MAX_ALERTS_PAGE} alerts at a time.`);
  const q = await alertQuery(ctx, f);
  if (!q) return [];
  const limit = f.first ?? (f.statuses.includes(AlertStatus.RESOLVED) ? RESOLVED_PAGE : null);
  q.orderBy('a.raised_at', 'DESC').addOrderBy('a.id');
  if (limit) q.take(limit);
  return q.getMany();
}

/**
 * How many alerts of a filter the viewer may see — what `alerts` would list without a page
 * size. The homes show this figure and only the newest few alerts: a large organisation has
 * thousands open (one per overdue milestone), and listing them all to count them took seconds.
 */
export async function countAlerts(ctx: GraphQLContext, f: Omit<AlertFilter, 'first'>): Promise<number> {
  const q = await alertQuery(ctx, f);
  return q ? q.getCount() : 0;
}

/** Longest note kept with an acknowledgement. */
export const MAX_ACK_NOTE = 2000;

/**
 * Acknowledges an open alert (its owner, a head of its unit or above, or an executive), with an
 * optional note on what is being done; an acknowledged alert no longer escalates.
 */
export async function acknowledgeAlert(
  ctx: GraphQLContext,
  id: string,
  note?: string | null,
): Promise<Alert> {
  const text = note?.trim() ? note.trim() : null;
  if (text && text.length > MAX_ACK_NOTE)
    throw badInput('note', `Keep the note under ${MAX_ACK_NOTE} characters.`);
  return writeTransaction(ctx, async (m, policy, now) => {
    const row = isUuid(id)
      ? await m.getRepository(Alert).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } })
      : null;
    if (!row || !policy.can('read', { unitId: row.unitId })) throw notFound('alert', id);
    if (!policy.can('acknowledgeAlert', { unitId: row.unitId, ownerId: row.ownerId }))
      throw forbidden(
        'Only the owner of the subject, a head of its unit or an executive may acknowledge this alert.',
      );
    if (row.status === AlertStatus.RESOLVED) throw badInput('id', 'This alert is already resolved.');
    if (row.status === AlertStatus.ACKNOWLEDGED) return row;
    row.status = AlertStatus.ACKNOWLEDGED;
    row.acknowledgedAt = now;
    row.acknowledgedById = policy.viewer.personId;
    row.acknowledgedNote = text;
    const saved = await m.getRepository(Alert).save(row);
    await publishGraphEvent(m, {
      topic: ALERT_TOPICS.acknowledged,
      subjectId: row.id,
      unitId: row.unitId,
      payload: { rule: row.rule, subjectId: row.subjectId, actorId: policy.viewer.personId },
    });
    return saved;
  });
}

/** Where the app shows an alert's subject (a milestone: its initiative; an action: its meeting). */
export async function subjectPath(db: GraphQLContext['db'], a: Alert): Promise<string | null> {
  switch (a.subjectType) {
    case SubjectType.KPI:
      return `/kpis/${a.subjectId}`;
    case SubjectType.OBJECTIVE:
      return `/objectives/${a.subjectId}`;
    case SubjectType.INITIATIVE:
      return `/initiatives/${a.subjectId}`;
    case SubjectType.MILESTONE: {
      const [r] = await db.query(`SELECT initiative_id FROM milestone WHERE id = $1`, [a.subjectId]);
      return r ? `/initiatives/${r.initiative_id}` : null;
    }
    case SubjectType.ACTION: {
      const [r] = await db.query(`SELECT meeting_id FROM action WHERE id = $1`, [a.subjectId]);
      return r ? `/meetings/${r.meeting_id}` : null;
    }
    case SubjectType.UNIT:
      if (a.rule === 'TEAM_OBJECTIVES_OVER_LIMIT') return `/plan`;
      if (a.rule === 'DASHBOARD_OVER_LIMIT') return `/`;
      return `/portfolio`;
    default:
      return null;
  }
}
