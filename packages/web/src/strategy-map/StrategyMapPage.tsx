import { PlanMapDocument, PlanMapOutlineDocument } from '@throughline/shared/graphql';
import { skipToken, useQuery } from '@apollo/client/react';
import { useMemo, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useRecentChanges } from '../live/recent-changes';
import { PlanSwitcher, usePlanId } from '../plan/PlanSwitcher';
import { Empty, ErrorState, Loading, PageHeader, Segmented } from '../ui/components';
import { healthCounts } from '../ui/health';
import { useTitle } from '../ui/useTitle';
import {
  filterChoices,
  filterFromSearch,
  filterObjectives,
  filterToSearch,
  isFiltering,
  LARGE_PLAN,
} from './map-filter';
import { MapToolbar } from './MapToolbar';
import { ObjectiveTree } from './ObjectiveTree';
import { chooseQuarter, quartersOf } from './okr';
import { OkrView } from './OkrView';
import { buildTree, type OutlineObjective } from './plan-graph';
import { ScorecardMap } from './ScorecardMap';
import { XMatrixView } from './XMatrixView';
import './strategy-map.css';
import { frameworkLabel } from '../plans/frameworks';

type View = 'tree' | 'okr' | 'bsc' | 'x';
const VIEWS: readonly View[] = ['tree', 'okr', 'bsc', 'x'];

/** Each framework opens in its own view: OKR plans in the OKR view, and so on. */
function defaultView(framework: string | undefined): View {
  return framework === 'BALANCED_SCORECARD'
    ? 'bsc'
    : framework === 'HOSHIN_KANRI'
      ? 'x'
      : framework === 'OKR'
        ? 'okr'
        : 'tree';
}

/** Which tree nodes are open: all of them, or the ones in `ids`. */
type OpenState = { all: true } | { all: false; ids: ReadonlySet<string> };

