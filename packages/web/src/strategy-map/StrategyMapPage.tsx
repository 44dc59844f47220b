import { PlanMapDocument } from '@throughline/shared/graphql';
import { skipToken, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { PlanSwitcher, usePlanId } from '../plan/PlanSwitcher';
import { Empty, ErrorState, HealthBadge, Loading, PageHeader, Segmented } from '../ui/components';
import { compactValue, formatValue, humanize } from '../ui/format';
import { healthCounts } from '../ui/health';
import { StatusChip } from '../ui/rows';
import { useTitle } from '../ui/useTitle';
import {
  buildTree,
  buildXMatrix,
  byPerspective,
  kpisUnder,
  type MapInitiative,
  type MapObjective,
  type TreeNode,
} from './plan-graph';
import './strategy-map.css';

type View = 'tree' | 'bsc' | 'x';

function defaultView(framework: string | undefined): View {
  return framework === 'BALANCED_SCORECARD' ? 'bsc' : framework === 'HOSHIN_KANRI' ? 'x' : 'tree';
}

/** The strategy map: objective tree, Balanced Scorecard perspectives, or Hoshin Kanri X-matrix. */
export default function StrategyMapPage() {
  const params = useParams();
  const navigate = useNavigate();
  const planId = usePlanId(params.planId);
  const [search, setSearch] = useSearchParams();
  const { data, error } = useQuery(PlanMapDocument, planId ? { variables: { id: planId } } : skipToken);
  useTitle('Strategy map');
  const [expanded, setExpanded] = useState(true);
  if (!planId) return <Empty>No plan is visible to you yet.</Empty>;
  if (error && !data) return <ErrorState error={error} />;
  if (!data?.plan) return <Loading />;
  const plan = data.plan;
  const view = (search.get('view') as View) ?? defaultView(plan.framework);
  const roots = buildTree(plan.objectives);
  const counts = healthCounts(plan.objectives);
  return (
    <>
      <PageHeader
        eyebrow={<>Strategy map · {humanize(plan.framework)}</>}
        title={plan.name}
        subtitle={`${plan.objectives.length} objectives: ${counts.ON_TRACK} on track, ${counts.AT_RISK} at risk, ${counts.OFF_TRACK} off track, ${counts.NO_DATA} without data.`}
        actions={
          <>
            <PlanSwitcher planId={planId} onChange={(id) => navigate(`/map/${id}`)} />
            <Segmented<View>
              label="View"
              value={view}
              onChange={(v) => setSearch({ view: v }, { replace: true })}
              options={[
                { value: 'tree', label: 'Tree' },
                { value: 'bsc', label: 'Scorecard' },
                { value: 'x', label: 'X-matrix' },
              ]}
            />
          </>
        }
      />
      {view === 'tree' && (
        <section aria-label="Objective tree" className="card">
          <div className="card-head">
            <h2>Objectives, the KPIs that measure them and the initiatives that move them</h2>
            <button type="button" className="btn btn-sm" onClick={() => setExpanded((e) => !e)}>
              {expanded ? 'Collapse all' : 'Expand all'}
            </button>
          </div>
          {roots.length === 0 ? (
            <Empty>This plan has no objectives yet.</Empty>
          ) : (
            <Tree nodes={roots} expanded={expanded} key={String(expanded)} />
          )}
        </section>
      )}
      {view === 'bsc' && <Scorecard roots={roots} all={plan.objectives} />}
      {view === 'x' && <XMatrixView roots={roots} initiatives={plan.initiatives} />}
    </>
  );
}

function KpiChip({ k }: { k: MapObjective['kpis'][number] }) {
  return (
    <Link
      to={`/kpis/${k.id}`}
      className="map-kpi"
      title={`${k.name}: ${formatValue(k.latest?.value, k.unitOfMeasure)} against ${formatValue(k.target, k.unitOfMeasure)}`}
    >
      <HealthBadge health={k.health} compact />
      <span className="map-kpi-name">{k.name}</span>
      <span className="map-kpi-val">
        {compactValue(k.latest?.value, k.unitOfMeasure)}
        <span className="faint"> / {compactValue(k.target, k.unitOfMeasure)}</span>
      </span>
    </Link>
  );
}

function Tree({ nodes, expanded }: { nodes: TreeNode[]; expanded: boolean }) {
  return (
    <ul className="tree" role="list">
      {nodes.map((n) => (
        <li key={n.id} className={`tree-node depth-${n.depth}`}>
          <details open={expanded || n.depth === 0}>
            <summary>
              <span className={`tree-health tree-${n.health}`} aria-hidden="true" />
              <span className="tree-title">
                <Link to={`/objectives/${n.id}`}>{n.title}</Link>
              </span>
              <HealthBadge health={n.health} />
              <span className="tree-meta">
                {n.unit.name} · {n.owner.name}
              </span>
            </summary>
            <div className="tree-body">
              {(n.kpis.length > 0 || n.initiatives.length > 0) && (
                <div className="tree-leaves">
                  {n.kpis.length > 0 && (
                    <div>
                      <div className="leaf-label">KPIs</div>
                      <div className="leaf-list">
                        {n.kpis.map((k) => (
                          <KpiChip key={k.id} k={k} />
                        ))}
                      </div>
                    </div>
                  )}
                  {n.initiatives.length > 0 && (
                    <div>
                      <div className="leaf-label">Initiatives</div>
                      <div className="leaf-list">
                        {n.initiatives.map((i) => (
                          <Link key={i.id} to={`/initiatives/${i.id}`} className="map-init">
                            <HealthBadge health={i.health} compact />
                            <span className="map-kpi-name">{i.title}</span>
                            <StatusChip status={i.status} />
                          </Link>
                        ))}
                      </div>
                    </div>
                  )}
                </div>
              )}
              {n.children.length > 0 && <Tree nodes={n.children} expanded={expanded} />}
            </div>
          </details>
        </li>
      ))}
    </ul>
  );
}

const PERSPECTIVE_HINT: Record<string, string> = {
  FINANCIAL: 'How do we look to shareholders?',
  CUSTOMER: 'How do customers see us?',
  INTERNAL_PROCESS: 'What must we excel at?',
  LEARNING_GROWTH: 'How do we keep improving?',
  OTHER: 'Objectives without a perspective',
};

function Scorecard({ roots, all }: { roots: TreeNode[]; all: MapObjective[] }) {
  const groups = byPerspective(roots, all);
  return (
    <div className="bsc">
      {groups.map((g) => (
        <section
          key={g.perspective}
          className={`bsc-row bsc-${g.perspective}`}
          aria-labelledby={`bsc-${g.perspective}`}
        >
          <header className="bsc-head">
            <h2 id={`bsc-${g.perspective}`}>
              {g.perspective === 'OTHER' ? 'Other' : humanize(g.perspective)}
            </h2>
            <p className="small faint">{PERSPECTIVE_HINT[g.perspective] ?? ''}</p>
          </header>
          <div className="bsc-cards">
            {g.objectives.length === 0 && <Empty>No objectives in this perspective.</Empty>}
            {g.objectives.map((o) => {
              const kpis = kpisUnder(o);
              return (
                <article key={o.id} className={`bsc-card bsc-card-${o.health}`}>
                  <div className="row items-start">
                    <h3 className="grow">
                      <Link to={`/objectives/${o.id}`}>{o.title}</Link>
                    </h3>
                    <HealthBadge health={o.health} />
                  </div>
                  <div className="small faint">
                    {o.owner.name} · {o.children.length} cascaded objective
                    {o.children.length === 1 ? '' : 's'}
                  </div>
                  <div className="leaf-list mt-2">
                    {kpis.slice(0, 5).map((k) => (
                      <KpiChip key={k.id} k={k} />
                    ))}
                    {kpis.length > 5 && <span className="small faint">+{kpis.length - 5} more KPIs</span>}
                  </div>
                </article>
              );
            })}
          </div>
        </section>
      ))}
    </div>
  );
}

function Dot({ on, label }: { on: boolean; label: string }) {
  return (
    <td className={`xm-cell${on ? ' on' : ''}`}>
      {on ? (
        <span role="img" aria-label={label}>
          ●
        </span>
      ) : (
        <span className="sr-only">no link</span>
      )}
    </td>
  );
}

function XMatrixView({ roots, initiatives }: { roots: TreeNode[]; initiatives: MapInitiative[] }) {
  const x = buildXMatrix(roots, initiatives);
  if (x.annual.length === 0) return <Empty>This plan has no objectives yet.</Empty>;
  const rootTitle = new Map(x.breakthrough.map((r) => [r.id, r]));
  return (
    <section className="card" aria-label="Hoshin Kanri X-matrix">
      <div className="card-head">
        <h2>X-matrix</h2>
        <span className="small faint">
          Breakthrough objectives → annual objectives → improvement priorities → targets to improve. ● marks a
          link.
        </span>
      </div>
      <div className="table-wrap">
        <table className="xm">
          <caption className="sr-only">
            Correlation of annual objectives with improvement priorities (initiatives) and targets (KPIs)
          </caption>
          <thead>
            <tr>
              <th scope="col" className="xm-group">
                Breakthrough objective
              </th>
              <th scope="col" className="xm-group">
                Annual objective
              </th>
              {x.priorities.map((p) => (
                <th key={p.id} scope="col" className="xm-rot xm-pri">
                  <div>
                    <Link to={`/initiatives/${p.id}`}>{p.title}</Link>
                  </div>
                </th>
              ))}
              {x.metrics.map((k) => (
                <th key={k.id} scope="col" className="xm-rot xm-met">
                  <div>
                    <Link to={`/kpis/${k.id}`}>{k.name}</Link>
                  </div>
                </th>
              ))}
            </tr>
            <tr className="xm-band">
              <td />
              <td />
              <td colSpan={x.priorities.length} className="xm-band-pri">
                Improvement priorities
              </td>
              <td colSpan={x.metrics.length} className="xm-band-met">
                Targets to improve
              </td>
            </tr>
          </thead>
          <tbody>
            {x.annual.map((a, idx) => {
              const first = idx === 0 || x.annual[idx - 1].rootId !== a.rootId;
              const span = x.annual.filter((b) => b.rootId === a.rootId).length;
              const root = rootTitle.get(a.rootId)!;
              return (
                <tr key={a.id} className={first ? 'xm-first' : ''}>
                  {first && (
                    <th scope="row" rowSpan={span} className="xm-root">
                      <HealthBadge health={root.health} compact /> {root.title}
                    </th>
                  )}
                  <th scope="row" className="xm-annual">
                    <HealthBadge health={a.health} compact />{' '}
                    <Link to={`/objectives/${a.id}`}>{a.title}</Link>
                  </th>
                  {x.priorities.map((p) => (
                    <Dot
                      key={p.id}
                      on={x.annualPriority.has(a.id + '|' + p.id)}
                      label={`${p.title} supports ${a.title}`}
                    />
                  ))}
                  {x.metrics.map((k) => (
                    <Dot
                      key={k.id}
                      on={x.annualMetric.has(a.id + '|' + k.id)}
                      label={`${k.name} measures ${a.title}`}
                    />
                  ))}
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={2} className="xm-foot">
                Health
              </th>
              {x.priorities.map((p) => (
                <td key={p.id} className="xm-cell">
                  <HealthBadge health={p.health} compact />
                </td>
              ))}
              {x.metrics.map((k) => (
                <td key={k.id} className="xm-cell">
                  <HealthBadge health={k.health} compact />
                </td>
              ))}
            </tr>
            <tr>
              <th scope="row" colSpan={2} className="xm-foot">
                Owner
              </th>
              {x.priorities.map((p) => (
                <td key={p.id} className="xm-owner">
                  {p.owner.name
                    .split(' ')
                    .map((s) => s[0])
                    .join('')}
                </td>
              ))}
              {x.metrics.map((k) => (
                <td key={k.id} />
              ))}
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}
