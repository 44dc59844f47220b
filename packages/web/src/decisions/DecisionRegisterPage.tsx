import {
  DecisionByIdDocument,
  DecisionChangedDocument,
  DecisionRegisterChoicesDocument,
  DecisionRegisterDocument,
  type DecisionStatus,
  type RegisterDecisionFragment,
  type SubjectType,
} from '@throughline/shared/graphql';
import { skipToken, useApolloClient, useQuery, useSubscription } from '@apollo/client/react';
import { useEffect, useId, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Card, Empty, ErrorState, Field, Loading, PageHeader } from '../ui/components';
import { plural } from '../ui/format';
import { useTitle } from '../ui/useTitle';
import { ChangeRequestsSection } from '../approvals/ChangeRequestsSection';
import { DecisionCard } from './DecisionCard';
import { EditDecisionDialog } from './EditDecisionDialog';
import { SubjectCombobox } from './SubjectCombobox';
import { SupersedeDecisionDialog } from './SupersedeDecisionDialog';
import type { Subject } from './subject';
import './decisions.css';

/** Decisions per page: the register never loads everything at once. */
export const PAGE_SIZE = 25;

const STATUSES: { value: DecisionStatus; label: string }[] = [
  { value: 'OPEN', label: 'Open' },
  { value: 'CARRIED_OUT', label: 'Carried out' },
  { value: 'SUPERSEDED', label: 'Superseded' },
];
const TYPES: { value: SubjectType; label: string }[] = [
  { value: 'OBJECTIVE', label: 'Objectives' },
  { value: 'KPI', label: 'KPIs' },
  { value: 'INITIATIVE', label: 'Initiatives' },
];
const FILTER_KEYS = ['unit', 'owner', 'status', 'type', 'subject', 'subjectLabel', 'due', 'q'] as const;

/** "3 decisions match these filters", "25 decisions, more below", "1 decision". */
export function registerSummary(count: number, more: boolean, filtered: boolean): string {
  const n = plural(count, 'decision');
  if (filtered)
    return `${n} ${count === 1 ? 'matches' : 'match'} these filters${more ? ' (more below)' : ''}`;
  return `${n}${more ? ', more below' : ''}`;
}

/**
 * The decision register: every decision the viewer may see, newest first, filtered by unit,
 * owner, subject, status, revisit date and text (kept in the address, so a filtered register can
 * be shared), a page at a time, live as decisions are recorded, edited or superseded.
 */
