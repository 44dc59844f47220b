import { ActionStatus, Direction, Health, kpiHealth, SubjectType } from '@throughline/shared';
import { valueText } from '../../text.js';
import type { DataSource, EntityManager } from 'typeorm';
import type { OrgTree } from '../../auth/org-tree.js';
import { audienceCanSee } from '../../auth/policy.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput } from '../../graphql/errors.js';
import { isUuid } from '../../graphql/ids.js';
import { createLoaders, Loaders } from '../../graphql/loaders.js';
import { targetOn } from '../health/health.loaders.js';
import { KpiTarget } from '../kpis/kpi-target.entity.js';
import { liveScopeState } from '../meetings/meeting-scope.js';
import { Briefing } from './briefing.entity.js';
import type {
  BriefingContent,
  BriefingLine,
  BriefingMeeting,
  PreReadDelivery,
  PreReadInfo,
} from './briefing.content.js';
import { decisionsDueForRevisit, dayInZone, whyNotes } from './pre-read.content.js';
import { briefingToHtml, briefingToMarkdown, RenderOptions } from './briefing.render.js';

/** A briefing with both renderings; `id` is null for one generated on the fly and not stored. */
export interface RenderedBriefing {
  id: string | null;
  unitId: string;
  meetingId: string | null;
  content: BriefingContent;
  markdown: string;
  html: string;
  /** A stored pre-read: its review, and when and to whom it was last sent. */
  preReadOfMeetingId?: string | null;
  sentAt?: Date | null;
  sentById?: string | null;
  deliveries?: PreReadDelivery[];
}

const ACTION_STATUS_LABEL: Record<string, string> = {
  [ActionStatus.OPEN]: 'Open',
  [ActionStatus.DONE]: 'Done',
  [ActionStatus.DROPPED]: 'Dropped',
};

/**
 * A KPI's health at a past instant: its state from history (targets as they stood) and the
 * measurement known then (none: NO_DATA). KPIs without history (imported rows) fall back to today's targets.
 */
export async function kpiHealthAt(loaders: Loaders, kpiId: string, at: Date): Promise<Health> {
  const [snap, ms, kpi, liveTargets] = await Promise.all([
    loaders.asOf.snapshotAt(SubjectType.KPI, kpiId, at),
    loaders.asOf.measurementAt(kpiId, at),
    loaders.kpi.load(kpiId),
    loaders.targets.load(kpiId),
  ]);
  const direction = (snap?.direction as Direction | undefined) ?? kpi?.direction;
  if (!direction) return Health.NO_DATA;
  const targets = snap
    ? ((snap.targets as KpiTarget[]) ?? []).map((t) => Object.assign(new KpiTarget(), t))
    : liveTargets;
  const t = targetOn(targets, ms ? new Date(ms.at) : at);
  return kpiHealth({
    direction,
    value: ms?.value ?? null,
    target: t?.target ?? null,
    amber: t?.amber ?? null,
    red: t?.red ?? null,
  });
}

/**
 * Builds a briefing's content from live data for a unit's scope and a period: objectives and
 * their health, KPIs whose health moved since the previous briefing of the unit (else since
 * the period's start), what is off track and who owns it, decisions taken in the period and
 * actions overdue. `include(unitId)` says which units' subjects it may carry.
 */
