import { MeetingStatus } from '@throughline/shared';
import type { Policy } from '../../auth/policy.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { Meeting } from './meeting.entity.js';
import { FollowThrough, OwnerFollowThrough } from './meeting.types.js';
import {
  countActions,
  countDecisions,
  decisionsByOwner,
  type ActionCounts,
  type ActionFacts,
  type DecisionCounts,
  type DecisionFacts,
} from './follow-through-rule.js';
import { FollowThroughPoint } from './follow-through.types.js';

/**
 * Follow-through of a scope — a unit and below, a review's scope, or one person — read from the
 * database and judged by `follow-through-rule.ts`. Only units the viewer may see count.
 */
export interface FollowThroughScope {
  /** Units whose decisions and actions count (already limited to what the viewer may see). */
  unitIds: string[];
  /** One person: their decisions (decision level) and their actions (action level). */
  ownerId?: string;
  /** The closed reviews whose closing makes the trend's points, oldest first (at most `last`). */
  trendMeetings: (last: number) => Promise<Meeting[]>;
}

interface Facts {
  decisions: DecisionFacts[];
  actions: ActionFacts[];
}

type ActionRow = {
  decision_id: string | null;
  owner_id: string;
  status: ActionFacts['status'];
  due_date: Date;
  completed_at: Date | null;
  created_at: Date;
};
const toAction = (r: ActionRow): ActionFacts => ({
  ownerId: r.owner_id,
  status: r.status,
  dueDate: r.due_date,
  completedAt: r.completed_at,
  createdAt: r.created_at,
});
const ACTION_COLUMNS = 'decision_id, owner_id, status, due_date, completed_at, created_at';

/** The decisions (with all their actions) and the actions of a scope. */
async function loadFacts(ctx: GraphQLContext, scope: FollowThroughScope): Promise<Facts> {
  if (scope.unitIds.length === 0) return { decisions: [], actions: [] };
  const owner = scope.ownerId ?? null;
  const [decisionRows, actionRows]: [{ id: string; owner_id: string; created_at: Date }[], ActionRow[]] =
    await Promise.all([
      ctx.db.query(
        `SELECT id, owner_id, created_at FROM decision
        WHERE unit_id = ANY($1) AND ($2::uuid IS NULL OR owner_id = $2)`,
        [scope.unitIds, owner],
      ),
      // A unit's scope: every action of its units. A person: their actions, and every action of the
      // decisions they own (a decision's actions share its unit, so visibility is the same).
      ctx.db.query(
        `SELECT ${ACTION_COLUMNS}, ($2::uuid IS NULL OR owner_id = $2) AS own FROM action a
        WHERE unit_id = ANY($1) AND ($2::uuid IS NULL OR owner_id = $2
          OR EXISTS (SELECT 1 FROM decision d WHERE d.id = a.decision_id AND d.owner_id = $2))`,
        [scope.unitIds, owner],
      ),
    ]);
  const byDecision = new Map<string, ActionFacts[]>();
  for (const r of actionRows)
    if (r.decision_id) byDecision.set(r.decision_id, [...(byDecision.get(r.decision_id) ?? []), toAction(r)]);
  return {
    decisions: decisionRows.map((d) => ({
      id: d.id,
      ownerId: d.owner_id,
      createdAt: d.created_at,
      actions: byDecision.get(d.id) ?? [],
    })),
    actions: (actionRows as (ActionRow & { own: boolean })[]).filter((r) => r.own).map(toAction),
  };
}

/** Decision-level figures of one scope or owner, attached to the GraphQL objects. */
export interface FollowThroughDetail {
  decisions: DecisionCounts;
}

/** Scope and figures behind a FollowThrough object (its GraphQL fields are answered from these). */
const scopes = new WeakMap<FollowThrough, { scope: FollowThroughScope; facts: Promise<Facts>; asOf: Date }>();
const ownerDetail = new WeakMap<OwnerFollowThrough, FollowThroughDetail>();

const owner = (ownerId: string, a: ActionCounts, d: DecisionCounts): OwnerFollowThrough => {
  const o = Object.assign(new OwnerFollowThrough(), {
    ownerId,
    rate: a.rate,
    due: a.due,
    doneOnTime: a.doneOnTime,
  });
  ownerDetail.set(o, { decisions: d });
  return o;
};

/** Builds the FollowThrough object of a scope at `asOf` (now). */
export async function followThroughOf(
  ctx: GraphQLContext,
  scope: FollowThroughScope,
  asOf: Date,
  unitId: string,
): Promise<FollowThrough> {
  const facts = loadFacts(ctx, scope);
  const { actions } = await facts;
  const total = countActions(actions, asOf);
  const ft = Object.assign(new FollowThrough(), { ...total, unitId, byOwner: [] as OwnerFollowThrough[] });
  scopes.set(ft, { scope, facts, asOf });
  return ft;
}

/** The scope of a unit (and below, as far as the viewer may see): its trend is every closed review of the unit. */
export function unitScope(ctx: GraphQLContext, policy: Policy, unitId: string): FollowThroughScope {
  return {
    unitIds: policy.visibleSubtree(unitId),
    trendMeetings: (last) => closedReviews(ctx, [unitId], null, null, last),
  };
}

/**
 * The scope of a review: its unit and below. The trend is the closed reviews of the unit up to it,
 * of every kind: monthly and quarterly reviews judge the same decisions, so one line reads best.
 */
