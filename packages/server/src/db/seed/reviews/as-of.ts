/**
 * The reviews' snapshots, agendas and minutes as they stood when each past meeting was held:
 * computed by the same health loaders and `liveScopeState` the meetings module uses, over
 * base loaders that see only what was known at the time.
 */
import DataLoader from 'dataloader';
import { ActionStatus, type MeetingKind } from '@throughline/shared';
import type { DataSource, EntityManager } from 'typeorm';
import type { OrgTree } from '../../../auth/org-tree.js';
import { createLoaders, type Loaders } from '../../../graphql/loaders.js';
import { createHealthLoaders } from '../../../modules/health/health.loaders.js';
import {
  AgendaItemKind,
  agendaSectionTitle,
  agendaToMarkdown,
  type AgendaItem,
} from '../../../modules/meetings/meeting-agenda.js';
import { audienceUnitIds, liveScopeState } from '../../../modules/meetings/meeting-scope.js';
import type { SnapshotRow } from '../../../modules/meetings/meeting.entity.js';
import { DAY, hhmm, ymd } from '../calendar.js';
import type { MeetingSpec } from '../story/story.js';

export interface SeededAction {
  id: string;
  meetingKey: string;
  kind: MeetingKind;
  unitId: string;
  decisionId: string | null;
  text: string;
  ownerId: string;
  due: Date;
  doneAt: Date | null;
  droppedAt: Date | null;
  createdAt: Date;
}
export interface SeededDecision {
  id: string;
  meetingKey: string;
  unitId: string;
  text: string;
  ownerId: string;
  revisitOn: string | null;
  createdAt: Date;
}
export interface SeededMeeting {
  id: string;
  spec: MeetingSpec;
  unitId: string;
  title: string;
  scheduledAt: Date;
  openedAt: Date | null;
  closedAt: Date | null;
}

export interface ScopeState {
  kpis: SnapshotRow[];
  objectives: SnapshotRow[];
  initiatives: SnapshotRow[];
  /** KPI id → when its latest measurement known at the instant was taken. */
  latestAt: Map<string, Date>;
}

/**
 * The state of some units' subjects as it stood at `at`, computed by the same health loaders
 * and `liveScopeState` as `openMeeting`, over base loaders that see only what was known then.
 */
export async function scopeStateAt(m: EntityManager, unitIds: string[], at: Date): Promise<ScopeState> {
  const db = m as unknown as DataSource; // loaders need only `query` and `getRepository`
  const base = createLoaders(db);
  const known: { subject_id: string; subject_type: string; snapshot: Record<string, any> }[] = await m.query(
    `SELECT DISTINCT ON (subject_id) subject_id, subject_type, snapshot FROM history_entry
      WHERE subject_type IN ('OBJECTIVE', 'KPI', 'INITIATIVE', 'MILESTONE') AND at <= $1 ORDER BY subject_id, at DESC, id DESC`,
    [at],
  );
  const asOf = new Map(known.map((k) => [k.subject_id, k.snapshot]));
  const exists = (id: string) => asOf.has(id);
  const latestMeasurement = new DataLoader<string, { value: number; at: Date } | null>(async (ids) => {
    const rows: { kpi_id: string; value: number; at: Date }[] = await m.query(
      `SELECT DISTINCT ON (kpi_id) kpi_id, value, at FROM measurement
        WHERE kpi_id = ANY($1) AND at <= $2 AND recorded_at <= $2 AND (superseded_at IS NULL OR superseded_at > $2)
        ORDER BY kpi_id, at DESC, recorded_at DESC`,
      [ids, at],
    );
    const byId = new Map(rows.map((r) => [r.kpi_id, { value: Number(r.value), at: new Date(r.at) }]));
    return ids.map((id) => byId.get(id) ?? null);
  });
  const valueAtOrBefore = new DataLoader<string, number | null>(async (keys) =>
    Promise.all(
      keys.map(async (k) => {
        const [kpiId, day] = k.split('|');
        const until = new Date(Math.min(new Date(`${day}T00:00:00Z`).getTime() + DAY, at.getTime()));
        const [r] = await m.query(
          `SELECT value FROM measurement WHERE kpi_id = $1 AND at <= $2 AND recorded_at <= $3 AND (superseded_at IS NULL OR superseded_at > $3) ORDER BY at DESC LIMIT 1`,
          [kpiId, until, at],
        );
        return r ? Number(r.value) : null;
      }),
    ),
  );
  const filtered = <T>(loader: DataLoader<string, T[]>, keep: (v: T) => boolean) =>
    new DataLoader<string, T[]>(async (ids) =>
      (await loader.loadMany(ids)).map((v) => (v instanceof Error ? [] : v.filter(keep))),
    );
  const asOfBase = {
    ...base,
    latestMeasurement,
    valueAtOrBefore,
    childObjectiveIds: filtered(base.childObjectiveIds, exists),
    kpiIdsOfObjective: filtered(base.kpiIdsOfObjective, exists),
    kpiIdsOfInitiative: filtered(base.kpiIdsOfInitiative, exists),
    milestones: new DataLoader(async (ids: readonly string[]) =>
      (await base.milestones.loadMany(ids)).map((v) =>
        v instanceof Error
          ? []
          : v
              .filter((ms) => exists(ms.id))
              .map((ms) => ({
                ...ms,
                completedAt: ms.completedAt && ms.completedAt <= at ? ms.completedAt : null,
              })),
      ),
    ),
  };
  const loaders = { ...asOfBase, ...createHealthLoaders(asOfBase as never, () => at) } as unknown as Loaders;
  const live = await liveScopeState(m, loaders, unitIds);
  // Subjects as their history had them then (name, owner, status); those not yet created left out.
  const then = (rows: SnapshotRow[], nameField: 'title' | 'name') =>
    rows
      .filter((r) => exists(r.id))
      .map((r) => {
        const s = asOf.get(r.id)!;
        const row: SnapshotRow = {
          ...r,
          name: s[nameField] ?? r.name,
          ownerId: s.ownerId ?? r.ownerId,
          unitId: s.unitId ?? r.unitId,
        };
        if (r.status !== undefined && s.status) row.status = s.status;
        return row;
      });
  const latestAt = new Map<string, Date>();
  for (const k of live.kpis) {
    const l = await latestMeasurement.load(k.id);
    if (l) latestAt.set(k.id, l.at);
  }
  return {
    kpis: then(live.kpis, 'name'),
    objectives: then(live.objectives, 'title'),
    initiatives: then(live.initiatives, 'title'),
    latestAt,
  };
}

