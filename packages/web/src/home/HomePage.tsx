import { EnterpriseHomeDocument, MyWorkDocument, UnitHomeDocument } from '@throughline/shared/graphql';
import { skipToken, useQuery } from '@apollo/client/react';
import { Link, useSearchParams } from 'react-router-dom';
import { Health } from '@throughline/shared';
import { useViewer, type Viewer } from '../app-shell/viewer';
import { Card, Empty, ErrorState, HealthBadge, Loading, PageHeader, Stat } from '../ui/components';
import { capacityScope, capacityText } from '../ui/capacity';
import CapacityByUnit from '../portfolio/CapacityByUnit';
import { formatDateTime, formatNumber, humanize, plural } from '../ui/format';
import { useCoalescedRefetch } from '../graphql/useCoalescedRefetch';
import { ShownPart } from '../ui/ShowMore';
import { byWorstHealth, healthCounts } from '../ui/health';
import { InitiativeListItem, KpiListItem } from '../ui/rows';
import { useTitle } from '../ui/useTitle';
import { PlanSwitcher, usePlanId } from '../plan/PlanSwitcher';
import { AlertsCard, OverdueActionsCard, useActions, useAlerts } from './attention';
import { LineOfSight } from './LineOfSight';
import { MyAlertsCard } from '../alerts/MyAlertsCard';
import { LiveFeed } from './LiveFeed';
import { FollowThroughCard } from '../meetings/FollowThroughCard';
import { MyKpiItem } from './MyKpiItem';
import { MyWorkCard } from './MyWorkCard';
import { nextReview } from './next-review';
import { selectHome } from './select-home';
import './home.css';

interface ObjectiveRow {
  id: string;
  title: string;
  health: string;
  perspective: string | null;
  unit: { id: string; name: string };
  owner: { id: string; name: string };
  parent: { id: string } | null;
  children: { id: string; title: string; health: string; unit: { name: string } }[];
}

function greeting(name: string, now = new Date()) {
  const h = now.getHours();
  return `${h < 12 ? 'Good morning' : h < 18 ? 'Good afternoon' : 'Good evening'}, ${name.split(' ')[0]}`;
}

/** Home by role: enterprise view, unit dashboard, or my work. */
export default function HomePage() {
  const { viewer } = useViewer();
  useTitle('Home');
  const home = selectHome(viewer);
  if (home.kind === 'executive') return <ExecutiveHome viewer={viewer} />;
  if (home.kind === 'department') return <DepartmentHome viewer={viewer} unitId={home.unitId!} />;
  return <MemberHome viewer={viewer} />;
}

function ObjectiveHealthList({ objectives }: { objectives: ObjectiveRow[] }) {
  if (objectives.length === 0) return <Empty>No objectives yet.</Empty>;
  return (
    <ul className="list">
      {objectives.map((o) => (
        <li key={o.id} className="items-start">
          <HealthBadge health={o.health} compact />
          <div className="grow">
            <Link to={`/objectives/${o.id}`} className="title">
              {o.title}
            </Link>
            <div className="meta">
              {o.perspective ? humanize(o.perspective) + ' · ' : ''}
              {o.unit.name} · {o.owner.name}
            </div>
            {o.children.length > 0 && (
              <div className="child-health" aria-label="Cascaded objectives">
                {o.children.map((c) => (
                  <Link
                    key={c.id}
                    to={`/objectives/${c.id}`}
                    className="child-pill"
                    title={`${c.title} (${c.unit.name})`}
                  >
                    <HealthBadge health={c.health} compact />
                    <span>{c.title}</span>
                  </Link>
                ))}
              </div>
            )}
          </div>
          <HealthBadge health={o.health} />
        </li>
      ))}
    </ul>
  );
}

