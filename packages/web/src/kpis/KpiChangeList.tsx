import { KpiChangesDocument } from '@throughline/shared/graphql';
import { useQuery } from '@apollo/client/react';
import { HistoryEntryItem, type HistoryEntry } from '../history/HistoryList';
import { useGraphChanged } from '../plan/useGraphChanged';
import { Empty, ErrorState, Loading } from '../ui/components';
import { formatDate, formatDateTime, formatValue } from '../ui/format';
import '../history/history.css';

/** One value recorded for the KPI, as the change list shows it. */
export interface RecordedValue {
  id: string;
  value: number;
  at: string;
  note?: string | null;
  source?: string | null;
  recordedAt: string;
  correctsId?: string | null;
}

type Change =
  | { kind: 'history'; at: string; entry: HistoryEntry }
  | { kind: 'value'; at: string; value: RecordedValue };

/**
 * A KPI's changes and the values recorded for it, newest first by when they happened. Recorded
 * values are not history entries on the server (they are kept as measurements, corrections
 * superseding rather than overwriting), but a KPI owner looks for them here.
 */
export function mergeChanges(history: HistoryEntry[], values: RecordedValue[], max: number): Change[] {
  const all: Change[] = [
    ...history.map((entry) => ({ kind: 'history' as const, at: entry.at, entry })),
    ...values.map((value) => ({ kind: 'value' as const, at: value.recordedAt, value })),
  ];
  return all.sort((a, b) => new Date(b.at).getTime() - new Date(a.at).getTime()).slice(0, max);
}

/** The KPI's change list: its history and its recorded values, live. */
export function KpiChangeList({ kpiId, first = 10 }: { kpiId: string; first?: number }) {
  const { data, error, refetch } = useQuery(KpiChangesDocument, {
    variables: { id: kpiId, first },
  });
  useGraphChanged(null, (c) => {
    if (c.subjectId === kpiId) void refetch();
  });
  if (error && !data) return <ErrorState error={error} />;
  if (!data) return <Loading />;
  const unit = data.kpi?.unitOfMeasure ?? '';
  const values = data.kpi?.measurements.edges.map((e) => e.node) ?? [];
  const changes = mergeChanges(data.history, values, first);
  if (changes.length === 0) return <Empty>No changes recorded yet.</Empty>;
  return (
    <ol className="history" data-testid="kpi-changes">
      {changes.map((c) =>
        c.kind === 'history' ? (
          <HistoryEntryItem key={c.entry.id} entry={c.entry} />
        ) : (
          <li key={c.value.id} data-testid="kpi-change-value">
            <div className="history-head">
              <strong>{c.value.source ?? 'Value'}</strong>
              <span className="muted">
                {c.value.correctsId ? 'corrected to' : 'recorded'} {formatValue(c.value.value, unit)} for{' '}
                {formatDate(c.value.at)}
              </span>
              <time className="faint small" dateTime={c.value.recordedAt}>
                {formatDateTime(c.value.recordedAt)}
              </time>
            </div>
            {c.value.note && <blockquote className="history-reason">“{c.value.note}”</blockquote>}
          </li>
        ),
      )}
    </ol>
  );
}
