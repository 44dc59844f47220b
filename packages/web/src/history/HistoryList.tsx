import { SubjectHistoryDocument } from '@throughline/shared/graphql';
import { useQuery } from '@apollo/client/react';
import { Empty, ErrorState, Loading } from '../ui/components';
import { formatDate, formatDateTime, formatNumber, humanize, humanizeLower } from '../ui/format';
import './history.css';

/** One history entry as the API returns it. */
export interface HistoryEntry {
  id: string;
  action: string;
  at: string;
  reason: string | null;
  subjectType: string;
  viaPartnerToken: boolean;
  actor: { id: string; name: string } | null;
  /** JSON: field → { before, after }. */
  changes: unknown;
}

const HIDDEN = new Set(['version', 'updatedAt', 'createdAt', 'id']);

/** A changed value in words: dates shortened, objects summarised, empty shown as a dash. */
export function describeValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'string') {
    if (/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v)) return formatDate(v);
    if (/^[A-Z][A-Z_]+$/.test(v)) return humanize(v);
    return v.length > 80 ? v.slice(0, 77) + '…' : v;
  }
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (Array.isArray(v)) return v.length + ' item' + (v.length === 1 ? '' : 's');
  return JSON.stringify(v).slice(0, 80);
}

/** The field changes worth showing, in a stable order. */
export function visibleChanges(
  changes: HistoryEntry['changes'],
): { field: string; before: string; after: string }[] {
  if (!changes || typeof changes !== 'object') return [];
  return Object.entries(changes as Record<string, { before?: unknown; after?: unknown } | null>)
    .filter(([k]) => !HIDDEN.has(k))
    .map(([field, c]) => ({ field, before: describeValue(c?.before), after: describeValue(c?.after) }));
}

function fieldLabel(f: string) {
  return humanize(f.replace(/([a-z])([A-Z])/g, '$1_$2').replace(/Id$/, ''));
}

/** What changed on a subject, when, by whom and why: newest first. */
export function HistoryList({ subjectId, first = 50 }: { subjectId: string; first?: number }) {
  const { data, error } = useQuery(SubjectHistoryDocument, { variables: { subjectId, first } });
  if (error && !data) return <ErrorState error={error} />;
  if (!data) return <Loading />;
  return <HistoryEntries entries={data.history} />;
}

/** Renders entries (shared by the subject history and the plan history page). */
export function HistoryEntries({
  entries,
  subjectName,
}: {
  entries: HistoryEntry[];
  subjectName?: (e: HistoryEntry) => string | undefined;
}) {
  if (entries.length === 0) return <Empty>No changes recorded yet.</Empty>;
  return (
    <ol className="history">
      {entries.map((e) => (
        <HistoryEntryItem key={e.id} entry={e} subjectName={subjectName} />
      ))}
    </ol>
  );
}

/** One history entry: who did what, when (in the viewer's zone), the fields changed and why. */
export function HistoryEntryItem({
  entry: e,
  subjectName,
}: {
  entry: HistoryEntry;
  subjectName?: (e: HistoryEntry) => string | undefined;
}) {
  const changes = visibleChanges(e.changes);
  return (
    <li>
      <div className="history-head">
        <strong>{e.actor?.name ?? (e.viaPartnerToken ? 'Partner feed' : 'System')}</strong>
        <span className="muted">
          {' '}
          {e.action === 'CREATE'
            ? 'created'
            : e.action === 'UPDATE'
              ? 'changed'
              : e.action.toLowerCase() + 'ed'}{' '}
          {subjectName?.(e) ?? 'this ' + humanizeLower(e.subjectType)}
        </span>
        {e.viaPartnerToken && <span className="chip">via API</span>}
        <time className="faint small" dateTime={e.at}>
          {formatDateTime(e.at)}
        </time>
      </div>
      {changes.length > 0 && (
        <ul className="history-changes">
          {changes.slice(0, 8).map((c) => (
            <li key={c.field}>
              <span className="muted">{fieldLabel(c.field)}</span>: <del>{c.before}</del> →{' '}
              <ins>{c.after}</ins>
            </li>
          ))}
        </ul>
      )}
      {e.reason && <blockquote className="history-reason">“{e.reason}”</blockquote>}
    </li>
  );
}