function ExecutiveHome({ viewer }: { viewer: Viewer }) {
  const { plans } = useViewer();
  const [search, setSearch] = useSearchParams();
  const planId = usePlanId(search.get('plan') ?? undefined);
  const plan = plans.find((p) => p.id === planId);
  const { data, error, refetch } = useQuery(
    EnterpriseHomeDocument,
    // Every objective and KPI of a large plan: read outside Apollo's normalised cache (writing
    // thousands of rows into it and diffing them took longer than the request), reread at most
    // one at a time when the live feed reports a change.
    plan ? { variables: { planId: plan.id }, fetchPolicy: 'no-cache' } : skipToken,
  );
  const reread = useCoalescedRefetch(refetch);
  const alerts = useAlerts();
  const actions = useActions();
  if (!plan)
    return (
      <Empty>
        No plan yet. <Link to="/plans">Create one</Link> to see the enterprise view.
      </Empty>
    );
  if (error && !data) return <ErrorState error={error} />;
  if (!data) return <Loading />;
  const counts = healthCounts(data.objectives);
  const offTrack = data.kpis
    .filter((k) => k.health === Health.OFF_TRACK || k.health === Health.AT_RISK)
    .sort(byWorstHealth);
  const topObjectives = data.plan?.topLevelObjectives ?? [];
  return (
    <>
      <PageHeader
        eyebrow={<>{viewer.unit?.name ?? 'Enterprise'} · enterprise view</>}
        title={greeting(viewer.name)}
        subtitle={
          <>
            <strong>{plan.name}</strong>: {formatNumber(counts.OFF_TRACK)} of{' '}
            {formatNumber(data.objectives.length)} objectives off track, {formatNumber(counts.AT_RISK)} at
            risk.
          </>
        }
        actions={
          <>
            <PlanSwitcher planId={plan.id} onChange={(id) => setSearch({ plan: id })} />
            <Link className="btn" to={`/map/${plan.id}`}>
              Strategy map
            </Link>
            <Link className="btn btn-primary" to="/meetings">
              Reviews
            </Link>
          </>
        }
      />
      <div className="stats">
        <Stat label="Objectives on track" value={formatNumber(counts.ON_TRACK)} tone="green" to="/map" />
        <Stat label="Objectives at risk" value={formatNumber(counts.AT_RISK)} tone="amber" to="/map" />
        <Stat label="Objectives off track" value={formatNumber(counts.OFF_TRACK)} tone="red" to="/map" />
        <Stat
          label="KPIs off track"
          value={data.kpis.filter((k) => k.health === Health.OFF_TRACK).length}
          tone="red"
        />
        <Stat
          label="Overdue actions"
          value={actions.overdue.length}
          tone={actions.overdue.length ? 'red' : undefined}
        />
        <Stat
          label="Open alerts"
          value={formatNumber(alerts.count)}
          tone={alerts.count ? 'amber' : undefined}
        />
      </div>
      <div className="grid grid-main-side">
        <div className="stack">
          <Card
            title="Company objectives"
            actions={<span className="small faint">{topObjectives.length} objectives · worst first</span>}
          >
            <ObjectiveHealthList objectives={[...topObjectives].sort(byWorstHealth)} />
          </Card>
          <Card
            title="KPIs off track or at risk"
            actions={<span className="pill-count">{offTrack.length}</span>}
          >
            {offTrack.length === 0 ? (
              <Empty>Every KPI is on track.</Empty>
            ) : (
              <ul className="list">
                {offTrack.slice(0, 12).map((k) => (
                  <KpiListItem key={k.id} kpi={k} />
                ))}
              </ul>
            )}
            {offTrack.length > 12 && (
              <p className="small faint">and {offTrack.length - 12} more on the strategy map</p>
            )}
          </Card>
        </div>
        <div className="stack">
          <MyWorkCard />
          <AlertsCard {...alerts} />
          <OverdueActionsCard
            {...actions}
            actions={actions.overdue}
            onChanged={() => void actions.refetch?.()}
          />
          <LiveFeed unitId={viewer.heads[0]?.id ?? viewer.unit?.id ?? ''} onEvent={reread} />
        </div>
      </div>
    </>
  );
}

/** Objectives, KPIs and initiatives drawn on a unit's home before "Show all" (worst first). */
const UNIT_LIST_FIRST = 25;

