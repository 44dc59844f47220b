import { MeetingLiveKpisDocument, type MeetingRoomQuery } from '@throughline/shared/graphql';
import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Card, Chip, HealthBadge, Loading } from '../ui/components';
import { formatDateTime, formatValue } from '../ui/format';

type MeetingData = MeetingRoomQuery;

/** Snapshot at opening next to now, KPI by KPI. */
export function LiveDataPanel({ meeting }: { meeting: NonNullable<MeetingData['meeting']> }) {
  const live = useQuery(MeetingLiveKpisDocument, { variables: { unitId: meeting.unit.id } });
  const [view, setView] = useState<'changed' | 'all'>('changed');
  const snap = meeting.snapshot;
  const now = new Map((live.data?.kpis ?? []).map((k) => [k.id, k]));
  if (!snap) {
    const kpis = live.data?.kpis ?? [];
    return (
      <Card title="Live data">
        <p className="small muted">The snapshot is taken when the meeting opens. Now:</p>
        {!live.data ? (
          <Loading />
        ) : (
          <ul className="list">
            {[...kpis]
              .filter((k) => k.health === 'OFF_TRACK' || k.health === 'AT_RISK')
              .map((k) => (
                <li key={k.id}>
                  <HealthBadge health={k.health} compact />
                  <Link to={`/kpis/${k.id}`} className="grow title">
                    {k.name}
                  </Link>
                  <span className="small">{formatValue(k.latest?.value, k.unitOfMeasure)}</span>
                </li>
              ))}
          </ul>
        )}
      </Card>
    );
  }
  const changed = new Set(meeting.liveComparison.map((c) => c.subjectId));
  const rows = snap.kpis.filter(
    (k) => view === 'all' || changed.has(k.subjectId) || k.health === 'OFF_TRACK',
  );
  return (
    <Card
      title="Live data: at opening and now"
      actions={
        <div className="segmented" role="group" aria-label="Show">
          <button
            type="button"
            className={view === 'changed' ? 'active' : ''}
            aria-pressed={view === 'changed'}
            onClick={() => setView('changed')}
          >
            Changed & off track
          </button>
          <button
            type="button"
            className={view === 'all' ? 'active' : ''}
            aria-pressed={view === 'all'}
            onClick={() => setView('all')}
          >
            All
          </button>
        </div>
      }
    >
      <p className="small faint">
        Snapshot taken {formatDateTime(snap.takenAt)}. {meeting.liveComparison.length} changed since.
      </p>
      <div className="table-wrap">
        <table className="table" data-testid="live-data">
          <thead>
            <tr>
              <th scope="col">KPI</th>
              <th scope="col">At opening</th>
              <th scope="col">Now</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={3} className="faint">
                  Nothing changed since the meeting opened.
                </td>
              </tr>
            )}
            {rows.map((k) => {
              const n = now.get(k.subjectId);
              const moved = changed.has(k.subjectId);
              return (
                <tr key={k.subjectId} className={moved ? 'row-changed' : ''}>
                  <td>
                    <Link to={`/kpis/${k.subjectId}`}>{k.name}</Link>
                  </td>
                  <td className="nowrap">
                    <HealthBadge health={k.health} compact /> {formatValue(k.value, n?.unitOfMeasure)}
                  </td>
                  <td className="nowrap">
                    {n ? (
                      <>
                        <HealthBadge health={n.health} compact />{' '}
                        {formatValue(n.latest?.value, n.unitOfMeasure)}{' '}
                        {moved && <Chip tone="amber">moved</Chip>}
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
