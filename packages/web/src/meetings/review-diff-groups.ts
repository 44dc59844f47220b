/** One change between two reviews, as the API sends it. */
export interface DiffEntryLike {
  kind: string;
  subjectType: string;
  subjectId: string;
  title: string;
  before?: string | null;
  after?: string | null;
  meeting?: { id: string; title: string } | null;
}

export interface DiffGroup<E extends DiffEntryLike> {
  key: string;
  title: string;
  entries: E[];
}

/** The groups of "Since the last review", in reading order: health first, then what was done. */
const GROUPS: { key: string; title: string; kinds: string[] }[] = [
  { key: 'health', title: 'KPIs that changed health', kinds: ['KPI_HEALTH_CHANGED'] },
  { key: 'decisions', title: 'Decisions taken', kinds: ['DECISION_TAKEN'] },
  { key: 'actions', title: 'Actions closed', kinds: ['ACTION_DONE', 'ACTION_DROPPED'] },
  {
    key: 'initiatives',
    title: 'Initiatives started, paused, stopped or completed',
    kinds: ['INITIATIVE_STARTED', 'INITIATIVE_PAUSED', 'INITIATIVE_STOPPED', 'INITIATIVE_COMPLETED'],
  },
  {
    key: 'objectives',
    title: 'Objectives and targets',
    kinds: ['OBJECTIVE_ADDED', 'OBJECTIVE_ARCHIVED', 'TARGET_MOVED'],
  },
];

/** Groups the entries; empty groups are left out; kinds not known here go to "Other changes". */
export function groupDiff<E extends DiffEntryLike>(entries: readonly E[]): DiffGroup<E>[] {
  const out: DiffGroup<E>[] = GROUPS.map((g) => ({
    key: g.key,
    title: g.title,
    entries: entries.filter((e) => g.kinds.includes(e.kind)),
  }));
  const known = new Set(GROUPS.flatMap((g) => g.kinds));
  out.push({ key: 'other', title: 'Other changes', entries: entries.filter((e) => !known.has(e.kind)) });
  return out.filter((g) => g.entries.length > 0);
}

/** Where an entry's subject lives in the app (decisions and actions: their meeting). */
export function diffLink(e: DiffEntryLike): string | null {
  switch (e.subjectType) {
    case 'KPI':
      return `/kpis/${e.subjectId}`;
    case 'OBJECTIVE':
      return `/objectives/${e.subjectId}`;
    case 'INITIATIVE':
      return `/initiatives/${e.subjectId}`;
    default:
      return e.meeting ? `/meetings/${e.meeting.id}` : null;
  }
}

const STATUS_WORD: Record<string, string> = {
  ACTIVE: 'active',
  PAUSED: 'paused',
  STOPPED: 'stopped',
  COMPLETED: 'completed',
  PROPOSED: 'proposed',
};

/** What happened, in a few words (health changes are drawn with badges instead). */
export function diffWhat(e: DiffEntryLike): string {
  switch (e.kind) {
    case 'DECISION_TAKEN':
      return e.meeting ? `Taken in ${e.meeting.title}` : 'Taken';
    case 'ACTION_DONE':
      return 'Done';
    case 'ACTION_DROPPED':
      return 'Dropped';
    case 'INITIATIVE_STARTED':
      return e.before ? `Started (was ${STATUS_WORD[e.before] ?? e.before})` : 'Started';
    case 'INITIATIVE_PAUSED':
      return 'Paused';
    case 'INITIATIVE_STOPPED':
      return 'Stopped';
    case 'INITIATIVE_COMPLETED':
      return 'Completed';
    case 'OBJECTIVE_ADDED':
      return 'Added';
    case 'OBJECTIVE_ARCHIVED':
      return 'Archived';
    case 'TARGET_MOVED':
      return `Target moved: ${e.before ?? '—'} → ${e.after ?? '—'}`;
    default:
      return e.after ?? '';
  }
}