function DepartmentHome({ viewer, unitId }: { viewer: Viewer; unitId: string }) {
  // A unit's every objective, KPI and initiative: outside the normalised cache (thousands in a
  // large unit), reread one at a time when the live feed reports a change.
  const { data, error, refetch } = useQuery(UnitHomeDocument, {
    variables: { unitId },
    fetchPolicy: 'no-cache',
  });
  const reread = useCoalescedRefetch(refetch);
  const alerts = useAlerts(unitId);
  const actions = useActions(unitId);
  if (error && !data) return <ErrorState error={error} />;
  if (!data) return <Loading />;
  const counts = healthCounts(data.kpis);
  const inUnit = new Set(data.objectives.map((o) => o.id));
  const unitObjectives = data.objectives
    .filter((o) => !o.parent || !inUnit.has(o.parent.id))
    .sort(byWorstHealth);
  const capacity = data.unit?.capacity ?? null;
  const capacityNote = capacityScope(capacity);
  const review = nextReview(data.meetings, { unitId, personId: viewer.id });
  return (
    <>
      <PageHeader
        eyebrow={<>{data.unit?.name} · unit dashboard</>}
        title={greeting(viewer.name)}
        subtitle={`${data.unit?.name}: ${plural(counts.OFF_TRACK, 'KPI')} off track, ${counts.AT_RISK} at risk, ${plural(data.initiatives.length, 'initiative')} under way.`}
        actions={
          <>
            <Link className="btn" to="/portfolio">
              Portfolio
            </Link>
            {review ? (
              <Link className="btn btn-primary" to={`/meetings/${review.id}`}>
                {review.status === 'OPEN'
                  ? `Review open now: ${review.title}`
                  : `Next review: ${formatDateTime(review.scheduledAt)}`}
              </Link>
            ) : (
              <Link className="btn" to="/meetings">
                Reviews
              </Link>
            )}
          </>
        }
      />
      <div className="stats">
        <Stat label="KPIs on track" value={formatNumber(counts.ON_TRACK)} tone="green" />
        <Stat label="KPIs at risk" value={formatNumber(counts.AT_RISK)} tone="amber" />
        <Stat label="KPIs off track" value={formatNumber(counts.OFF_TRACK)} tone="red" />
        <Stat
          label={`Capacity committed / available (FTE)${capacityNote ? ` · ${capacityNote}` : ''}`}
          value={capacityText(capacity, false)}
          tone={capacity?.overcommitted ? 'red' : undefined}
          to="/portfolio"
        />
        <Stat
          label="Overdue actions"
          value={actions.overdue.length}
          tone={actions.overdue.length ? 'red' : undefined}
        />
      </div>
      <div className="grid grid-main-side">
        <div className="stack">
          <Card title="Objectives">
            <ShownPart items={unitObjectives} first={UNIT_LIST_FIRST} noun="objective">
              {(shown) => <ObjectiveHealthList objectives={[...shown]} />}
            </ShownPart>
          </Card>
          <Card
            title="KPIs"
            actions={<span className="small faint">{plural(data.kpis.length, 'KPI')} · worst first</span>}
          >
            <ShownPart items={[...data.kpis].sort(byWorstHealth)} first={UNIT_LIST_FIRST} noun="KPI">
              {(shown) => (
                <ul className="list">
                  {shown.map((k) => (
                    <KpiListItem key={k.id} kpi={k} />
                  ))}
                </ul>
              )}
            </ShownPart>
          </Card>
          <Card
            title="Initiatives"
            actions={
              <span className="small faint">
                {plural(data.initiatives.length, 'initiative')} · worst first
              </span>
            }
          >
            {data.initiatives.length === 0 ? (
              <Empty>No active initiatives.</Empty>
            ) : (
              <ShownPart
                items={[...data.initiatives].sort(byWorstHealth)}
                first={UNIT_LIST_FIRST}
                noun="initiative"
              >
                {(shown) => (
                  <ul className="list">
                    {shown.map((i) => (
                      <InitiativeListItem key={i.id} initiative={i} />
                    ))}
                  </ul>
                )}
              </ShownPart>
            )}
          </Card>
        </div>
        <div className="stack">
          <MyWorkCard />
          <LiveFeed
            unitId={unitId}
            onEvent={(kind) => {
              reread();
              if (kind === 'alert') void alerts.refetch?.();
              if (kind === 'action' || kind === 'decision') void actions.refetch?.();
            }}
          />
          <AlertsCard {...alerts} />
          <FollowThroughCard unitId={unitId} />
          <CapacityByUnit unitId={unitId} />
          <OverdueActionsCard
            {...actions}
            actions={actions.overdue}
            onChanged={() => void actions.refetch?.()}
          />
        </div>
      </div>
    </>
  );
}

function MemberHome({ viewer }: { viewer: Viewer }) {
  const { data, error } = useQuery(MyWorkDocument, {
    variables: { me: viewer.id, unitId: viewer.unit?.id ?? null, withUnit: !!viewer.unit },
  });
  const actions = useActions(undefined, viewer.id);
  if (error && !data) return <ErrorState error={error} />;
  if (!data) return <Loading />;
  const myKpis = data.kpis;
  const myInitiatives = data.initiatives;
  const unitKpis = myKpis.length ? [] : (data.unitKpis ?? []).filter((k) => k.unit.id === viewer.unit?.id);
  const work = [...myKpis, ...myInitiatives, ...unitKpis];
  const now = new Date();
  const openActions = actions.actions.filter((a) => a.status === 'OPEN');
  return (
    <>
      <PageHeader
        eyebrow={<>{viewer.unit?.name} · my work</>}
        title={greeting(viewer.name)}
        subtitle="Your KPIs, initiatives and actions, and how they connect to the company's objectives."
      />
      <div className="grid grid-main-side">
        <div className="stack">
          <MyWorkCard />
          <MyAlertsCard />
          <Card title="My KPIs">
            {myKpis.length === 0 && unitKpis.length === 0 ? (
              <Empty>You own no KPIs.</Empty>
            ) : (
              <ul className="list">
                {(myKpis.length ? myKpis : unitKpis).map((k) => (
                  <MyKpiItem key={k.id} kpi={k} now={now} />
                ))}
              </ul>
            )}
            {myKpis.length === 0 && unitKpis.length > 0 && (
              <p className="small faint">You own no KPIs; these are your team’s.</p>
            )}
          </Card>
          <Card title="My initiatives">
            {myInitiatives.length === 0 ? (
              <Empty>You own no initiatives.</Empty>
            ) : (
              <ul className="list">
                {myInitiatives.map((i) => (
                  <InitiativeListItem key={i.id} initiative={i} />
                ))}
              </ul>
            )}
          </Card>
          <OverdueActionsCard
            title="My open actions"
            loading={actions.loading}
            actions={openActions}
            onChanged={() => void actions.refetch?.()}
          />
        </div>
        <LineOfSight objectives={work.flatMap((w) => w.objectives)} />
      </div>
    </>
  );
}
