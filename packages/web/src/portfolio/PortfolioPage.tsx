import {
  HygieneDocument,
  type HygieneQuery,
  PortfolioCapacityDocument,
  PortfolioDocument,
  PortfolioReserveDocument,
} from '@throughline/shared/graphql';
import { skipToken, useQuery } from '@apollo/client/react';
import { useCallback, useDeferredValue, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { PlanSwitcher, usePlanId } from '../plan/PlanSwitcher';
import { useCoalescedRefetch } from '../graphql/useCoalescedRefetch';
import { useGraphChanged } from '../plan/useGraphChanged';
import { Card, Empty, ErrorState, HealthBadge, Loading, PageHeader, Progress, Stat } from '../ui/components';
import { formatMoney, formatNumber, plural } from '../ui/format';
import { byWorstHealth } from '../ui/health';
import { StatusChip } from '../ui/rows';
import { ShowAllButton, useShownPart } from '../ui/ShowMore';
import { useTitle } from '../ui/useTitle';
import { InitiativeRowActions } from './InitiativeRowActions';
import { RowActionsProvider } from './RowActionsProvider';
import { UnitCommitments } from './UnitCommitments';
import {
  capacityRows,
  capacityScope,
  capacityText,
  groupByObjective,
  matchesSearch,
  sunsetReason,
  type PortfolioInitiative,
} from './portfolio-model';
import ReserveCard from './ReserveCard';
import WhatIfPanel from './WhatIfPanel';
import './portfolio.css';

/** Initiatives drawn per objective before "Show all"; objectives drawn before "Show all". */
const ROWS_FIRST = 10;
const GROUPS_FIRST = 20;
/** Entries of the sunset list and of each hygiene warning drawn before "Show all". */
const LIST_FIRST = 10;

function InitiativeTable({ initiatives }: { initiatives: PortfolioInitiative[] }) {
  const part = useShownPart(initiatives, ROWS_FIRST);
  return (
    <>
      <div className="table-wrap">
        <table className="table portfolio-table">
          <thead>
            <tr>
              <th scope="col">Initiative</th>
              <th scope="col">Status</th>
              <th scope="col">Health</th>
              <th scope="col">Delivery</th>
              <th scope="col">Impact</th>
              <th scope="col" className="num">
                Budget
              </th>
              <th scope="col" className="num">
                FTE
              </th>
            </tr>
          </thead>
          <tbody>
            {part.shown.map((i) => (
              <tr key={i.id}>
                <td>
                  <Link to={`/initiatives/${i.id}`} className="strong-link">
                    {i.title}
                  </Link>
                  <div className="small faint">
                    {i.unit.name} · {i.owner.name}
                  </div>
                </td>
                <td data-label="Status">
                  <StatusChip status={i.status} />
                </td>
                <td data-label="Health">
                  <HealthBadge health={i.health} />
                </td>
                <td className="progress-cell" data-label="Delivery">
                  <Progress value={i.progress.completion} label={`${i.title}: delivery`} />
                  <div className="small faint">{Math.round(i.progress.completion * 100)}% of milestones</div>
                </td>
                <td className="nowrap" data-label="Impact">
                  <HealthBadge health={i.progress.impactHealth} compact /> {i.progress.kpisMoving}/
                  {i.progress.kpisTargeted} KPIs moving
                </td>
                <td className="num" data-label="Budget">
                  {formatMoney(i.budget)}
                </td>
                <td className="num" data-label="FTE">
                  {formatNumber(i.capacity)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {part.hidden > 0 || part.all ? (
        <div className="table-more">
          <ShowAllButton total={initiatives.length} part={part} noun="initiative" />
        </div>
      ) : null}
    </>
  );
}

/** One hygiene warning: its title and the entries it names, the first few drawn. */
function HygieneList({
  tone,
  title,
  list,
}: {
  tone: 'red' | 'amber';
  title: string;
  list: { id: string; label: string; href?: string }[];
}) {
  const part = useShownPart(list, LIST_FIRST);
  return (
    <div className={`hygiene hygiene-${tone}`}>
      <div className="hygiene-title">
        {title} <span className="faint">({formatNumber(list.length)})</span>
      </div>
      <ul>
        {part.shown.map((x) => (
          <li key={x.id}>{x.href ? <Link to={x.href}>{x.label}</Link> : x.label}</li>
        ))}
      </ul>
      <ShowAllButton total={list.length} part={part} noun="entry" nounPlural="entries" />
    </div>
  );
}

/** Work to stop, close or restart, with the decision on each; the first few drawn. */
function SunsetCard({ sunset }: { sunset: { i: PortfolioInitiative; why: string | null }[] }) {
  const part = useShownPart(sunset, LIST_FIRST);
  return (
    <Card title="Sunset list" actions={<span className="pill-count">{formatNumber(sunset.length)}</span>}>
      {sunset.length === 0 ? (
        <Empty>Nothing to sunset.</Empty>
      ) : (
        <>
          <ul className="list">
            {part.shown.map(({ i, why }) => (
              <li key={i.id}>
                <div className="grow">
                  <Link to={`/initiatives/${i.id}`} className="title">
                    {i.title}
                  </Link>
                  <div className="meta">{why}</div>
                  <InitiativeRowActions initiative={i} />
                </div>
                <StatusChip status={i.status} />
              </li>
            ))}
          </ul>
          <ShowAllButton total={sunset.length} part={part} noun="candidate" />
        </>
      )}
    </Card>
  );
}

function HygieneCard({ data, error }: { data: HygieneQuery | undefined; error: unknown }) {
  if (error && !data) return <ErrorState error={error} />;
  if (!data)
    return (
      <Card title="Hygiene">
        <Loading />
      </Card>
    );
  const h = data.hygiene;
  const items: {
    key: string;
    tone: 'red' | 'amber';
    title: string;
    list: { id: string; label: string; href?: string }[];
  }[] = [
    {
      key: 'orphan',
      tone: 'red',
      title: 'Initiatives supporting no objective',
      list: h.initiativesWithoutObjective.map((i) => ({
        id: i.id,
        label: i.title,
        href: `/initiatives/${i.id}`,
      })),
    },
    {
      key: 'nokpi',
      tone: 'amber',
      title: 'Initiatives targeting no KPI',
      list: h.initiativesWithoutKpi.map((i) => ({ id: i.id, label: i.title, href: `/initiatives/${i.id}` })),
    },
    {
      key: 'vanity',
      tone: 'amber',
      title: 'Vanity KPIs (linked to no objective)',
      list: h.vanityKpis.map((k) => ({ id: k.id, label: k.name, href: `/kpis/${k.id}` })),
    },
    {
      key: 'teams',
      tone: 'amber',
      title: 'Teams with more than three objectives in a quarter',
      list: h.overloadedTeams.map((t) => ({
        id: t.unit.id + t.quarter,
        label: `${t.unit.name}: ${t.objectiveCount} objectives in ${t.quarter}`,
      })),
    },
    {
      key: 'unowned',
      tone: 'red',
      title: 'Objectives and KPIs without an owner',
      list: [
        ...h.unownedObjectives.map((o) => ({ id: o.id, label: o.title, href: `/objectives/${o.id}` })),
        ...h.unownedKpis.map((k) => ({ id: k.id, label: k.name, href: `/kpis/${k.id}` })),
      ],
    },
    {
      key: 'capacity',
      tone: 'red',
      title: 'Units committing more people than they have',
      list: h.overcommittedUnits.map((u) => ({
        id: u.unit.id,
        label: `${u.unit.name}: ${capacityText(u)} committed / available`,
      })),
    },
  ];
  if (h.executiveDashboard.overLimit)
    items.push({
      key: 'exec',
      tone: 'amber',
      title: 'Executive dashboard',
      list: [
        {
          id: 'exec',
          label: `${h.executiveDashboard.kpiCount} KPIs on it; keep it to ${h.executiveDashboard.limit}`,
        },
      ],
    });
  const shown = items.filter((i) => i.list.length > 0);
  return (
    <Card title="Hygiene warnings" actions={<span className={`pill-count`}>{h.issueCount}</span>}>
      {shown.length === 0 ? (
        <Empty>No hygiene issues. The portfolio is clean.</Empty>
      ) : (
        <div className="stack-sm">
          {shown.map((i) => (
            <HygieneList key={i.key} tone={i.tone} title={i.title} list={i.list} />
          ))}
        </div>
      )}
    </Card>
  );
}

/** The initiatives grouped under each objective of the plan, the first objectives drawn. */
function ByObjective({
  groups,
  orphans,
}: {
  groups: ReturnType<typeof groupByObjective>['groups'];
  orphans: PortfolioInitiative[];
}) {
  const part = useShownPart(groups, GROUPS_FIRST);
  return (
    <>
      {part.shown.map((g) => (
        <Card
          key={g.objective.id}
          title={
            <span className="row">
              <HealthBadge health={g.objective.health} compact />
              <Link to={`/objectives/${g.objective.id}`}>{g.objective.title}</Link>
            </span>
          }
          actions={<span className="small faint">{plural(g.initiatives.length, 'initiative')}</span>}
          className="flush-table"
        >
          <InitiativeTable initiatives={[...g.initiatives].sort(byWorstHealth)} />
        </Card>
      ))}
      {(part.hidden > 0 || part.all) && (
        <div className="row">
          <ShowAllButton total={groups.length} part={part} noun="objective" />
          {part.hidden > 0 && (
            <span className="small muted">
              {plural(part.hidden, 'more objective')} with initiatives below; search to find one.
            </span>
          )}
        </div>
      )}
      {orphans.length > 0 && (
        <Card title="Supporting no objective" className="flush-table orphan-card">
          <p className="small muted">
            This work is not linked to any objective of the plan. Link it, or stop it.
          </p>
          <InitiativeTable initiatives={orphans} />
        </Card>
      )}
    </>
  );
}

/**
 * The portfolio: initiatives by objective, capacity against availability, hygiene and the sunset
 * list. Built for plans with thousands of initiatives: the list is read once, outside Apollo's
 * normalised cache, and reread at most one at a time when the graph changes; the figures count
 * every initiative, the lists draw the first few with "Show all", and a search narrows them.
 */
export default function PortfolioPage() {
  const [search, setSearch] = useSearchParams();
  const navigate = useNavigate();
  const planId = usePlanId(search.get('plan') ?? undefined);
  const query = search.get('q') ?? '';
  const deferredQuery = useDeferredValue(query);
  const { data, error, refetch } = useQuery(
    PortfolioDocument,
    planId ? { variables: { planId }, fetchPolicy: 'no-cache' } : skipToken,
  );
  const reserve = useQuery(PortfolioReserveDocument);
  // Asked with the portfolio, not once it has arrived: the two take their time side by side.
  const hygiene = useQuery(HygieneDocument, planId ? { variables: { planId } } : skipToken);
  const [whatIf, setWhatIf] = useState(false);
  const whatIfData = useQuery(
    PortfolioCapacityDocument,
    whatIf && planId ? { variables: { planId }, fetchPolicy: 'no-cache' } : skipToken,
  );
  const [applied, setApplied] = useState<string | null>(null);
  const reread = useCoalescedRefetch(refetch);
  const others = useRef({ reserve, hygiene, whatIf, whatIfData });
  others.current = { reserve, hygiene, whatIf, whatIfData };
  const refresh = useCallback(() => {
    reread();
    void others.current.reserve.refetch();
    void others.current.hygiene.refetch();
    if (others.current.whatIf) void others.current.whatIfData.refetch();
  }, [reread]);
  useGraphChanged(null, refresh);
  useTitle('Portfolio');
  if (!planId) return <Empty>No plan is visible to you yet.</Empty>;
  if (error && !data) return <ErrorState error={error} />;
  if (!data?.plan) return <Loading />;
  const found = deferredQuery
    ? data.initiatives.filter((i) => matchesSearch(i, deferredQuery))
    : data.initiatives;
  const { groups, orphans } = groupByObjective(found, data.plan.objectives);
  const capacity = capacityRows(data.units);
  const sunset = data.initiatives.map((i) => ({ i, why: sunsetReason(i) })).filter((x) => x.why);
  const live = data.initiatives.filter((i) => i.status === 'ACTIVE' || i.status === 'PROPOSED');
  const budget = live.reduce((s, i) => s + (i.budget ?? 0), 0);
  const company = capacity.find((c) => c.unit.kind === 'COMPANY');
  const companyScope = capacityScope(company);
  return (
    <RowActionsProvider rows={data.initiatives} refresh={refresh}>
      <PageHeader
        eyebrow="Portfolio"
        title={`Initiatives of ${data.plan.name}`}
        subtitle="Is the work moving the numbers, and can we staff it? Delivery and impact side by side, capacity against availability."
        actions={
          <>
            {data.initiatives.some((i) => i.viewerCan.edit) && (
              <button
                type="button"
                className={`btn${whatIf ? ' btn-primary' : ''}`}
                aria-pressed={whatIf}
                onClick={() => {
                  setWhatIf((w) => !w);
                  setApplied(null);
                }}
              >
                What-if mode
              </button>
            )}
            <PlanSwitcher planId={planId} onChange={(id) => navigate(`/portfolio?plan=${id}`)} />
          </>
        }
      />
      {applied && (
        <div className="banner banner-ok mb-4" role="status">
          {applied}
        </div>
      )}
      {whatIf && (
        <div className="mb-4">
          {whatIfData.data ? (
            <WhatIfPanel
              data={whatIfData.data}
              onClose={() => setWhatIf(false)}
              onApplied={(n) => {
                setWhatIf(false);
                setApplied(
                  `Scenario applied: ${plural(n, 'initiative')} changed, each with the reason in its history.`,
                );
                refresh();
              }}
            />
          ) : whatIfData.error ? (
            <ErrorState error={whatIfData.error} />
          ) : (
            <Card title="What-if mode">
              <Loading />
            </Card>
          )}
        </div>
      )}
      <div className="stats">
        <Stat label="Active and proposed" value={formatNumber(live.length)} />
        <Stat label="Budget committed" value={formatMoney(budget)} />
        <Stat
          label={`People committed / available (FTE)${companyScope ? ` · ${companyScope}` : ''}`}
          value={capacityText(company, false)}
          tone={company?.overcommitted ? 'red' : undefined}
        />
        <Stat
          label="Off track"
          value={formatNumber(data.initiatives.filter((i) => i.health === 'OFF_TRACK').length)}
          tone="red"
        />
        <Stat
          label="Sunset candidates"
          value={formatNumber(sunset.length)}
          tone={sunset.length ? 'amber' : undefined}
        />
      </div>
      <div className="grid grid-3 portfolio-top">
        {reserve.data ? (
          <ReserveCard
            units={reserve.data.units}
            unitExtra={(unitId) => (
              <UnitCommitments unitId={unitId} units={data.units} initiatives={data.initiatives} />
            )}
          />
        ) : (
          <Card title="Capacity and strategic reserve">
            <Loading />
          </Card>
        )}
        <HygieneCard data={hygiene.data} error={hygiene.error} />
        <SunsetCard sunset={sunset} />
      </div>
      <div className="portfolio-search mt-4">
        <label htmlFor="portfolio-search">Find initiatives</label>
        <input
          id="portfolio-search"
          type="search"
          className="input"
          placeholder="Title, unit or owner"
          value={query}
          onChange={(e) => {
            const next = new URLSearchParams(search);
            if (e.target.value) next.set('q', e.target.value);
            else next.delete('q');
            setSearch(next, { replace: true });
          }}
        />
        {deferredQuery && (
          <span className="small muted" role="status">
            {plural(found.length, 'initiative')} of {formatNumber(data.initiatives.length)} match
          </span>
        )}
      </div>
      <div className="stack mt-4">
        {deferredQuery && found.length === 0 ? (
          <Empty>No initiative of this plan matches “{deferredQuery}”.</Empty>
        ) : (
          <ByObjective key={deferredQuery} groups={groups} orphans={orphans} />
        )}
      </div>
    </RowActionsProvider>
  );
}
