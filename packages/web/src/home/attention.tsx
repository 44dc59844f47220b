import {
  AlertChangedDocument,
  OpenActionsDocument,
  OpenAlertsDocument,
  SetActionStatusDocument,
  type ActionStatus,
} from '@throughline/shared/graphql';
import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { apiErrors } from '../graphql/errors';
import { useCoalescedRefetch } from '../graphql/useCoalescedRefetch';
import { ActionEditForm } from '../meetings/ActionEditForm';
import { Card, Chip, Empty, Loading } from '../ui/components';
import { FormError } from '../ui/form';
import {
  dueLabel,
  formatDate,
  formatDateTime,
  formatNumber,
  humanize,
  isPast,
  plural,
  relativeTime,
} from '../ui/format';
import './attention.css';

/** An open alert as lists show it. */
export interface AlertData {
  id: string;
  rule: string;
  message: string;
  subjectId: string;
  raisedAt: string;
  /** For overdue rules: the day the subject was due (the event's own time). */
  dueDate?: string | null;
}

/** An action as lists show it. */
export interface ActionData {
  id: string;
  text: string;
  status: string;
  dueDate: string;
  owner: { id: string; name: string };
  meeting: { id: string; title: string };
  /** Without `edit`, the viewer may not close it (not its owner, nor in its meeting, nor a head above). */
  viewerCan?: { edit: boolean };
}

/** Open actions past their due date, oldest first. */
export function overdueActions(actions: readonly ActionData[], now = new Date()): ActionData[] {
  return actions
    .filter((a) => a.status === 'OPEN' && new Date(a.dueDate).getTime() < now.getTime())
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate));
}

/** Open actions of a scope (a unit and below), or of one owner. */
export function useActions(unitId?: string, ownerId?: string) {
  const q = useQuery(OpenActionsDocument, { variables: { unitId, ownerId } });
  const actions = q.data?.actions ?? [];
  return { loading: q.loading && !q.data, actions, overdue: overdueActions(actions), refetch: q.refetch };
}

/** Open alerts the homes list (newest first); the figure beside them counts every open one. */
export const ALERTS_SHOWN = 8;

/**
 * Open alerts of a scope — how many, and the newest few — live: raised, acknowledged or resolved
 * elsewhere, the figure and the list follow.
 */
export function useAlerts(unitId?: string) {
  const q = useQuery(OpenAlertsDocument, { variables: { unitId, first: ALERTS_SHOWN } });
  const reread = useCoalescedRefetch(q.refetch);
  useSubscription(AlertChangedDocument, { variables: { unitId }, onData: reread });
  return {
    loading: q.loading && !q.data,
    alerts: q.data?.alerts ?? [],
    count: q.data?.alertCount ?? 0,
    refetch: q.refetch,
  };
}

/**
 * Open actions (overdue ones on the heads' homes, all of a person's on theirs). Whoever may change
 * an action (its owner, the meeting's chair and participants, heads of its unit, executives) can
 * mark it done here; a closed one stays listed with "Reopen" until the page is left.
 */
export function OverdueActionsCard({
  actions,
  loading,
  title = 'Overdue actions',
  onChanged,
}: {
  actions: ActionData[];
  loading: boolean;
  title?: string;
  onChanged?: () => void;
}) {
  const [setStatus] = useMutation(SetActionStatusDocument);
  const [closed, setClosed] = useState<ActionData[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const change = async (a: ActionData, status: ActionStatus) => {
    setBusy(a.id);
    setError(null);
    try {
      await setStatus({ variables: { id: a.id, status } });
      setClosed((list) =>
        status === 'OPEN' ? list.filter((c) => c.id !== a.id) : [{ ...a, status }, ...list],
      );
      onChanged?.();
    } catch (err) {
      setError(apiErrors(err)[0]?.message ?? 'Could not change the action.');
    } finally {
      setBusy(null);
    }
  };
  const closedIds = new Set(closed.map((c) => c.id));
  const open = actions.filter((a) => !closedIds.has(a.id));
  return (
    <Card title={title} actions={<span className="pill-count">{open.length}</span>}>
      <FormError message={error} />
      {loading ? (
        <Loading />
      ) : open.length === 0 && closed.length === 0 ? (
        <Empty>Nothing overdue. Every action is on time.</Empty>
      ) : (
        <ul className="list">
          {open.slice(0, 8).map((a) => (
            <li key={a.id}>
              <div className="grow">
                <div className="title">{a.text}</div>
                <div className="meta">
                  {a.owner.name} · from <Link to={`/meetings/${a.meeting.id}`}>{a.meeting.title}</Link>
                </div>
              </div>
              <Chip tone={isPast(a.dueDate) ? 'red' : 'blue'}>due {formatDate(a.dueDate)}</Chip>
              {a.viewerCan?.edit && (
                <>
                  <button
                    type="button"
                    className="btn btn-sm btn-ghost"
                    aria-expanded={editing === a.id}
                    aria-label={`Edit “${a.text}”`}
                    onClick={() => setEditing(editing === a.id ? null : a.id)}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    className="btn btn-sm"
                    disabled={busy === a.id}
                    onClick={() => void change(a, 'DONE')}
                  >
                    Done
                  </button>
                </>
              )}
              {editing === a.id && (
                <div className="action-home-edit">
                  <ActionEditForm
                    actionId={a.id}
                    onDone={() => {
                      setEditing(null);
                      onChanged?.();
                    }}
                  />
                </div>
              )}
            </li>
          ))}
          {closed.map((a) => (
            <li key={a.id} className="action-closed">
              <div className="grow">
                <div className="title done">{a.text}</div>
                <div className="meta">
                  {a.owner.name} · from <Link to={`/meetings/${a.meeting.id}`}>{a.meeting.title}</Link>
                </div>
              </div>
              <Chip tone="green">Done</Chip>
              <button
                type="button"
                className="btn btn-sm btn-ghost"
                disabled={busy === a.id}
                onClick={() => void change(a, 'OPEN')}
              >
                Reopen
              </button>
            </li>
          ))}
        </ul>
      )}
      {open.length > 8 && <p className="small faint">and {open.length - 8} more</p>}
    </Card>
  );
}

/** Drift alerts still open. */
export function AlertsCard({
  alerts,
  count,
  loading,
}: {
  alerts: AlertData[];
  count: number;
  loading: boolean;
}) {
  return (
    <Card
      title="Alerts"
      actions={
        <>
          <Link to="/alerts" className="small">
            Inbox
          </Link>
          <span className="pill-count">{formatNumber(count)}</span>
        </>
      }
    >
      {loading ? (
        <Loading />
      ) : alerts.length === 0 ? (
        <Empty>No open alerts.</Empty>
      ) : (
        <ul className="list">
          {alerts.slice(0, ALERTS_SHOWN).map((a) => (
            <li key={a.id}>
              <span className="alert-icon" aria-hidden="true">
                !
              </span>
              <div className="grow">
                <div className="title">{a.message}</div>
                <div className="meta">
                  {humanize(a.rule)} ·{' '}
                  {a.dueDate ? (
                    dueLabel(a.dueDate)
                  ) : (
                    <time dateTime={a.raisedAt} title={formatDateTime(a.raisedAt)}>
                      {relativeTime(a.raisedAt)}
                    </time>
                  )}
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
      {!loading && count > alerts.length && (
        <p className="small">
          <Link to="/alerts">{plural(count - alerts.length, 'more alert')} in the inbox</Link>
        </p>
      )}
    </Card>
  );
}
