import { MeetingsDocument } from '@throughline/shared/graphql';
import { useQuery } from '@apollo/client/react';
import { Link, useNavigate } from 'react-router-dom';
import { useViewer } from '../app-shell/viewer';
import { Card, Chip, Empty, ErrorState, Loading, PageHeader } from '../ui/components';
import { formatDateTime, humanize } from '../ui/format';
import { useTitle } from '../ui/useTitle';
import { RhythmPanel } from './RhythmPanel';
import { ScheduleForm } from './ScheduleForm';

/** A meeting in lists. */
export interface MeetingRow {
  id: string;
  kind: string;
  title: string;
  status: string;
  scheduledAt: string;
  openedAt: string | null;
  closedAt: string | null;
  chair: { id: string; name: string };
  unit: { id: string; name: string };
}

const STATUS_TONE: Record<string, 'green' | 'blue' | 'grey'> = {
  OPEN: 'green',
  SCHEDULED: 'blue',
  CLOSED: 'grey',
  CANCELLED: 'grey',
};

/** Meetings split into open now, coming up (soonest first) and past (latest first). */
export function splitMeetings(meetings: readonly MeetingRow[]) {
  const open = meetings.filter((m) => m.status === 'OPEN');
  const upcoming = meetings
    .filter((m) => m.status === 'SCHEDULED')
    .sort((a, b) => a.scheduledAt.localeCompare(b.scheduledAt));
  const past = meetings
    .filter((m) => m.status === 'CLOSED' || m.status === 'CANCELLED')
    .sort((a, b) => (b.closedAt ?? b.scheduledAt).localeCompare(a.closedAt ?? a.scheduledAt));
  return { open, upcoming, past };
}

function MeetingList({ meetings }: { meetings: MeetingRow[] }) {
  if (meetings.length === 0) return <Empty>None.</Empty>;
  return (
    <ul className="list">
      {meetings.map((m) => (
        <li key={m.id}>
          <div className="grow">
            <Link to={`/meetings/${m.id}`} className="title">
              {m.title}
            </Link>
            <div className="meta">
              {humanize(m.kind)} · {m.unit.name} · chaired by {m.chair.name}
            </div>
          </div>
          <span className="small muted nowrap hide-narrow">
            {formatDateTime(
              m.status === 'CLOSED' ? m.closedAt : m.status === 'OPEN' ? m.openedAt : m.scheduledAt,
            )}
          </span>
          <Chip tone={STATUS_TONE[m.status]}>{humanize(m.status)}</Chip>
        </li>
      ))}
    </ul>
  );
}

/** Reviews: open now, coming up, and past, with scheduling. */
export default function MeetingsPage() {
  useTitle('Reviews');
  const navigate = useNavigate();
  const { viewer } = useViewer();
  const { data, error } = useQuery(MeetingsDocument);
  if (error && !data) return <ErrorState error={error} />;
  if (!data) return <Loading />;
  const { open, upcoming, past } = splitMeetings(data.meetings);
  return (
    <>
      <PageHeader
        eyebrow="Reviews"
        title="Review meetings"
        subtitle="Monthly operational and quarterly strategic reviews start from live data and end with decisions and actions, each with an owner."
      />
      <div className="grid grid-main-side">
        <div className="stack">
          {open.length > 0 && (
            <Card title="Open now">
              <MeetingList meetings={open} />
            </Card>
          )}
          <Card title="Coming up">
            <MeetingList meetings={upcoming} />
          </Card>
          <Card title="Past reviews">
            <MeetingList meetings={past} />
          </Card>
        </div>
        <div className="stack">
          <Card title="Schedule a review">
            <ScheduleForm
              units={data.units.filter((u) => u.kind !== 'TEAM' || u.id === viewer.unit?.id)}
              onDone={(id) => navigate(`/meetings/${id}`)}
            />
          </Card>
          <RhythmPanel units={data.units} />
        </div>
      </div>
    </>
  );
}
