import { HygieneDocument, PortfolioCapacityDocument, PortfolioDocument } from '@throughline/shared/graphql';
import { skipToken, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { PlanSwitcher, usePlanId } from '../plan/PlanSwitcher';
import { useGraphChanged } from '../plan/useGraphChanged';
import { Card, Empty, ErrorState, HealthBadge, Loading, PageHeader, Progress, Stat } from '../ui/components';
import { formatMoney, formatNumber, plural } from '../ui/format';
import { byWorstHealth } from '../ui/health';
import { StatusChip } from '../ui/rows';
import { useTitle } from '../ui/useTitle';
import { InitiativeRowActions } from './InitiativeRowActions';
import { RowActionsProvider } from './RowActionsProvider';
import { UnitCommitments } from './UnitCommitments';
import {
  capacityRows,
  capacityScope,
  capacityText,
  groupByObjective,
  sunsetReason,
  type PortfolioInitiative,
} from './portfolio-model';
import ReserveCard from './ReserveCard';
import WhatIfPanel from './WhatIfPanel';
import './portfolio.css';

function InitiativeTable({ initiatives }: { initiatives: PortfolioInitiative[] }) {
  return (
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
          {initiatives.map((i) => (
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
  );
}

function HygieneCard({ planId }: { planId: string }) {
  const { data, error } = useQuery(HygieneDocument, { variables: { planId } });
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
            <div key={i.key} className={`hygiene hygiene-${i.tone}`}>
              <div className="hygiene-title">{i.title}</div>
              <ul>
                {i.list.map((x) => (
                  <li key={x.id}>{x.href ? <Link to={x.href}>{x.label}</Link> : x.label}</li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      )}
    </Card>
  );
}

/** The portfolio: initiatives by objective, capacity against availability, hygiene and the sunset list. */
export default function PortfolioPage() {
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const planId = usePlanId(search.get('plan') ?? undefined);
  const { data, error, refetch } = useQuery(
    PortfolioDocument,
    planId ? { variables: { planId } } : skipToken,
  );
  const capacityData = useQuery(PortfolioCapacityDocument, planId ? { variables: { planId } } : skipToken);
  const [whatIf, setWhatIf] = useState(false);
  const [applied, setApplied] = useState<string | null>(null);
  useGraphChanged(null, () => {
    void refetch();
    void capacityData.refetch();
  });
  useTitle('Portfolio');
  if (!planId) return <Empty>No plan is visible to you yet.</Empty>;
  if (error && !data) return <ErrorState error={error} />;
  if (!data?.plan) return <Loading />;
  const { groups, orphans } = groupByObjective(data.initiatives, data.plan.objectives);
  const capacity = capacityRows(data.units);
  const sunset = data.initiatives.map((i) => ({ i, why: sunsetReason(i) })).filter((x) => x.why);
  const live = data.initiatives.filter((i) => i.status === 'ACTIVE' || i.status === 'PROPOSED');
  const budget = live.reduce((s, i) => s + (i.budget ?? 0), 0);
  const company = capacity.find((c) => c.unit.kind === 'COMPANY');
  const companyScope = capacityScope(company);
  return (
    <RowActionsProvider planId={planId}>
      <PageHeader
        eyebrow="Portfolio"
        title={`Initiatives of ${data.plan.name}`}
        subtitle="Is the work moving the numbers, and can we staff it? Delivery and impact side by side, capacity against availability."
        actions={
          <>
            {capacityData.data?.initiatives.some((i) => i.viewerCan.edit) && (
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
      {whatIf && capacityData.data && (
        <div className="mb-4">
          <WhatIfPanel
            data={capacityData.data}
            onClose={() => setWhatIf(false)}
            onApplied={(n) => {
              setWhatIf(false);
              setApplied(
                `Scenario applied: ${plural(n, 'initiative')} changed, each with the reason in its history.`,
              );
              void refetch();
              void capacityData.refetch();
            }}
          />
        </div>
      )}
      <div className="stats">
        <Stat label="Active and proposed" value={live.length} />
        <Stat label="Budget committed" value={formatMoney(budget)} />
        <Stat
          label={`People committed / available (FTE)${companyScope ? ` · ${companyScope}` : ''}`}
          value={capacityText(company, false)}
          tone={company?.overcommitted ? 'red' : undefined}
        />
        <Stat
          label="Off track"
          value={data.initiatives.filter((i) => i.health === 'OFF_TRACK').length}
          tone="red"
        />
        <Stat label="Sunset candidates" value={sunset.length} tone={sunset.length ? 'amber' : undefined} />
      </div>
      <div className="grid grid-3 portfolio-top">
        {capacityData.data ? (
          <ReserveCard
            units={capacityData.data.units}
            unitExtra={(unitId) => (
              <UnitCommitments unitId={unitId} units={data.units} initiatives={data.initiatives} />
            )}
          />
        ) : (
          <Card title="Capacity and strategic reserve">
            <Loading />
          </Card>
        )}
        <HygieneCard planId={planId} />
        <Card title="Sunset list" actions={<span className="pill-count">{sunset.length}</span>}>
          {sunset.length === 0 ? (
            <Empty>Nothing to sunset.</Empty>
          ) : (
            <ul className="list">
              {sunset.map(({ i, why }) => (
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
          )}
        </Card>
      </div>
      <div className="stack mt-4">
        {groups.map((g) => (
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
        {orphans.length > 0 && (
          <Card title="Supporting no objective" className="flush-table orphan-card">
            <p className="small muted">
              This work is not linked to any objective of the plan. Link it, or stop it.
            </p>
            <InitiativeTable initiatives={orphans} />
          </Card>
        )}
      </div>
    </RowActionsProvider>
  );
}
