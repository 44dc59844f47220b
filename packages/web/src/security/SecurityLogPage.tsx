import { SecurityEventsDocument, type SecurityEventKind } from '@throughline/shared/graphql';
import { skipToken, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useViewer } from '../app-shell/viewer';
import { Empty, ErrorState, Loading, PageHeader } from '../ui/components';
import { useTitle } from '../ui/useTitle';
import { dayRange, KINDS } from './security-log';
import { SecurityLogFilters, type SecurityLogFilterValues } from './SecurityLogFilters';
import { SecurityLogTable } from './SecurityLogTable';
import './security-log.css';

const PAGE = 50;

/** The filters live in the address, so a filtered view can be reloaded and shared. */
function filtersFrom(search: URLSearchParams): SecurityLogFilterValues {
  const kind = search.get('kind');
  return {
    kind: kind && (KINDS as string[]).includes(kind) ? (kind as SecurityEventKind) : '',
    personId: search.get('person') ?? '',
    from: search.get('from') ?? '',
    to: search.get('to') ?? '',
    text: search.get('q') ?? '',
  };
}

/** "3 entries, newest first.", "The 50 most recent matching entries." (when older ones can be shown). */
function countLine(n: number, more: boolean, filtered: boolean): string {
  const what = `${filtered ? 'matching ' : ''}${n === 1 ? 'entry' : 'entries'}`;
  return more ? `The ${n} most recent ${what}.` : `${n} ${what}, newest first.`;
}

/** The security log (executives): sign-ins, failures, tokens, people's roles and units — who, when, from where. */
export default function SecurityLogPage() {
  useTitle('Security log');
  const { viewer } = useViewer();
  const [search, setSearch] = useSearchParams();
  const filters = filtersFrom(search);
  const [loadingMore, setLoadingMore] = useState(false);
  const isExecutive = viewer.role === 'EXECUTIVE';
  const range = dayRange(filters.from, filters.to);
  const { data, error, loading, fetchMore } = useQuery(
    SecurityEventsDocument,
    isExecutive
      ? {
          variables: {
            first: PAGE,
            filter: {
              kinds: filters.kind ? [filters.kind] : null,
              personId: filters.personId || null,
              from: range.from,
              to: range.to,
              search: filters.text.trim() || null,
            },
          },
          fetchPolicy: 'cache-and-network',
        }
      : skipToken,
  );

  const header = (
    <PageHeader
      title="Security log"
      subtitle="Sign-ins, failed and held-back sign-ins, sign-outs, API tokens, and people added, archived or given another role or unit — who, when and from where. Entries can never be changed or deleted."
    />
  );
  if (!isExecutive)
    return (
      <>
        {header}
        <div className="banner banner-warn" role="status">
          You may not see the security log: only executives can.
        </div>
      </>
    );

  const setFilters = (next: SecurityLogFilterValues) => {
    const p = new URLSearchParams();
    if (next.kind) p.set('kind', next.kind);
    if (next.personId) p.set('person', next.personId);
    if (next.from) p.set('from', next.from);
    if (next.to) p.set('to', next.to);
    if (next.text.trim()) p.set('q', next.text.trim());
    setSearch(p, { replace: true });
  };
  const page = data?.securityEvents;
  const filtered = Object.values(filters).some(Boolean);

  async function loadMore() {
    if (!page?.pageInfo.endCursor) return;
    setLoadingMore(true);
    try {
      await fetchMore({
        variables: { after: page.pageInfo.endCursor },
        updateQuery: (prev, { fetchMoreResult }) => ({
          securityEvents: {
            ...fetchMoreResult.securityEvents,
            edges: [...prev.securityEvents.edges, ...fetchMoreResult.securityEvents.edges],
          },
        }),
      });
    } finally {
      setLoadingMore(false);
    }
  }

  return (
    <>
      {header}
      <div className="security-log">
        <SecurityLogFilters value={filters} onChange={setFilters} />
        {error && !page ? (
          <ErrorState error={error} title="The security log could not be loaded" />
        ) : !page ? (
          <Loading label="Loading the security log" />
        ) : page.edges.length === 0 ? (
          <Empty>{filtered ? 'No entries match these filters.' : 'Nothing has been recorded yet.'}</Empty>
        ) : (
          <>
            <p className="small faint security-log-count" aria-live="polite">
              {loading ? 'Updating…' : countLine(page.edges.length, page.pageInfo.hasNextPage, filtered)}
            </p>
            <SecurityLogTable events={page.edges.map((e) => e.node)} />
            {page.pageInfo.hasNextPage && (
              <button type="button" className="btn" disabled={loadingMore} onClick={() => void loadMore()}>
                {loadingMore ? 'Loading older entries…' : 'Show older entries'}
              </button>
            )}
          </>
        )}
      </div>
    </>
  );
}
