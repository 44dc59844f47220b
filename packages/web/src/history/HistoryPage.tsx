import { HistorySubjectsDocument, PlanAsOfDocument } from '@throughline/shared/graphql';
import { skipToken, useQuery } from '@apollo/client/react';
import { useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { PlanSwitcher, usePlanId } from '../plan/PlanSwitcher';
import { buildTree, type TreeNode } from '../strategy-map/plan-graph';
import { Card, Empty, ErrorState, HealthBadge, Loading, PageHeader } from '../ui/components';
import { KpiChangeList } from '../kpis/KpiChangeList';
import { dayMonthsBefore, formatDate, formatValue, humanize } from '../ui/format';
import { healthCounts } from '../ui/health';
import { useTitle } from '../ui/useTitle';
import { HistoryList } from './HistoryList';
import './history-page.css';

/** The end of a chosen day (so "as of 31 March" includes everything that happened that day). */
export function endOfDay(date: string): string {
  return new Date(date + 'T23:59:59.999Z').toISOString();
}

function AsOfTree({ nodes }: { nodes: TreeNode[] }) {
  return (
    <ul className="asof-tree">
      {nodes.map((n) => (
        <li key={n.id}>
          <div className="row">
            <HealthBadge health={n.health} compact />
            <span className="title">{n.title}</span>
            <span className="small faint">· {n.owner.name}</span>
          </div>
          {n.kpis.length > 0 && (
            <ul className="asof-kpis">
              {n.kpis.map((k) => (
                <li key={k.id}>
                  <HealthBadge health={k.health} compact /> {k.name}:{' '}
                  {formatValue(k.latest?.value, k.unitOfMeasure)}{' '}
                  <span className="faint">/ {formatValue(k.target, k.unitOfMeasure)}</span>
                </li>
              ))}
            </ul>
          )}
          {n.children.length > 0 && <AsOfTree nodes={n.children} />}
        </li>
      ))}
    </ul>
  );
}

/** History: what changed on any object (who, when, why), and the plan as it stood on a date. */
export default function HistoryPage() {
  useTitle('History');
  const [search, setSearch] = useSearchParams();
  const planId = usePlanId(search.get('plan') ?? undefined);
  const subject = search.get('subject');
  const today = new Date().toISOString().slice(0, 10);
  const [date, setDate] = useState(() => dayMonthsBefore(today, 3));
  const dateId = useId();
  const subjId = useId();
  const subjects = useQuery(HistorySubjectsDocument, planId ? { variables: { id: planId } } : skipToken);
  // The past is read without the cache: a plan as of a date has the same ids as today's plan, and
  // normalised into the cache it would overwrite today's figures (the "Today" row, the home).
  const asOf = useQuery(
    PlanAsOfDocument,
    planId && date && !subject
      ? { variables: { id: planId, asOf: endOfDay(date) }, fetchPolicy: 'no-cache' }
      : skipToken,
  );
  // Today's counts: read outside the cache too (a large plan's whole tree normalised into it took
  // longer than the request).
  const now = useQuery(
    PlanAsOfDocument,
    planId && !subject ? { variables: { id: planId, asOf: null }, fetchPolicy: 'no-cache' } : skipToken,
  );
  if (!planId) return <Empty>No plan is visible to you yet.</Empty>;
  const then = asOf.data?.plan;
  const nowPlan = now.data?.plan;
  const thenCounts = then ? healthCounts(then.objectives) : null;
  const nowCounts = nowPlan ? healthCounts(nowPlan.objectives) : null;
  const s = subjects.data;
  const setParam = (k: string, v: string | null) => {
    const next = new URLSearchParams(search);
    if (v) next.set(k, v);
    else next.delete(k);
    if (k === 'subject') next.delete('type');
    setSearch(next, { replace: true });
  };
  const openSubject = (id: string) => {
    if (id === planId) return;
    const next = new URLSearchParams(search);
    next.set('subject', id);
    next.set(
      'type',
      s?.kpis.some((k) => k.id === id)
        ? 'KPI'
        : s?.plan?.initiatives.some((i) => i.id === id)
          ? 'INITIATIVE'
          : 'OBJECTIVE',
    );
    setSearch(next);
  };
  if (subject) {
    const type = search.get('type');
    const name =
      s?.kpis.find((k) => k.id === subject)?.name ??
      s?.plan?.objectives.find((o) => o.id === subject)?.title ??
      s?.plan?.initiatives.find((i) => i.id === subject)?.title;
    const path = type === 'KPI' ? 'kpis' : type === 'INITIATIVE' ? 'initiatives' : 'objectives';
    return (
      <>
        <PageHeader
          eyebrow={`History · ${humanize(type ?? 'OBJECTIVE')}`}
          title={name ? `Changes to ${name}` : 'Changes'}
          subtitle="Every change is kept with who made it, when and why, newest first."
          actions={
            <>
              <Link className="btn" to={`/${path}/${subject}`}>
                Open it
              </Link>
              <button type="button" className="btn" onClick={() => setParam('subject', null)}>
                The plan as it stood
              </button>
            </>
          }
        />
        <Card title="Changes">
          {type === 'KPI' ? (
            <KpiChangeList kpiId={subject} first={100} />
          ) : (
            <HistoryList subjectId={subject} first={100} />
          )}
        </Card>
      </>
    );
  }
  return (
    <>
      <PageHeader
        eyebrow="History"
        title="What changed, and how the plan stood"
        subtitle="Every change is kept with who made it, when and why. Pick a date to read the plan as it stood then."
        actions={<PlanSwitcher planId={planId} onChange={(id) => setParam('plan', id)} />}
      />
      <div className="grid grid-2">
        <Card
          title="The plan as it stood"
          actions={
            <span className="row">
              <label htmlFor={dateId} className="small muted">
                On
              </label>
              <input
                id={dateId}
                type="date"
                className="input w-auto"
                value={date}
                max={today}
                onChange={(e) => setDate(e.target.value)}
                data-testid="as-of-date"
              />
            </span>
          }
        >
          {asOf.error && !then ? (
            <ErrorState error={asOf.error} />
          ) : asOf.data && !then ? (
            <Empty>The plan did not exist yet on {formatDate(date)}. Pick a later date.</Empty>
          ) : !then ? (
            <Loading />
          ) : (
            <>
              <div className="asof-compare">
                <div>
                  <div className="small faint">{formatDate(date)}</div>
                  <div className="row small">
                    <span className="tone-green">{thenCounts!.ON_TRACK} on track</span>·
                    <span className="tone-amber">{thenCounts!.AT_RISK} at risk</span>·
                    <span className="tone-red">{thenCounts!.OFF_TRACK} off track</span>
                  </div>
                </div>
                {nowCounts && (
                  <div>
                    <div className="small faint">Today</div>
                    <div className="row small">
                      <span className="tone-green">{nowCounts.ON_TRACK} on track</span>·
                      <span className="tone-amber">{nowCounts.AT_RISK} at risk</span>·
                      <span className="tone-red">{nowCounts.OFF_TRACK} off track</span>
                    </div>
                  </div>
                )}
              </div>
              {then.objectives.length === 0 ? (
                <Empty>The plan had no objectives on that date.</Empty>
              ) : (
                <AsOfTree nodes={buildTree(then.objectives)} />
              )}
            </>
          )}
        </Card>
        <Card
          title="Changes to"
          actions={
            <span className="row">
              <label htmlFor={subjId} className="sr-only">
                Object
              </label>
              <select
                id={subjId}
                className="input input-narrow"
                value={planId}
                onChange={(e) => openSubject(e.target.value)}
              >
                <option value={planId}>The plan itself</option>
                {s?.plan && (
                  <optgroup label="Objectives">
                    {s.plan.objectives.map((o) => (
                      <option key={o.id} value={o.id}>
                        {o.title}
                      </option>
                    ))}
                  </optgroup>
                )}
                {s && (
                  <optgroup label="KPIs">
                    {s.kpis.map((k) => (
                      <option key={k.id} value={k.id}>
                        {k.name}
                      </option>
                    ))}
                  </optgroup>
                )}
                {s?.plan && (
                  <optgroup label="Initiatives">
                    {s.plan.initiatives.map((i) => (
                      <option key={i.id} value={i.id}>
                        {i.title}
                      </option>
                    ))}
                  </optgroup>
                )}
              </select>
            </span>
          }
        >
          <HistoryList subjectId={planId} first={100} />
        </Card>
      </div>
    </>
  );
}
