import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Empty, ErrorState, Loading, PageHeader } from '../ui/components';
import { formatNumber, plural } from '../ui/format';
import { useTitle } from '../ui/useTitle';
import { AlertFilters, type AlertFilterValues } from './AlertFilters';
import { AlertItem } from './AlertItem';
import { ruleLabel, statusesOf, type StateFilter } from './alert-labels';
import { MAX_LISTED, useAlertInbox } from './useAlertInbox';
import './alerts.css';

const STATES: StateFilter[] = ['ACTIVE', 'OPEN', 'ACKNOWLEDGED', 'RESOLVED'];
/** Alerts listed at first and added by each "Show more". */
const PAGE = 50;

/** Filters live in the address, so a filtered inbox can be shared and survives a reload. */
function filtersOf(search: URLSearchParams): AlertFilterValues {
  const state = search.get('state') as StateFilter | null;
  return {
    rule: search.get('rule') ?? '',
    unitId: search.get('unit') ?? '',
    state: state && STATES.includes(state) ? state : 'ACTIVE',
    mine: search.get('mine') === '1',
  };
}

/** The alert inbox: every alert the viewer may see, filtered, acknowledged with a note, live. */
export default function AlertsPage() {
  useTitle('Alerts');
  const [search, setSearch] = useSearchParams();
  const filters = filtersOf(search);
  // How many are listed, per filter (new filters start at one page again).
  const filterKey = search.toString();
  const [listed, setListed] = useState({ key: filterKey, first: PAGE });
  const first = listed.key === filterKey ? listed.first : PAGE;
  const inbox = useAlertInbox({
    unitId: filters.unitId || undefined,
    statuses: statusesOf(filters.state),
    rules: filters.rule ? [filters.rule] : undefined,
    mine: filters.mine || undefined,
    first,
  });
  const setFilters = (f: AlertFilterValues) => {
    const next = new URLSearchParams();
    if (f.rule) next.set('rule', f.rule);
    if (f.unitId) next.set('unit', f.unitId);
    if (f.state !== 'ACTIVE') next.set('state', f.state);
    if (f.mine) next.set('mine', '1');
    setSearch(next, { replace: true });
  };
  const more = Math.min(inbox.count, MAX_LISTED) - inbox.alerts.length;
  const filtered = !!(filters.rule || filters.unitId || filters.mine || filters.state !== 'ACTIVE');
  return (
    <div className="alerts-page">
      <PageHeader
        eyebrow="Drift and early warning"
        title="Alerts"
        subtitle="Every alert you may see. Acknowledge one to say it is in hand; left open past the plan’s window, it goes to the next head up."
      />
      <AlertFilters value={filters} onChange={setFilters} />
      <p className="alerts-summary small" aria-live="polite">
        {inbox.loading
          ? 'Loading alerts…'
          : `${plural(inbox.count, 'alert')}${filters.rule ? ` · ${ruleLabel(filters.rule)}` : ''}${
              filters.state === 'ACTIVE' ? ` · ${formatNumber(inbox.notAcknowledged)} not acknowledged` : ''
            }${inbox.count > inbox.alerts.length ? ` · the newest ${formatNumber(inbox.alerts.length)} listed` : ''}`}
        <span className={`alerts-live${inbox.listening ? '' : ' alerts-live-off'}`}>
          {inbox.listening ? 'Live: changes appear as they happen' : 'Not live: reload to see changes'}
        </span>
      </p>
      {inbox.error ? (
        <ErrorState error={inbox.error} />
      ) : inbox.loading ? (
        <Loading label="Loading alerts" />
      ) : inbox.alerts.length === 0 ? (
        <Empty>
          {filtered
            ? 'No alerts match these filters.'
            : 'No open alerts. Everything you can see is on track or already in hand.'}
        </Empty>
      ) : (
        <ul className="alert-list" aria-label="Alerts">
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
      {!inbox.loading && more > 0 && (
        <p className="row">
          <button
            type="button"
            className="btn btn-sm"
            disabled={inbox.loadingMore}
            onClick={() => setListed({ key: filterKey, first: first + PAGE })}
          >
            {inbox.loadingMore ? 'Loading…' : `Show ${formatNumber(Math.min(more, PAGE))} more`}
          </button>
        </p>
      )}
      {!inbox.loading && inbox.count > MAX_LISTED && inbox.alerts.length >= MAX_LISTED && (
        <p className="small faint">
          The newest {formatNumber(MAX_LISTED)} of {formatNumber(inbox.count)}; narrow by rule, unit or state
          to see older ones.
        </p>
      )}
    </div>
  );
}