/** The strategy map: one graph seen as an objective tree, OKRs, a Balanced Scorecard with cause and effect, or an X-matrix. */
export default function StrategyMapPage() {
  const params = useParams();
  const navigate = useNavigate();
  const planId = usePlanId(params.planId);
  const [search, setSearch] = useSearchParams();
  // The first screen comes from the outline (objectives without KPI values or initiative
  // details); the full map follows right after it, so the two never compete for the server.
  // Neither goes through the normalised cache: at 1,000 objectives, 5,000 KPIs and 10,000
  // initiatives writing and reading the answers there took seconds of the main thread (most of
  // the map's time), and the map refetches on every graph change anyway.
  const outline = useQuery(
    PlanMapOutlineDocument,
    planId ? { variables: { id: planId }, fetchPolicy: 'no-cache' } : skipToken,
  );
  // The scorecard and the X-matrix draw nothing before the full map: asked for by name, they
  // read it at once, alongside the outline.
  const needsFull = ['bsc', 'x'].includes(search.get('view') ?? '');
  const { data, error, refetch } = useQuery(
    PlanMapDocument,
    planId && (needsFull || outline.data?.plan || outline.error)
      ? { variables: { id: planId }, fetchPolicy: 'no-cache' }
      : skipToken,
  );
  const { recent } = useRecentChanges(null, () => {
    void outline.refetch();
    void refetch();
  });
  useTitle('Strategy map');
  const [openState, setOpenState] = useState<OpenState | null>(null);
  const filter = useMemo(() => filterFromSearch(search), [search]);
  const full = data?.plan;
  const plan = full ?? outline.data?.plan;
  const all: readonly OutlineObjective[] = useMemo(() => plan?.objectives ?? [], [plan]);
  const filtered = useMemo(() => filterObjectives(all, filter), [all, filter]);
  const roots = useMemo(() => buildTree(filtered.objectives), [filtered]);
  const fullRoots = useMemo(
    () => (full && full === plan ? buildTree(filterObjectives(full.objectives, filter).objectives) : null),
    [full, plan, filter],
  );
  const details = useMemo(() => (full ? new Map(full.objectives.map((o) => [o.id, o])) : null), [full]);
  const choices = useMemo(() => filterChoices(all), [all]);
  if (!planId) return <Empty>No plan is visible to you yet.</Empty>;
  const failed = error ?? outline.error;
  if (failed && !plan) return <ErrorState error={failed} />;
  if (!plan) return <Loading />;
  const asked = search.get('view') as View | null;
  const view = asked && VIEWS.includes(asked) ? asked : defaultView(plan.framework);
  const counts = healthCounts(plan.objectives);
  const quarters = quartersOf(plan.periodStart, plan.periodEnd);
  const quarter = chooseQuarter(quarters, search.get('quarter'), new Date());
  const filtering = isFiltering(filter);
  const open: OpenState =
    openState ?? (all.length > LARGE_PLAN ? { all: false, ids: new Set() } : { all: true });
  const isOpen = (id: string) => filtering || open.all || open.ids.has(id);
  const toggle = (id: string) =>
    setOpenState(() => {
      const ids = new Set(open.all ? all.map((o) => o.id) : open.ids);
      if (isOpen(id)) ids.delete(id);
      else ids.add(id);
      return { all: false, ids };
    });
  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(search);
    next.set(key, value);
    setSearch(next, { replace: true });
  };
  return (
    <>
      <PageHeader
        eyebrow={<>Strategy map · {frameworkLabel(plan.framework)}</>}
        title={plan.name}
        subtitle={`${plan.objectives.length} objectives: ${counts.ON_TRACK} on track, ${counts.AT_RISK} at risk, ${counts.OFF_TRACK} off track, ${counts.NO_DATA} without data.`}
        actions={
          <>
            <PlanSwitcher planId={planId} onChange={(id) => navigate(`/map/${id}`)} />
            {view === 'okr' && quarters.length > 0 && (
              <label className="map-quarter">
                <span>Quarter</span>
                <select
                  className="input"
                  value={quarter?.key ?? ''}
                  onChange={(e) => setParam('quarter', e.target.value)}
                >
                  {quarters.map((q) => (
                    <option key={q.key} value={q.key}>
                      {q.label}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <Segmented<View>
              label="View"
              value={view}
              onChange={(v) => setParam('view', v)}
              options={[
                { value: 'tree', label: 'Tree' },
                { value: 'okr', label: 'OKR' },
                { value: 'bsc', label: 'Scorecard' },
                { value: 'x', label: 'X-matrix' },
              ]}
            />
          </>
        }
      />
      <MapToolbar
        filter={filter}
        onChange={(f) => setSearch(filterToSearch(f, search), { replace: true })}
        units={choices.units}
        owners={choices.owners}
        shown={filtered.matched.size}
        total={all.length}
        onExpandAll={view === 'tree' ? () => setOpenState({ all: true }) : undefined}
        onCollapseAll={view === 'tree' ? () => setOpenState({ all: false, ids: new Set() }) : undefined}
      />
      {view === 'tree' && (
        <section aria-label="Objective tree" className="card">
          <div className="card-head">
            <h2>Objectives, the KPIs that measure them and the initiatives that move them</h2>
          </div>
          {roots.length === 0 ? (
            <Empty>{filtering ? 'No objectives match.' : 'This plan has no objectives yet.'}</Empty>
          ) : (
            <ObjectiveTree
              roots={roots}
              details={details}
              isOpen={isOpen}
              onToggle={toggle}
              matched={filtering ? filtered.matched : null}
            />
          )}
        </section>
      )}
      {(view === 'bsc' || view === 'x') && !full && <Loading label="Loading KPIs and initiatives" />}
      {/* The OKR view needs only the outline's objectives and reads its key results itself, so
          it starts with the outline instead of waiting for the full map. */}
      {view === 'okr' && <OkrView planId={plan.id} objectives={filtered.objectives} quarter={quarter} />}
      {view === 'bsc' && full && fullRoots && (
        <ScorecardMap roots={fullRoots} all={full.objectives} links={full.causeLinks} recent={recent} />
      )}
      {view === 'x' && full && fullRoots && <XMatrixView roots={fullRoots} initiatives={full.initiatives} />}
    </>
  );
}