export default function DecisionRegisterPage() {
  useTitle('Decisions');
  const [params, setParams] = useSearchParams();
  const get = (k: (typeof FILTER_KEYS)[number]) => params.get(k) ?? '';
  const focus = params.get('focus');
  const today = new Date().toISOString().slice(0, 10);
  const [searchText, setSearchText] = useState(get('q'));
  const [editing, setEditing] = useState<RegisterDecisionFragment | null>(null);
  const [superseding, setSuperseding] = useState<RegisterDecisionFragment | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const searchId = useId();

  const setParam = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    next.delete('focus');
    setParams(next, { replace: true });
  };
  // The text search follows typing once it pauses.
  useEffect(() => {
    const t = setTimeout(() => {
      if (searchText.trim() !== get('q')) setParam('q', searchText.trim() || null);
    }, 300);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [searchText]);

  const variables = {
    unitId: get('unit') || null,
    ownerId: get('owner') || null,
    status: (get('status') || null) as DecisionStatus | null,
    subjectType: (get('type') || null) as SubjectType | null,
    subjectId: get('subject') || null,
    revisitDueBy: get('due') || null,
    search: get('q') || null,
    first: PAGE_SIZE,
    after: null,
  };
  const choices = useQuery(DecisionRegisterChoicesDocument);
  const list = useQuery(DecisionRegisterDocument, focus ? skipToken : { variables });
  const one = useQuery(DecisionByIdDocument, focus ? { variables: { id: focus } } : skipToken);
  const client = useApolloClient();
  const [exhausted, setExhausted] = useState(false);
  const rows = list.data?.decisions ?? [];
  const hasMore = !exhausted && rows.length >= PAGE_SIZE;
  // Live: a decision shown is reloaded where it stands; a new one (recorded, or a successor) reloads the first page.
  useSubscription(DecisionChangedDocument, {
    onData: ({ data }) => {
      const id = data.data?.decisionChanged.id;
      if (focus) void one.refetch();
      else if (id && rows.some((r) => r.id === id))
        void client.query({ query: DecisionByIdDocument, variables: { id }, fetchPolicy: 'network-only' });
      else {
        setExhausted(false);
        void list.refetch();
      }
    },
  });
  const loadMore = async () => {
    const last = rows[rows.length - 1];
    const more = await list.fetchMore({
      variables: { after: last.id },
      updateQuery: (prev, { fetchMoreResult }) => ({
        ...prev,
        decisions: [...prev.decisions, ...fetchMoreResult.decisions],
      }),
    });
    if ((more.data?.decisions.length ?? 0) < PAGE_SIZE) setExhausted(true);
  };
  useEffect(() => setExhausted(false), [params]);

  const people = useMemo(() => (choices.data?.people ?? []).filter((p) => !p.archivedAt), [choices.data]);
  // The subject filter is kept in the address with its kind and name, so it reads the same after a reload.
  const subjectKindParam = params.get('subjectKind');
  const subject: Subject | null = get('subject')
    ? subjectKindParam === 'Kpi'
      ? { __typename: 'Kpi', id: get('subject'), name: get('subjectLabel'), unit: null }
      : {
          __typename: subjectKindParam === 'Initiative' ? 'Initiative' : 'Objective',
          id: get('subject'),
          title: get('subjectLabel'),
          unit: null,
        }
    : null;
  const filtered = FILTER_KEYS.some((k) => params.get(k));
  const clearFilters = () => {
    setSearchText('');
    setParams(new URLSearchParams(), { replace: true });
  };
  const shown = focus ? (one.data?.decision ? [one.data.decision] : []) : rows;
  const loading = focus ? one.loading : list.loading && !list.data;
  const error = focus ? one.error : list.error;

  return (
    <>
      <PageHeader
        eyebrow="Reviews"
        title="Decisions"
        subtitle="Every decision you may see, with who owns it, what it is about, when to revisit it, what replaced it and how its actions stand."
        actions={
          <Link className="btn" to="/meetings">
            Reviews
          </Link>
        }
      />
      <ChangeRequestsSection />
      {!focus && (
        <Card title="Filter" className="register-filter-card">
          <form
            className="register-filters"
            role="search"
            aria-label="Filter decisions"
            onSubmit={(e) => e.preventDefault()}
          >
            <div className="field register-search">
              <label htmlFor={searchId}>Search</label>
              <input
                id={searchId}
                className="input"
                type="search"
                value={searchText}
                placeholder="Words in the decision or its rationale"
                onChange={(e) => setSearchText(e.target.value)}
              />
            </div>
            <Field label="Unit">
              {(p) => (
                <select
                  {...p}
                  className="input"
                  value={get('unit')}
                  onChange={(e) => setParam('unit', e.target.value)}
                >
                  <option value="">All units</option>
                  {(choices.data?.units ?? []).map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="Owner">
              {(p) => (
                <select
                  {...p}
                  className="input"
                  value={get('owner')}
                  onChange={(e) => setParam('owner', e.target.value)}
                >
                  <option value="">Anyone</option>
                  {people.map((x) => (
                    <option key={x.id} value={x.id}>
                      {x.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="Status">
              {(p) => (
                <select
                  {...p}
                  className="input"
                  value={get('status')}
                  onChange={(e) => setParam('status', e.target.value)}
                >
                  <option value="">Any status</option>
                  {STATUSES.map((s) => (
                    <option key={s.value} value={s.value}>
                      {s.label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="About">
              {(p) => (
                <select
                  {...p}
                  className="input"
                  value={get('type')}
                  onChange={(e) => setParam('type', e.target.value)}
                >
                  <option value="">Anything</option>
                  {TYPES.map((s) => (
                    <option key={s.value} value={s.value}>
                      {s.label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="Revisit due by">
              {(p) => (
                <input
                  {...p}
                  type="date"
                  className="input"
                  value={get('due')}
                  onChange={(e) => setParam('due', e.target.value)}
                />
              )}
            </Field>
            <div className="register-search">
              <Field label="Subject">
                {(p) => (
                  <SubjectCombobox
                    fieldProps={p}
                    value={subject}
                    onChange={(s) => {
                      const next = new URLSearchParams(params);
                      if (s) {
                        next.set('subject', s.id);
                        next.set('subjectLabel', s.__typename === 'Kpi' ? s.name : s.title);
                        next.set('subjectKind', s.__typename);
                      } else {
                        next.delete('subject');
                        next.delete('subjectLabel');
                        next.delete('subjectKind');
                      }
                      setParams(next, { replace: true });
                    }}
                  />
                )}
              </Field>
            </div>
          </form>
        </Card>
      )}
      {notice && (
        <div className="banner banner-ok register-notice" role="status">
          {notice}
        </div>
      )}
      <Card title={focus ? 'One decision' : 'Register'}>
        <div className="register-summary">
          <span className="small muted" role="status" aria-live="polite">
            {loading
              ? ''
              : focus
                ? 'Showing one decision and its chain.'
                : registerSummary(rows.length, hasMore, filtered)}
          </span>
          {focus ? (
            <button type="button" className="btn btn-sm" onClick={() => setParam('focus', null)}>
              Show all decisions
            </button>
          ) : (
            filtered && (
              <button type="button" className="btn btn-sm" onClick={clearFilters}>
                Clear filters
              </button>
            )
          )}
        </div>
        {loading ? (
          <Loading label="Loading decisions" />
        ) : error ? (
          <ErrorState error={error} title="The decisions could not be loaded" />
        ) : shown.length === 0 ? (
          <Empty>
            {focus
              ? 'This decision does not exist, or you do not have access to it.'
              : filtered
                ? 'No decision matches these filters.'
                : 'No decisions yet. Decisions are recorded in the meeting room while a review is open.'}
          </Empty>
        ) : (
          <ul className="decision-list" data-testid="decision-register">
            {shown.map((d) => (
              <li key={d.id}>
                <DecisionCard
                  decision={d}
                  today={today}
                  onEdit={() => setEditing(d)}
                  onSupersede={() => setSuperseding(d)}
                />
              </li>
            ))}
          </ul>
        )}
        {!focus && hasMore && (
          <div className="register-more">
            <button type="button" className="btn" onClick={() => void loadMore()} disabled={list.loading}>
              Show {PAGE_SIZE} more
            </button>
          </div>
        )}
      </Card>
      {editing && <EditDecisionDialog decision={editing} people={people} onClose={() => setEditing(null)} />}
      {superseding && (
        <SupersedeDecisionDialog
          decision={superseding}
          people={people}
          onClose={() => setSuperseding(null)}
          onDone={() => {
            setNotice(
              `Superseded: “${superseding.text}” is kept, marked superseded, with the new decision above it.`,
            );
            setSuperseding(null);
            setExhausted(false);
            void list.refetch();
          }}
        />
      )}
    </>
  );
}
