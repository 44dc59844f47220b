import { OpenActionsDocument, OpenAlertsDocument } from '@throughline/shared/graphql';
import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router-dom';
import { Card, Chip, Empty, Loading } from '../ui/components';
import { dueLabel, formatDate, formatDateTime, humanize, relativeTime } from '../ui/format';
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

/** Open alerts of a scope. */
export function useAlerts(unitId?: string) {
  const q = useQuery(OpenAlertsDocument, { variables: { unitId } });
  return { loading: q.loading && !q.data, alerts: q.data?.alerts ?? [], refetch: q.refetch };
}

/** Actions whose due date passed and that are still open. */
export function OverdueActionsCard({
  actions,
  loading,
  title = 'Overdue actions',
}: {
  actions: ActionData[];
  loading: boolean;
  title?: string;
}) {
  return (
    <Card title={title} actions={<span className="pill-count">{actions.length}</span>}>
      {loading ? (
        <Loading />
      ) : actions.length === 0 ? (
        <Empty>Nothing overdue. Every action is on time.</Empty>
      ) : (
        <ul className="list">
          {actions.slice(0, 8).map((a) => (
            <li key={a.id}>
              <div className="grow">
                <div className="title">{a.text}</div>
                <div className="meta">
                  {a.owner.name} · from <Link to={`/meetings/${a.meeting.id}`}>{a.meeting.title}</Link>
                </div>
              </div>
              <Chip tone="red">due {formatDate(a.dueDate)}</Chip>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

/** Drift alerts still open. */
export function AlertsCard({ alerts, loading }: { alerts: AlertData[]; loading: boolean }) {
  return (
    <Card title="Alerts" actions={<span className="pill-count">{alerts.length}</span>}>
      {loading ? (
        <Loading />
      ) : alerts.length === 0 ? (
        <Empty>No open alerts.</Empty>
      ) : (
        <ul className="list">
          {alerts.slice(0, 8).map((a) => (
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
    </Card>
  );
}
