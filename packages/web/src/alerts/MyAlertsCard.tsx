import { Link } from 'react-router-dom';
import { Card, Empty, Loading } from '../ui/components';
import { formatNumber } from '../ui/format';
import { AlertItem } from './AlertItem';
import { useAlertInbox } from './useAlertInbox';
import './alerts.css';

/** Alerts the card lists (the figure counts them all). */
const SHOWN = 6;

/** A person's own alerts on their home (raised to them: their subjects, units they head, escalated to them), live. */
export function MyAlertsCard() {
  const inbox = useAlertInbox({ statuses: ['OPEN', 'ACKNOWLEDGED'], mine: true, first: SHOWN });
  return (
    <Card
      title="My alerts"
      className="my-alerts"
      actions={<span className="pill-count">{formatNumber(inbox.count)}</span>}
    >
      {inbox.loading ? (
        <Loading />
      ) : inbox.alerts.length === 0 ? (
        <Empty>Nothing needs your attention.</Empty>
      ) : (
        <ul className="alert-list alert-list-compact" aria-label="My alerts">
          {inbox.alerts.map((a) => (
            <AlertItem
              key={a.id}
              alert={a}
              justChanged={inbox.changed.includes(a.id)}
              onChanged={() => void inbox.refetch()}
            />
          ))}
        </ul>
      )}
      <p className="small">
        <Link to="/alerts?mine=1">All my alerts</Link>
      </p>
    </Card>
  );
}