export function meetingScope(ctx: GraphQLContext, policy: Policy, m: Meeting): FollowThroughScope {
  return {
    unitIds: policy.visibleSubtree(m.unitId),
    trendMeetings: (last) =>
      closedReviews(ctx, [m.unitId], null, m.status === MeetingStatus.CLOSED ? m.closedAt : null, last),
  };
}

/**
 * One person's follow-through: the decisions they own and the actions they own, in units the
 * viewer may see; the trend's points are the closed reviews of their unit and the units above it.
 */
export function personScope(
  ctx: GraphQLContext,
  policy: Policy,
  person: { id: string; unitId: string | null },
): FollowThroughScope {
  const units = person.unitId
    ? policy.tree
        .ancestorsAndSelf(person.unitId)
        .map((u) => u.id)
        .filter((u) => policy.canSeeUnit(u))
    : [];
  return {
    unitIds: policy.visibleUnitIds(),
    ownerId: person.id,
    trendMeetings: (last) => closedReviews(ctx, units, null, null, last),
  };
}

/** The last `last` closed reviews of some units (optionally of one kind, closed by `until`), oldest first. */
async function closedReviews(
  ctx: GraphQLContext,
  unitIds: string[],
  kind: string | null,
  until: Date | null,
  last: number,
): Promise<Meeting[]> {
  if (unitIds.length === 0 || last < 1) return [];
  const rows: { id: string }[] = await ctx.db.query(
    `SELECT id FROM meeting WHERE unit_id = ANY($1) AND status = $2 AND closed_at IS NOT NULL
        AND ($3::text IS NULL OR kind = $3) AND closed_at <= COALESCE($4::timestamptz, $5::timestamptz)
      ORDER BY closed_at DESC, id LIMIT $6`,
    [unitIds, MeetingStatus.CLOSED, kind, until, ctx.clock.now(), last],
  );
  const meetings = await ctx.loaders.meeting.loadMany(rows.map((r) => r.id));
  return meetings.filter((m): m is Meeting => !!m && !(m instanceof Error)).reverse();
}

/** The state behind a FollowThrough: built here, or (for the root `followThrough` query) from its unit. */
async function stateOf(ctx: GraphQLContext, ft: FollowThrough) {
  let s = scopes.get(ft);
  if (!s) {
    const scope = unitScope(ctx, await ctx.policy(), ft.unitId);
    s = { scope, facts: loadFacts(ctx, scope), asOf: ctx.clock.now() };
    scopes.set(ft, s);
  }
  return s;
}

export async function decisionCounts(ctx: GraphQLContext, ft: FollowThrough): Promise<DecisionCounts> {
  const s = await stateOf(ctx, ft);
  return countDecisions((await s.facts).decisions, s.asOf);
}

/**
 * Per owner: everyone who owns an action or a decision of the scope with something due or
 * pending, by name — action figures of their actions, decision figures of their decisions.
 */
export async function ownersOf(ctx: GraphQLContext, ft: FollowThrough): Promise<OwnerFollowThrough[]> {
  const s = await stateOf(ctx, ft);
  if (s.scope.ownerId) return [];
  const { decisions, actions } = await s.facts;
  const byDecisionOwner = decisionsByOwner(decisions, s.asOf);
  const actionOwners = new Map<string, ActionFacts[]>();
  for (const a of actions) actionOwners.set(a.ownerId, [...(actionOwners.get(a.ownerId) ?? []), a]);
  const ids = new Set([...byDecisionOwner.keys(), ...actionOwners.keys()]);
  const rows = [...ids]
    .map((id) =>
      owner(
        id,
        countActions(actionOwners.get(id) ?? [], s.asOf),
        byDecisionOwner.get(id) ?? countDecisions([], s.asOf),
      ),
    )
    .filter(
      (o) => o.due > 0 || ownerDetail.get(o)!.decisions.due + ownerDetail.get(o)!.decisions.pending > 0,
    );
  const people = await ctx.loaders.person.loadMany(rows.map((r) => r.ownerId));
  const name = new Map(people.flatMap((p) => (p && !(p instanceof Error) ? [[p.id, p.name] as const] : [])));
  return rows.sort((a, b) => (name.get(a.ownerId) ?? '').localeCompare(name.get(b.ownerId) ?? ''));
}

export function ownerDecisionCounts(o: OwnerFollowThrough): DecisionCounts {
  return ownerDetail.get(o)?.decisions ?? { due: 0, onTime: 0, late: 0, missed: 0, pending: 0, rate: null };
}

/** One point per closed review of the scope (the last `last`), judged at its closing. */
export async function trendOf(
  ctx: GraphQLContext,
  ft: FollowThrough,
  last: number,
): Promise<FollowThroughPoint[]> {
  const s = await stateOf(ctx, ft);
  const [meetings, { decisions, actions }] = await Promise.all([s.scope.trendMeetings(last), s.facts]);
  return meetings.map((m) => {
    const at = m.closedAt!;
    const d = countDecisions(decisions, at);
    const a = countActions(actions, at);
    return Object.assign(new FollowThroughPoint(), {
      meeting: m,
      at,
      decisionRate: d.rate,
      decisionsDue: d.due,
      decisionsOnTime: d.onTime,
      rate: a.rate,
      due: a.due,
      doneOnTime: a.doneOnTime,
    });
  });
}
