import { MeetingsDocument, ScheduleMeetingDocument, type MeetingKind } from '@throughline/shared/graphql';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useViewer } from '../app-shell/viewer';
import { selectHome } from '../home/select-home';
import { usePeople } from '../plan/forms';
import { Card, Chip, Empty, ErrorState, Field, Loading, PageHeader } from '../ui/components';
import { formatDateTime, humanize } from '../ui/format';
import { FormError, useForm, type FieldErrors } from '../ui/form';
import { useTitle } from '../ui/useTitle';

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
};

/** Meetings split into open now, coming up (soonest first) and past (latest first). */
export function splitMeetings(meetings: readonly MeetingRow[]) {
  const open = meetings.filter((m) => m.status === 'OPEN');
  const upcoming = meetings
    .filter((m) => m.status === 'SCHEDULED')
    .sort((a, b) => a.scheduledAt.localeCompare(b.scheduledAt));
  const past = meetings
    .filter((m) => m.status === 'CLOSED')
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

/**
 * The unit a new review is of by default: the one the person heads (the widest), else their own
 * unit, else the company; never simply the first in the list.
 */
function ownUnitId(
  viewer: { role: string; heads: { id: string; kind?: string }[]; unit: { id: string } | null },
  units: { id: string; kind: string }[],
): string {
  const headed = selectHome(viewer).unitId;
  const own = viewer.unit?.id;
  return (
    [headed, own].find((id) => id && units.some((u) => u.id === id)) ??
    units.find((u) => u.kind === 'COMPANY')?.id ??
    units[0]?.id ??
    ''
  );
}

function ScheduleForm({
  units,
  onDone,
}: {
  units: { id: string; name: string; kind: string }[];
  onDone: (id: string) => void;
}) {
  const { viewer } = useViewer();
  const { people } = usePeople();
  const [form, setForm] = useState({
    unitId: ownUnitId(viewer, units),
    kind: 'MONTHLY_OPERATIONAL' as MeetingKind,
    title: '',
    chairId: viewer.id,
    scheduledAt: '',
  });
  const [schedule] = useMutation(ScheduleMeetingDocument);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.target.value }));
  const submit = useForm();
  const { errors } = submit;
  const onSubmit = submit.handleSubmit({
    validate: () => {
      const errs: FieldErrors = {};
      if (!form.unitId) errs.unitId = 'Pick the unit under review.';
      if (!form.scheduledAt) errs.scheduledAt = 'Pick a date and time.';
      return errs;
    },
    send: () =>
      schedule({
        variables: {
          input: {
            unitId: form.unitId,
            kind: form.kind,
            chairId: form.chairId,
            title: form.title.trim() || undefined,
            scheduledAt: new Date(form.scheduledAt).toISOString(),
          },
        },
      }),
    onSuccess: (res) => {
      if (res.data) onDone(res.data.scheduleMeeting.id);
    },
  });
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Schedule a review" className="stack-sm">
      <Field label="Unit under review" error={errors.unitId}>
        {(p) => (
          <select {...p} className="input" value={form.unitId} onChange={set('unitId')}>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Kind" error={errors.kind}>
        {(p) => (
          <select {...p} className="input" value={form.kind} onChange={set('kind')}>
            {['MONTHLY_OPERATIONAL', 'QUARTERLY_STRATEGIC', 'ANNUAL_REFRESH'].map((k) => (
              <option key={k} value={k}>
                {humanize(k)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Title (optional)" error={errors.title}>
        {(p) => <input {...p} className="input" value={form.title} onChange={set('title')} />}
      </Field>
      <Field label="Chair" error={errors.chairId}>
        {(p) => (
          <select {...p} className="input" value={form.chairId} onChange={set('chairId')}>
            {people.length === 0 && <option value={viewer.id}>{viewer.name}</option>}
            {people.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="When" error={errors.scheduledAt}>
        {(p) => (
          <input
            {...p}
            className="input"
            type="datetime-local"
            value={form.scheduledAt}
            onChange={set('scheduledAt')}
          />
        )}
      </Field>
      <FormError message={errors._form} />
      <div className="form-actions">
        <button className="btn btn-primary" type="submit" disabled={submit.submitting}>
          Schedule
        </button>
      </div>
    </form>
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
        <Card title="Schedule a review">
          <ScheduleForm
            units={data.units.filter((u) => u.kind !== 'TEAM' || u.id === viewer.unit?.id)}
            onDone={(id) => navigate(`/meetings/${id}`)}
          />
        </Card>
      </div>
    </>
  );
}
