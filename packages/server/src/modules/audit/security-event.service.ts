import type { GraphQLContext } from '../../graphql/context.js';
import { badInput, forbidden } from '../../graphql/errors.js';
import { isUuid } from '../../graphql/ids.js';
import { decodeCursor, encodeCursor } from '../kpis/measurement-connection.js';
import { SecurityEvent } from './security-event.entity.js';
import type { SecurityEventConnection, SecurityEventFilter } from './security-event.inputs.js';

/** Page sizes of the security log. */
export const SECURITY_LOG_DEFAULT_PAGE = 50;
export const SECURITY_LOG_MAX_PAGE = 200;

/**
 * The security log, newest first, a page at a time (cursor: the last entry's instant and id).
 * Executives in their own session only (`policy.canReadSecurityLog`); everyone else FORBIDDEN.
 */
export async function listSecurityEvents(
  ctx: GraphQLContext,
  filter: SecurityEventFilter | null | undefined,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<SecurityEventConnection> {
  const policy = await ctx.policy();
  if (!policy.canReadSecurityLog()) throw forbidden('Only executives may read the security log.');
  const n = first ?? SECURITY_LOG_DEFAULT_PAGE;
  if (!Number.isInteger(n) || n < 1 || n > SECURITY_LOG_MAX_PAGE)
    throw badInput('first', `first must be between 1 and ${SECURITY_LOG_MAX_PAGE}.`);
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (v: unknown) => `$${params.push(v)}`;
  const f = filter ?? {};
  if (f.kinds?.length) where.push(`e.kind = ANY(${param(f.kinds)}::text[])`);
  if (f.personId != null) {
    if (!isUuid(f.personId)) throw badInput('filter.personId', `No person with id ${f.personId}.`);
    const p = param(f.personId);
    where.push(`(e.person_id = ${p} OR e.actor_id = ${p})`);
  }
  if (f.from && f.to && f.from.getTime() > f.to.getTime())
    throw badInput('filter.to', 'The end of the range is before its start.');
  if (f.from) where.push(`e.at >= ${param(f.from)}`);
  if (f.to) where.push(`e.at < ${param(f.to)}`);
  const text = f.search?.trim();
  if (text) {
    if (text.length > 200) throw badInput('filter.search', 'Search for at most 200 characters.');
    const q = param(`%${text.replace(/[%_\\]/g, '\\$&')}%`);
    where.push(
      `(e.email ILIKE ${q} OR e.ip ILIKE ${q} OR e.user_agent ILIKE ${q} OR e.detail::text ILIKE ${q}
        OR EXISTS (SELECT 1 FROM person p WHERE p.id IN (e.person_id, e.actor_id)
                   AND (p.name ILIKE ${q} OR p.email ILIKE ${q})))`,
    );
  }
  if (after) {
    const cur = decodeCursor(after);
    where.push(`(e.at, e.id) < (${param(cur.at)}, ${param(isUuid(cur.id) ? cur.id : null)}::uuid)`);
  }
  const rows: Record<string, unknown>[] = await ctx.db.query(
    `SELECT e.* FROM security_event e ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY e.at DESC, e.id DESC LIMIT ${param(n + 1)}`,
    params,
  );
  const nodes = rows.slice(0, n).map(eventFrom);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(node), node }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > n, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

function eventFrom(r: Record<string, unknown>): SecurityEvent {
  return Object.assign(new SecurityEvent(), {
    id: r.id as string,
    kind: r.kind as SecurityEvent['kind'],
    at: r.at as Date,
    actorId: (r.actor_id as string | null) ?? null,
    actorTokenId: (r.actor_token_id as string | null) ?? null,
    personId: (r.person_id as string | null) ?? null,
    email: (r.email as string | null) ?? null,
    ip: (r.ip as string | null) ?? null,
    userAgent: (r.user_agent as string | null) ?? null,
    detail: (r.detail as Record<string, unknown>) ?? {},
  });
}
