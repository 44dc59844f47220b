import { openNegotiationsOf } from '../planning/negotiation.agenda.js';
import { ActionStatus, Health, MeetingKind } from '@throughline/shared';
import { dateText, valueText } from '../../text.js';
import type { DataSource, EntityManager } from 'typeorm';
import { OrgTree } from '../../auth/org-tree.js';
import { audienceUnitIds } from '../../auth/policy.js';
import { isUuid } from '../../graphql/ids.js';
import { createLoaders, Loaders } from '../../graphql/loaders.js';
import type { Action } from './action.entity.js';
import { liveScopeState } from './meeting-scope.js';

/** What an agenda item is about; also the order of the agenda's sections. */
export enum AgendaItemKind {
  /** A decision of the previous review of the scope, with the state of its actions. */
  PREVIOUS_DECISION = 'PREVIOUS_DECISION',
  /** An action of an earlier review of the scope that is still open. */
  OPEN_ACTION = 'OPEN_ACTION',
  /** A decision whose revisit date has come since the previous review of the scope. */
  DECISION_TO_REVISIT = 'DECISION_TO_REVISIT',
  OFF_TRACK_KPI = 'OFF_TRACK_KPI',
  AT_RISK_KPI = 'AT_RISK_KPI',
  /** A KPI whose latest measurement is older than its frequency allows. */
  STALE_KPI = 'STALE_KPI',
  OVERDUE_MILESTONE = 'OVERDUE_MILESTONE',
  /** A catchball negotiation of the scope still open (quarterly reviews only). */
  OPEN_NEGOTIATION = 'OPEN_NEGOTIATION',
}

/** One item of an agenda drafted from live data. */
export interface AgendaItem {
  kind: AgendaItemKind;
  title: string;
  detail: string;
  /** The decision, action, KPI or milestone the item is about. */
  subjectId: string;
  ownerId: string | null;
  ownerName: string | null;
  /** The title of the agenda section it belongs to (by kind). */
  section: string;
}

const SECTION_TITLES: Record<AgendaItemKind, string> = {
  [AgendaItemKind.PREVIOUS_DECISION]: 'Decisions of the last review: were they carried out?',
  [AgendaItemKind.OPEN_ACTION]: 'Open actions carried over',
  [AgendaItemKind.DECISION_TO_REVISIT]: 'Decisions due for revisit',
  [AgendaItemKind.OFF_TRACK_KPI]: 'Off-track KPIs',
  [AgendaItemKind.AT_RISK_KPI]: 'At-risk KPIs',
  [AgendaItemKind.STALE_KPI]: 'Stale KPIs (no recent measurement)',
  [AgendaItemKind.OVERDUE_MILESTONE]: 'Overdue milestones',
  [AgendaItemKind.OPEN_NEGOTIATION]: 'Targets still being negotiated',
};

/** The title of an agenda section. */
export const agendaSectionTitle = (kind: AgendaItemKind): string => SECTION_TITLES[kind];

const day = (d: Date | string) => (typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));

function actionState(actions: Action[], now: Date): string {
  if (actions.length === 0) return 'No actions were agreed.';
  const done = actions.filter((a) => a.status === ActionStatus.DONE).length;
  const dropped = actions.filter((a) => a.status === ActionStatus.DROPPED).length;
  const open = actions.filter((a) => a.status === ActionStatus.OPEN);
  const overdue = open.filter((a) => a.dueDate < now).length;
  const parts = [`${done} of ${actions.length} action${actions.length === 1 ? '' : 's'} done`];
  if (open.length) parts.push(`${open.length} open${overdue ? ` (${overdue} overdue)` : ''}`);
  if (dropped) parts.push(`${dropped} dropped`);
  return parts.join(', ') + '.';
}

/** What drafting reads through, loaded or built once per operation: the organisation tree and a loader set. */
export interface AgendaSources {
  tree: OrgTree;
  loaders: Loaders;
}