/** An agenda as `draftAgenda` would have drafted it when the meeting opened, from the data as it stood. */
export async function agendaAt(
  m: EntityManager,
  tree: OrgTree,
  o: {
    unitId: string;
    kind: MeetingKind;
    title: string;
    scheduledAt: Date;
    openedAt: Date;
    previous: SeededMeeting | null;
    decisions: SeededDecision[];
    actions: SeededAction[];
    state: ScopeState;
    names: Map<string, string>;
  },
): Promise<string> {
  const t = o.openedAt;
  const audience = new Set(audienceUnitIds(tree, o.unitId));
  const items: AgendaItem[] = [];
  const push = (
    kind: AgendaItemKind,
    subjectId: string,
    title: string,
    detail: string,
    ownerId: string | null,
  ) =>
    items.push({
      kind,
      subjectId,
      title,
      detail,
      ownerId,
      ownerName: ownerId ? (o.names.get(ownerId) ?? null) : null,
      section: agendaSectionTitle(kind),
    });
  const statusAt = (a: SeededAction) =>
    a.doneAt && a.doneAt <= t
      ? ActionStatus.DONE
      : a.droppedAt && a.droppedAt <= t
        ? ActionStatus.DROPPED
        : ActionStatus.OPEN;

  if (o.previous) {
    for (const d of o.decisions.filter((x) => x.meetingKey === o.previous!.spec.key)) {
      const of = o.actions.filter((a) => a.decisionId === d.id);
      push(AgendaItemKind.PREVIOUS_DECISION, d.id, d.text, actionStateAt(of, statusAt, t), d.ownerId);
    }
  }
  // Open actions of every earlier closed meeting of the scope (same unit and kind).
  const carried = o.actions
    .filter(
      (a) =>
        a.unitId === o.unitId && a.kind === o.kind && a.createdAt < t && statusAt(a) === ActionStatus.OPEN,
    )
    .sort((a, b) => a.due.getTime() - b.due.getTime() || a.createdAt.getTime() - b.createdAt.getTime());
  for (const a of carried)
    push(
      AgendaItemKind.OPEN_ACTION,
      a.id,
      a.text,
      a.due < t ? `Overdue since ${ymd(a.due)}.` : `Due ${ymd(a.due)}.`,
      a.ownerId,
    );

  const prevDay = o.previous ? ymd(o.previous.scheduledAt) : null;
  for (const d of o.decisions
    .filter(
      (d) =>
        audience.has(d.unitId) &&
        d.revisitOn &&
        d.revisitOn <= ymd(o.scheduledAt) &&
        (!prevDay || d.revisitOn > prevDay) &&
        d.createdAt < t,
    )
    .sort(
      (a, b) => a.revisitOn!.localeCompare(b.revisitOn!) || a.createdAt.getTime() - b.createdAt.getTime(),
    )) {
    push(AgendaItemKind.DECISION_TO_REVISIT, d.id, d.text, `Revisit due ${d.revisitOn}.`, d.ownerId);
  }

  const fmt = (n: number | null | undefined) =>
    n == null ? '—' : Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/\.?0+$/, '');
  const kpis = o.state.kpis.filter((k) => audience.has(k.unitId));
  for (const k of kpis.filter((k) => k.health === 'OFF_TRACK'))
    push(
      AgendaItemKind.OFF_TRACK_KPI,
      k.id,
      k.name,
      `Latest ${fmt(k.value)} against target ${fmt(k.target)}.`,
      k.ownerId,
    );
  for (const k of kpis.filter((k) => k.health === 'AT_RISK'))
    push(
      AgendaItemKind.AT_RISK_KPI,
      k.id,
      k.name,
      `Latest ${fmt(k.value)} against target ${fmt(k.target)}.`,
      k.ownerId,
    );
  for (const k of kpis.filter((k) => k.stale)) {
    const l = o.state.latestAt.get(k.id);
    push(
      AgendaItemKind.STALE_KPI,
      k.id,
      k.name,
      l ? `Last measured ${ymd(l)}.` : 'Never measured.',
      k.ownerId,
    );
  }
  const milestones: { id: string; title: string; due_date: string; initiative: string; owner_id: string }[] =
    await m.query(
      `SELECT ms.id, ms.title, ms.due_date::text AS due_date, i.title AS initiative, i.owner_id
       FROM milestone ms JOIN initiative i ON i.id = ms.initiative_id
      WHERE i.unit_id = ANY($1) AND i.created_at <= $3 AND ms.created_at <= $3 AND (ms.completed_at IS NULL OR ms.completed_at > $3) AND ms.due_date < $2::date
      ORDER BY ms.due_date, i.title`,
      [[...audience], ymd(t), t],
    );
  for (const ms of milestones)
    push(
      AgendaItemKind.OVERDUE_MILESTONE,
      ms.id,
      `${ms.initiative}: ${ms.title}`,
      `Due ${ms.due_date}.`,
      ms.owner_id,
    );
  return agendaToMarkdown(items, o.title, t);
}

