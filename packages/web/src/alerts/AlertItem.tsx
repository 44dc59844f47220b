import type { InboxAlertFragment } from '@throughline/shared/graphql';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Chip } from '../ui/components';
import { dueLabel, formatDateTime, relativeTime } from '../ui/format';
import { AcknowledgeForm } from './AcknowledgeForm';
import { ruleLabel, STATUS_LABEL, STATUS_TONE } from './alert-labels';
import './alerts.css';

/** One alert in the inbox: what, where, its state and history (acknowledged, escalated, resolved), and acknowledge. */
export function AlertItem({
  alert: a,
  justChanged,
  onChanged,
}: {
  alert: InboxAlertFragment;
  justChanged?: boolean;
  onChanged?: () => void;
}) {
  const [acking, setAcking] = useState(false);
  return (
    <li
      className={`alert-item alert-${a.status.toLowerCase()}${justChanged ? ' alert-just-changed' : ''}`}
      data-alert-id={a.id}
    >
      <div className="alert-item-main">
        <div className="alert-item-head">
          <Chip tone={STATUS_TONE[a.status]}>{STATUS_LABEL[a.status] ?? a.status}</Chip>
          <span className="alert-rule">{ruleLabel(a.rule)}</span>
          {a.escalationLevel > 0 && a.status !== 'RESOLVED' && <Chip tone="red">Escalated</Chip>}
        </div>
        <p className="alert-message">
          {a.subjectPath ? <Link to={a.subjectPath}>{a.message}</Link> : a.message}
        </p>
        <div className="meta">
          {a.unit?.name ?? 'Unknown unit'}
          {a.owner ? ` · ${a.owner.name}` : ' · no owner'} ·{' '}
          {a.dueDate ? (
            dueLabel(a.dueDate)
          ) : (
            <>
              raised{' '}
              <time dateTime={a.raisedAt} title={formatDateTime(a.raisedAt)}>
                {relativeTime(a.raisedAt)}
              </time>
            </>
          )}
        </div>
        {a.escalation && <p className="alert-escalation">{a.escalation}</p>}
        {a.status !== 'OPEN' && a.acknowledgedBy && a.acknowledgedAt && (
          <p className="alert-ack">
            Acknowledged by {a.acknowledgedBy.name}{' '}
            <time dateTime={a.acknowledgedAt} title={formatDateTime(a.acknowledgedAt)}>
              {relativeTime(a.acknowledgedAt)}
            </time>
            {a.acknowledgedNote ? <>: “{a.acknowledgedNote}”</> : '.'}
          </p>
        )}
        {a.status === 'RESOLVED' && a.resolvedAt && (
          <p className="alert-ack">
            Resolved{' '}
            <time dateTime={a.resolvedAt} title={formatDateTime(a.resolvedAt)}>
              {relativeTime(a.resolvedAt)}
            </time>
            : the condition no longer holds.
          </p>
        )}
        {acking && (
          <AcknowledgeForm
            alertId={a.id}
            onCancel={() => setAcking(false)}
            onDone={() => {
              setAcking(false);
              onChanged?.();
            }}
          />
        )}
      </div>
      {a.viewerCanAcknowledge && !acking && (
        <button type="button" className="btn btn-sm" onClick={() => setAcking(true)}>
          Acknowledge
        </button>
      )}
    </li>
  );
}