/**
 * Drafts a meeting's agenda from live data: the previous review's decisions with the state of
 * their actions, open actions carried over, decisions due for revisit, off-track, at-risk and
 * stale KPIs (with owners) and overdue milestones of the meeting's scope.
 *
 * Only what every reader of the meeting may see is included (the agenda is a shared document):
 * subjects of restricted units below the meeting's unit are left out.
 */
export async function draftAgenda(
  db: DataSource | EntityManager,
  { tree, loaders }: AgendaSources,
  meetingId: string,
  now: Date,
): Promise<AgendaItem[]> {
  const meeting = isUuid(meetingId) ? await loaders.meeting.load(meetingId) : null;
  if (!meeting) return [];
  const units = audienceUnitIds(tree, meeting.unitId);
  const personName = async (id: string | null) =>
    id ? ((await loaders.person.load(id))?.name ?? null) : null;
  const items: AgendaItem[] = [];
  const push = async (
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
      ownerName: await personName(ownerId),
      section: SECTION_TITLES[kind],
    });

  const [previousId, carried] = await Promise.all([
    loaders.previousMeetingId.load(meeting.id),
    loaders.carriedOverActions.load(meeting.id),
  ]);
  let previousScheduledAt: Date | null = null;
  if (previousId) {
    const previous = await loaders.meeting.load(previousId);
    previousScheduledAt = previous?.scheduledAt ?? null;
    for (const d of await loaders.decisionsOfMeeting.load(previousId)) {
      await push(
        AgendaItemKind.PREVIOUS_DECISION,
        d.id,
        d.text,
        actionState(await loaders.actionsOfDecision.load(d.id), now),
        d.ownerId,
      );
    }
  }
  for (const a of carried) {
    const overdue = a.dueDate < now;
    await push(
      AgendaItemKind.OPEN_ACTION,
      a.id,
      a.text,
      overdue ? `Overdue since ${dateText(a.dueDate)}.` : `Due ${dateText(a.dueDate)}.`,
      a.ownerId,
    );
  }

  const revisit: { id: string; text: string; owner_id: string; revisit_on: string; unit_id: string }[] =
    await db.query(
      `SELECT d.id, d.text, d.owner_id, d.revisit_on::text AS revisit_on, d.unit_id FROM decision d
      WHERE d.unit_id = ANY($1) AND d.meeting_id <> $2 AND d.revisit_on IS NOT NULL AND d.superseded_by_id IS NULL AND d.revisit_on <= $3::date
        AND ($4::date IS NULL OR d.revisit_on > $4::date)
      ORDER BY d.revisit_on, d.created_at`,
      [units, meeting.id, day(meeting.scheduledAt), previousScheduledAt ? day(previousScheduledAt) : null],
    );
  for (const d of revisit)
    await push(
      AgendaItemKind.DECISION_TO_REVISIT,
      d.id,
      d.text,
      `Revisit due ${dateText(d.revisit_on)}.`,
      d.owner_id,
    );

  const state = await liveScopeState(db, loaders, units);
  const kpiDetail = async (k: (typeof state.kpis)[number]) => {
    const unit = (await loaders.kpi.load(k.id))?.unitOfMeasure ?? '';
    return `Latest ${valueText(k.value, unit)} against target ${valueText(k.target, unit)}.`;
  };
  for (const k of state.kpis.filter((k) => k.health === Health.OFF_TRACK))
    await push(AgendaItemKind.OFF_TRACK_KPI, k.id, k.name, await kpiDetail(k), k.ownerId);
  for (const k of state.kpis.filter((k) => k.health === Health.AT_RISK))
    await push(AgendaItemKind.AT_RISK_KPI, k.id, k.name, await kpiDetail(k), k.ownerId);
  for (const k of state.kpis.filter((k) => k.stale)) {
    const latest = await loaders.latestMeasurement.load(k.id);
    await push(
      AgendaItemKind.STALE_KPI,
      k.id,
      k.name,
      latest ? `Last measured ${dateText(latest.at)}.` : 'Never measured.',
      k.ownerId,
    );
  }

  const milestones: {
    id: string;
    title: string;
    due_date: string;
    initiative: string;
    owner_id: string;
    unit_id: string;
  }[] = await db.query(
    `SELECT ms.id, ms.title, ms.due_date::text AS due_date, i.title AS initiative, i.owner_id, i.unit_id
       FROM milestone ms JOIN initiative i ON i.id = ms.initiative_id
      WHERE i.unit_id = ANY($1) AND i.archived_at IS NULL AND ms.archived_at IS NULL AND ms.completed_at IS NULL AND ms.due_date < $2::date
      ORDER BY ms.due_date, i.title`,
    [units, day(now)],
  );
  for (const ms of milestones)
    await push(
      AgendaItemKind.OVERDUE_MILESTONE,
      ms.id,
      `${ms.initiative}: ${ms.title}`,
      `Due ${dateText(ms.due_date)}.`,
      ms.owner_id,
    );

  if (meeting.kind === MeetingKind.QUARTERLY_STRATEGIC)
    for (const n of await openNegotiationsOf(db, units, tree, meeting.unitId))
      await push(AgendaItemKind.OPEN_NEGOTIATION, n.id, n.title, n.detail, n.turnPersonId);

  return items;
}

