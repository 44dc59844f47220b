import { MeetingLiveKpisDocument, type MeetingRoomQuery } from '@throughline/shared/graphql';
import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Empty, HealthBadge, Loading, Segmented } from '../ui/components';
import { formatDateTime, formatValue } from '../ui/format';

type MeetingData = MeetingRoomQuery;

/** Live data of the meeting's scope: before it opens, what is off track now; then the snapshot at opening next to now. */
export function LiveDataPanel({ meeting }: { meeting: NonNullable<MeetingData['meeting']> }) {
  const live = useQuery(MeetingLiveKpisDocument, { variables: { unitId: meeting.unit.id } });
  const [view, setView] = useState<'changed' | 'all'>('changed');
  const snap = meeting.snapshot;
  const now = new Map((live.data?.kpis ?? []).map((k) => [k.id, k]));
  if (!snap) {
    const kpis = (live.data?.kpis ?? []).filter((k) => k.health === 'OFF_TRACK' || k.health === 'AT_RISK');
    return (
      <div className="stack-sm">
        <p className="small muted">
          The snapshot is taken when the meeting opens. Off track and at risk now:
        </p>
        {!live.data ? (
          <Loading />
        ) : kpis.length === 0 ? (
          <Empty>Nothing is off track or at risk.</Empty>
        ) : (
          <ul className="list">
            {kpis.map((k) => (
              <li key={k.id}>
                <HealthBadge health={k.health} compact />
                <Link to={`/kpis/${k.id}`} className="grow title">
                  {k.name}
                </Link>
                <span className="small nowrap">{formatValue(k.latest?.value, k.unitOfMeasure)}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  const changed = new Set(meeting.liveComparison.map((c) => c.subjectId));
  const rows = snap.kpis.filter(
    (k) => view === 'all' || changed.has(k.subjectId) || k.health === 'OFF_TRACK',
  );
  return (
    <div className="stack-sm">
      <div className="row row-wrap">
        <p className="small faint grow">
          Snapshot taken {formatDateTime(snap.takenAt)}. {meeting.liveComparison.length} changed since.
        </p>
        <Segmented
          label="Show"
          value={view}
          onChange={setView}
          options={[
            { value: 'changed', label: 'Changed & off track' },
            { value: 'all', label: 'All' },
          ]}
        />
      </div>
      <table className="table live-data-table" data-testid="live-data">
        <thead>
          <tr>
            <th scope="col">KPI</th>
            <th scope="col" className="num">
              At opening
            </th>
            <th scope="col" className="num">
              Now
            </th>
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
                  {moved && <span className="moved-tag">moved</span>}
                </td>
                <td className="num">
                  <HealthBadge health={k.health} compact /> {formatValue(k.value, n?.unitOfMeasure)}
                </td>
                <td className="num">
                  {n ? (
                    <>
                      <HealthBadge health={n.health} compact />{' '}
                      {formatValue(n.latest?.value, n.unitOfMeasure)}
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
  );
}