export async function buildBriefingContent(
  db: DataSource | EntityManager,
  tree: OrgTree,
  opts: {
    unitId: string;
    from: Date;
    to: Date;
    include: (unitId: string) => boolean;
    now: Date;
    /** The review whose close produces the briefing: its decisions, actions and minutes are included. */
    meeting?: BriefingMeeting;
    /** A review's pre-read: adds the decisions due for revisit and the "why" of what moved or is off track. */
    preRead?: PreReadInfo & { timeZone: string };
  },
): Promise<BriefingContent> {
  const now = opts.now;
  const loaders = createLoaders(db as DataSource, { now: () => now });
  const units = tree.subtree(opts.unitId).filter(opts.include);
  const unitName = tree.byId.get(opts.unitId)?.name ?? '';
  const state = await liveScopeState(db, loaders, units);
  const name = async (id: string | null) => (id ? ((await loaders.person.load(id))?.name ?? null) : null);
  const line = async (
    l: Omit<BriefingLine, 'ownerName' | 'previousHealth' | 'detail' | 'dueDate' | 'health'> &
      Partial<BriefingLine>,
  ): Promise<BriefingLine> => ({
    health: null,
    previousHealth: null,
    detail: null,
    dueDate: null,
    ...l,
    ownerName: await name(l.ownerId ?? null),
  });

  // A pre-read covers the period it was asked for: what moved is measured from the period's start.
  const [previous] = opts.preRead
    ? []
    : await db.query(
        // Pre-reads are not briefings of record: what moved is measured against the last review's briefing.
        `SELECT generated_at, content->'kpiHealth' AS kpi_health FROM briefing
      WHERE unit_id = $1 AND generated_at < $2 AND pre_read_of_meeting_id IS NULL ORDER BY generated_at DESC LIMIT 1`,
        [opts.unitId, opts.to < now ? opts.to : now],
      );
  const comparedAt: Date = previous ? new Date(previous.generated_at) : opts.from;
  const baseline = async (kpiId: string): Promise<Health | undefined> =>
    previous ? (previous.kpi_health?.[kpiId] as Health | undefined) : kpiHealthAt(loaders, kpiId, opts.from);

  const objectives = await Promise.all(
    state.objectives.map((o) =>
      line({
        subjectType: SubjectType.OBJECTIVE,
        subjectId: o.id,
        title: o.name,
        health: o.health as Health,
        ownerId: o.ownerId,
      }),
    ),
  );
  const kpiDetail = async (k: (typeof state.kpis)[number]) => {
    const uom = (await loaders.kpi.load(k.id))?.unitOfMeasure ?? '';
    return `Latest ${valueText(k.value, uom)} against target ${valueText(k.target, uom)}`;
  };
  const moved: BriefingLine[] = [];
  for (const k of state.kpis) {
    const before = await baseline(k.id);
    if (before === undefined || before === k.health) continue;
    moved.push(
      await line({
        subjectType: SubjectType.KPI,
        subjectId: k.id,
        title: k.name,
        health: k.health as Health,
        previousHealth: before,
        ownerId: k.ownerId,
        detail: await kpiDetail(k),
      }),
    );
  }
  const offTrack: BriefingLine[] = [];
  for (const k of state.kpis.filter((k) => k.health === Health.OFF_TRACK)) {
    offTrack.push(
      await line({
        subjectType: SubjectType.KPI,
        subjectId: k.id,
        title: k.name,
        health: Health.OFF_TRACK,
        ownerId: k.ownerId,
        detail: await kpiDetail(k),
      }),
    );
  }
  for (const i of state.initiatives.filter((i) => i.health === Health.OFF_TRACK)) {
    const h = await loaders.initiativeHealth.load(i.id);
    const why = [
      h?.overdueMilestones
        ? `${h.overdueMilestones} milestone${h.overdueMilestones === 1 ? '' : 's'} overdue`
        : null,
      h?.impactHealth === Health.OFF_TRACK ? 'its KPIs are off track' : null,
    ]
      .filter(Boolean)
      .join('; ');
    offTrack.push(
      await line({
        subjectType: SubjectType.INITIATIVE,
        subjectId: i.id,
        title: i.name,
        health: Health.OFF_TRACK,
        ownerId: i.ownerId,
        detail: why || null,
      }),
    );
  }

  // A review's own decisions come first (whenever they were recorded), then the scope's others of the period.
  const meetingId = opts.meeting?.id ?? null;
  const decisionRows: { id: string; text: string; rationale: string; owner_id: string }[] = await db.query(
    `SELECT id, text, rationale, owner_id FROM decision
      WHERE ($4::uuid IS NOT NULL AND meeting_id = $4) OR (unit_id = ANY($1) AND created_at >= $2 AND created_at <= $3)
      ORDER BY (meeting_id IS NOT DISTINCT FROM $4) DESC, created_at, id`,
    [units, opts.from, opts.to, meetingId],
  );
  const decisions = await Promise.all(
    decisionRows.map((d) =>
      line({
        subjectType: SubjectType.DECISION,
        subjectId: d.id,
        title: d.text,
        ownerId: d.owner_id,
        detail: d.rationale ? `Why: ${d.rationale}` : null,
      }),
    ),
  );
  const cutoff = opts.to < now ? opts.to : now;
  const actionLine = (
    a: { id: string; text: string; ownerId: string; dueDate: Date; status: string },
    detail: string | null,
  ) => {
    const overdue = a.status === ActionStatus.OPEN && a.dueDate < cutoff;
    const state = overdue ? 'Overdue' : (ACTION_STATUS_LABEL[a.status] ?? a.status);
    return line({
      subjectType: SubjectType.ACTION,
      subjectId: a.id,
      title: a.text,
      ownerId: a.ownerId,
      dueDate: new Date(a.dueDate).toISOString(),
      detail: detail ? `${state}; ${detail}` : state,
    });
  };
  let newActions: BriefingLine[] | undefined;
  let carriedActions: BriefingLine[] | undefined;
  if (meetingId) {
    const agreed: {
      id: string;
      text: string;
      owner_id: string;
      due_date: Date;
      status: string;
      decision: string | null;
    }[] = await db.query(
      `SELECT a.id, a.text, a.owner_id, a.due_date, a.status, d.text AS decision FROM action a
         LEFT JOIN decision d ON d.id = a.decision_id
        WHERE a.meeting_id = $1 ORDER BY a.due_date, a.created_at, a.id`,
      [meetingId],
    );
    newActions = await Promise.all(
      agreed.map((a) =>
        actionLine(
          { id: a.id, text: a.text, ownerId: a.owner_id, dueDate: new Date(a.due_date), status: a.status },
          a.decision ? `carries out: ${a.decision}` : null,
        ),
      ),
    );
    const carried = (await loaders.carriedOverActions.load(meetingId)).filter((a) => opts.include(a.unitId));
    carriedActions = await Promise.all(
      carried.map(async (a) =>
        actionLine(a, `from ${(await loaders.meeting.load(a.meetingId))?.title ?? 'an earlier review'}`),
      ),
    );
  }
  const listed = new Set([...(newActions ?? []), ...(carriedActions ?? [])].map((l) => l.subjectId));
  const actionRows: { id: string; text: string; owner_id: string; due_date: Date }[] = await db.query(
    `SELECT id, text, owner_id, due_date FROM action WHERE unit_id = ANY($1) AND status = $2 AND due_date < $3 ORDER BY due_date, id`,
    [units, ActionStatus.OPEN, cutoff],
  );
  const overdueActions = await Promise.all(
    actionRows
      .filter((a) => !listed.has(a.id))
      .map((a) =>
        line({
          subjectType: SubjectType.ACTION,
          subjectId: a.id,
          title: a.text,
          ownerId: a.owner_id,
          dueDate: new Date(a.due_date).toISOString(),
        }),
      ),
  );

  let preRead: Pick<BriefingContent, 'preRead' | 'revisitDue' | 'why'> = {};
  if (opts.preRead) {
    const { timeZone, ...info } = opts.preRead;
    const due = await decisionsDueForRevisit(db, units, dayInZone(opts.from, timeZone), info.revisitBy);
    const kpiIds = new Set(
      [...moved, ...offTrack].filter((l) => l.subjectType === SubjectType.KPI).map((l) => l.subjectId),
    );
    const kpis = state.kpis.filter((k) => kpiIds.has(k.id)).map((k) => ({ id: k.id, name: k.name }));
    preRead = {
      preRead: info,
      revisitDue: await Promise.all(due.map((d) => line(d))),
      why: await whyNotes(db, kpis, opts.from, opts.to),
    };
  }

  return {
    unitId: opts.unitId,
    unitName,
    from: opts.from.toISOString(),
    to: opts.to.toISOString(),
    generatedAt: now.toISOString(),
    comparedWith: previous ? 'PREVIOUS_BRIEFING' : 'PERIOD_START',
    comparedAt: comparedAt.toISOString(),
    objectives,
    moved,
    offTrack,
    decisions,
    overdueActions,
    ...(opts.meeting ? { meeting: opts.meeting, newActions, carriedActions } : {}),
    ...preRead,
    kpiHealth: Object.fromEntries(state.kpis.map((k) => [k.id, k.health as Health])),
  };
}