/**
 * The initial agenda of a meeting as Markdown ('' when there is no such meeting): what a
 * never-stored meeting document starts from. One call, one organisation tree, one loader set.
 */
export async function initialAgendaText(db: DataSource, meetingId: string, now: Date): Promise<string> {
  const sources = { tree: await OrgTree.load(db), loaders: createLoaders(db, { now: () => now }) };
  const meeting = isUuid(meetingId) ? await sources.loaders.meeting.load(meetingId) : null;
  if (!meeting) return '';
  return agendaToMarkdown(await draftAgenda(db, sources, meeting.id, now), meeting.title, now);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "28 Nov 2026, 09:05 UTC": when an agenda's figures were drafted (the document is read in every zone). */
export function draftedAtText(at: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${at.getUTCDate()} ${MONTHS[at.getUTCMonth()]} ${at.getUTCFullYear()}, ${two(at.getUTCHours())}:${two(at.getUTCMinutes())} UTC`;
}

/** Characters that would start Markdown syntax inside a list item. */
const escapeMarkdown = (s: string) => s.replace(/([\\`*_[\]<>#|])/g, '\\$1').replace(/\r?\n/g, ' ');

/**
 * The agenda as Markdown: one section per kind (in agenda order), each item with its owner and
 * detail. With `draftedAt`, a line says when its figures were drafted: they do not follow live data.
 */
export function agendaToMarkdown(items: AgendaItem[], title?: string, draftedAt?: Date): string {
  const lines: string[] = [];
  if (title) lines.push(`# ${escapeMarkdown(title)}`, '');
  if (draftedAt)
    lines.push(
      `_Figures as drafted from live data at ${draftedAtText(draftedAt)}; the live data panel shows them now._`,
      '',
    );
  for (const kind of Object.values(AgendaItemKind)) {
    const section = items.filter((i) => i.kind === kind);
    if (section.length === 0) continue;
    lines.push(`## ${SECTION_TITLES[kind]}`, '');
    for (const i of section) {
      const owner = i.ownerName ? ` (owner: ${escapeMarkdown(i.ownerName)})` : '';
      lines.push(`- **${escapeMarkdown(i.title)}**${owner}: ${escapeMarkdown(i.detail)}`);
    }
    lines.push('');
  }
  if (items.length === 0) lines.push('Nothing is off track, overdue or carried over.', '');
  lines.push('## Decisions and actions', '');
  return lines.join('\n');
}
