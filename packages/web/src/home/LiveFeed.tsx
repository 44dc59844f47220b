import {
  FeedActionChangedDocument,
  FeedAlertRaisedDocument,
  FeedDecisionRecordedDocument,
  FeedKpiChangedDocument,
} from '@throughline/shared/graphql';
import { useSubscription } from '@apollo/client/react';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Card, Empty, HealthBadge } from '../ui/components';
import { formatDate, formatTime, formatValue } from '../ui/format';
import './live-feed.css';

/** One thing that happened, as the feed shows it. */
export interface FeedItem {
  key: string;
  at: Date;
  kind: 'kpi' | 'alert' | 'decision' | 'action';
  text: string;
  detail?: string;
  href?: string;
  health?: string;
}

/** Newest first, at most `max`, one entry per key (a repeated event replaces the older one). */
export function addToFeed(items: FeedItem[], item: FeedItem, max = 50): FeedItem[] {
  return [item, ...items.filter((i) => i.key !== item.key)].slice(0, max);
}

const KIND_LABEL: Record<FeedItem['kind'], string> = {
  kpi: 'KPI',
  alert: 'Alert',
  decision: 'Decision',
  action: 'Action',
};

/**
 * A unit's live feed: KPI changes, alerts, decisions and actions arriving by subscription,
 * without reload. `onEvent` lets the page refresh its own lists when something changes.
 */
export function LiveFeed({
  unitId,
  onEvent,
}: {
  unitId: string;
  onEvent?: (kind: FeedItem['kind']) => void;
}) {
  const [items, setItems] = useState<FeedItem[]>([]);
  const push = (item: FeedItem) => {
    setItems((prev) => addToFeed(prev, item));
    onEvent?.(item.kind);
  };
  const vars = { variables: { unitId } };
  const kpi = useSubscription(FeedKpiChangedDocument, {
    ...vars,
    onData: ({ data }) => {
      const k = data.data?.kpiChanged;
      if (k)
        push({
          key: 'kpi:' + k.id + ':' + (k.latest?.id ?? ''),
          at: k.latest?.recordedAt ? new Date(k.latest.recordedAt) : new Date(),
          kind: 'kpi',
          text: k.name,
          detail: k.latest ? 'now ' + formatValue(k.latest.value, k.unitOfMeasure) : 'changed',
          href: `/kpis/${k.id}`,
          health: k.health,
        });
    },
  });
  useSubscription(FeedAlertRaisedDocument, {
    ...vars,
    onData: ({ data }) => {
      const a = data.data?.alertRaised;
      if (a) push({ key: 'alert:' + a.id, at: new Date(a.raisedAt), kind: 'alert', text: a.message });
    },
  });
  useSubscription(FeedDecisionRecordedDocument, {
    ...vars,
    onData: ({ data }) => {
      const d = data.data?.decisionRecorded;
      if (d)
        push({
          key: 'decision:' + d.id,
          at: new Date(),
          kind: 'decision',
          text: d.text,
          detail: `${d.owner.name} · ${d.meeting.title}`,
          href: `/meetings/${d.meeting.id}`,
        });
    },
  });
  useSubscription(FeedActionChangedDocument, {
    ...vars,
    onData: ({ data }) => {
      const a = data.data?.actionChanged;
      if (a)
        push({
          key: 'action:' + a.id + ':' + a.status,
          at: new Date(),
          kind: 'action',
          text: a.text,
          detail: `${a.owner.name} · ${a.status === 'OPEN' ? 'due ' + formatDate(a.dueDate) : a.status.toLowerCase()}`,
          href: `/meetings/${a.meeting.id}`,
        });
    },
  });
  const live = !kpi.error;
  return (
    <Card
      title="Live feed"
      actions={
        <span className="row small muted">
          <span className={`live-dot${live ? '' : ' off'}`} aria-hidden="true" /> {live ? 'Live' : 'Offline'}
        </span>
      }
    >
      <div aria-live="polite" aria-relevant="additions" data-testid="live-feed">
        {items.length === 0 ? (
          <Empty>
            {live
              ? 'Listening. KPI changes, alerts, decisions and actions for this unit appear here as they happen.'
              : 'Live updates cannot reach the server right now.'}
          </Empty>
        ) : (
          <ul className="list feed">
            {items.map((i) => (
              <li key={i.key} className="feed-item">
                <span className={`feed-kind feed-${i.kind}`}>{KIND_LABEL[i.kind]}</span>
                <div className="grow">
                  <div className="title">{i.href ? <Link to={i.href}>{i.text}</Link> : i.text}</div>
                  {i.detail && <div className="meta">{i.detail}</div>}
                </div>
                {i.health && <HealthBadge health={i.health} compact />}
                <time className="meta nowrap" dateTime={i.at.toISOString()}>
                  {formatTime(i.at)}
                </time>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Card>
  );
}