/** Renders content into a briefing (both formats). */
export function renderBriefing(
  content: BriefingContent,
  ids: { id: string | null; meetingId: string | null },
  o: RenderOptions = {},
): RenderedBriefing {
  return {
    ...ids,
    unitId: content.unitId,
    content,
    markdown: briefingToMarkdown(content, o),
    html: briefingToHtml(content, o),
  };
}

/** A stored briefing as a rendered one (its renderings as they were produced). */
export function renderedFromStored(b: Briefing): RenderedBriefing {
  return {
    id: b.id,
    unitId: b.unitId,
    meetingId: b.meetingId,
    content: b.content,
    markdown: b.markdown,
    html: b.html,
    preReadOfMeetingId: b.preReadOfMeetingId ?? null,
    sentAt: b.sentAt ?? null,
    sentById: b.sentById ?? null,
    deliveries: b.deliveries ?? [],
  };
}

/**
 * Generates and stores a briefing for a unit's scope, in the caller's transaction. It carries
 * only what everyone who may see the unit may see, since whoever can read the unit can read it.
 */
export async function storeBriefing(
  m: EntityManager,
  db: DataSource,
  tree: OrgTree,
  opts: {
    unitId: string;
    from: Date;
    to: Date;
    meetingId: string | null;
    generatedById: string | null;
    now: Date;
    /** When closing a review: the review, with its minutes as fixed in the closing transaction. */
    meeting?: BriefingMeeting;
  },
): Promise<Briefing> {
  const content = await buildBriefingContent(db, tree, {
    unitId: opts.unitId,
    from: opts.from,
    to: opts.to,
    include: (u) => audienceCanSee(tree, opts.unitId, u),
    now: opts.now,
    meeting: opts.meeting,
  });
  const r = renderBriefing(content, { id: null, meetingId: opts.meetingId });
  const repo = m.getRepository(Briefing);
  return repo.save(
    repo.create({
      unitId: opts.unitId,
      meetingId: opts.meetingId,
      periodFrom: opts.from,
      periodTo: opts.to,
      generatedAt: new Date(content.generatedAt),
      generatedById: opts.generatedById,
      content,
      markdown: r.markdown,
      html: r.html,
    }),
  );
}