/** The same wording as the agenda's "were they carried out?" line, for the actions' states at `t`. */
function actionStateAt(
  actions: SeededAction[],
  statusAt: (a: SeededAction) => ActionStatus,
  t: Date,
): string {
  if (actions.length === 0) return 'No actions were agreed.';
  const done = actions.filter((a) => statusAt(a) === ActionStatus.DONE).length;
  const dropped = actions.filter((a) => statusAt(a) === ActionStatus.DROPPED).length;
  const open = actions.filter((a) => statusAt(a) === ActionStatus.OPEN);
  const overdue = open.filter((a) => a.due < t).length;
  const parts = [`${done} of ${actions.length} action${actions.length === 1 ? '' : 's'} done`];
  if (open.length) parts.push(`${open.length} open${overdue ? ` (${overdue} overdue)` : ''}`);
  if (dropped) parts.push(`${dropped} dropped`);
  return parts.join(', ') + '.';
}

/** Minutes as a secretary would write them: who was there, the discussion, decisions with their reasons, actions with owners and dates. */
export function minutesOf(
  spec: MeetingSpec,
  title: string,
  meeting: SeededMeeting,
  names: Map<string, string>,
  chairId: string,
  participantIds: string[],
  decisions: SeededDecision[],
  actions: SeededAction[],
): string {
  const name = (id: string) => names.get(id) ?? 'unknown';
  const lines = [
    `# Minutes: ${title}`,
    '',
    `Chair: ${name(chairId)}. Present: ${participantIds.map(name).join(', ')}.`,
    `Opened ${hhmm(meeting.openedAt!)} UTC, closed ${hhmm(meeting.closedAt!)} UTC.`,
    '',
    '## Discussion',
    '',
    ...(spec.notes ?? []).map((n) => `- ${n}`),
    '',
    '## Decisions',
    '',
  ];
  const specDecisions = spec.decisions ?? [];
  decisions.forEach((d, i) => {
    const s = specDecisions.find((x) => x.text === d.text)!;
    lines.push(
      `${i + 1}. ${d.text} (owner: ${name(d.ownerId)}). Why: ${s.rationale}${d.revisitOn ? ` Revisit on ${d.revisitOn}.` : ''}`,
    );
  });
  if (decisions.length === 0) lines.push('None.');
  lines.push('', '## Actions', '');
  for (const a of actions) lines.push(`- ${a.text}: ${name(a.ownerId)}, due ${ymd(a.due)}.`);
  if (actions.length === 0) lines.push('None.');
  lines.push('');
  return lines.join('\n');
}