export function requirePeriod(unitId: string, from: Date, to: Date, canSee: (u: string) => boolean) {
  if (!isUuid(unitId) || !canSee(unitId)) throw badInput('unitId', `No unit with id ${unitId}.`);
  if (!(from instanceof Date) || Number.isNaN(from.getTime()))
    throw badInput('from', 'from must be a valid date and time.');
  if (!(to instanceof Date) || Number.isNaN(to.getTime()))
    throw badInput('to', 'to must be a valid date and time.');
  if (from >= to) throw badInput('to', 'to must be after from.');
  if (to.getTime() - from.getTime() > 3 * 366 * 86_400_000)
    throw badInput('from', 'A briefing covers at most three years.');
}

/** A briefing generated now for the viewer (everything they may see in the unit's scope); not stored. */
export async function liveBriefing(
  ctx: GraphQLContext,
  unitId: string,
  from: Date,
  to: Date,
): Promise<RenderedBriefing> {
  const policy = await ctx.policy();
  requirePeriod(unitId, from, to, (u) => policy.canSeeUnit(u));
  const content = await buildBriefingContent(ctx.db, policy.tree, {
    unitId,
    from,
    to,
    include: (u) => policy.canSeeUnit(u),
    now: ctx.clock.now(),
  });
  return renderBriefing(content, { id: null, meetingId: null });
}

/** Generates and stores a briefing of a unit for a period, to circulate or download. */
export async function generateBriefing(
  ctx: GraphQLContext,
  unitId: string,
  from: Date,
  to: Date,
): Promise<RenderedBriefing> {
  const policy = await ctx.policy();
  requirePeriod(unitId, from, to, (u) => policy.canSeeUnit(u));
  const row = await ctx.db.transaction((m) =>
    storeBriefing(m, ctx.db, policy.tree, {
      unitId,
      from,
      to,
      meetingId: null,
      generatedById: policy.viewer.personId,
      now: ctx.clock.now(),
    }),
  );
  return renderedFromStored(row);
}

/** A stored briefing the viewer may read (by its unit), or null. */
export async function visibleStoredBriefing(
  ctx: GraphQLContext,
  id: string,
): Promise<RenderedBriefing | null> {
  const [policy, row] = await Promise.all([ctx.policy(), ctx.loaders.briefing.load(id)]);
  return row && policy.can('read', { unitId: row.unitId }) ? renderedFromStored(row) : null;
}

/** Stored briefings of a unit, newest first. */
export async function listStoredBriefings(
  ctx: GraphQLContext,
  unitId: string,
  first: number,
): Promise<RenderedBriefing[]> {
  const policy = await ctx.policy();
  if (!isUuid(unitId) || !policy.canSeeUnit(unitId)) return [];
  if (first < 1 || first > 100) throw badInput('first', 'first must be between 1 and 100.');
  const rows = await ctx.db
    .getRepository(Briefing)
    .find({ where: { unitId }, order: { generatedAt: 'DESC' }, take: first });
  return rows.map(renderedFromStored);
}
