import { Link } from 'react-router-dom';
import { Empty, HealthBadge } from '../ui/components';
import { StatusChip } from '../ui/rows';
import type { MapInitiative, TreeNode } from './plan-graph';
import { buildFullXMatrix, drawnPart, markOf, type Mark } from './x-matrix';
import { plural } from '../ui/format';
import './x-matrix.css';

function MarkCell({ mark, label }: { mark: Mark | null; label: string }) {
  return (
    <td className={`xm-cell${mark ? ` xm-${mark}` : ''}`}>
      {mark && (
        <span
          role="img"
          aria-label={`${label}: ${mark === 'strong' ? 'direct link' : 'through a cascaded objective'}`}
        >
          {mark === 'strong' ? '●' : '○'}
        </span>
      )}
    </td>
  );
}

/**
 * The Hoshin Kanri X-matrix in one table, drawn as the method does: improvement priorities above
 * the X, breakthrough objectives below it, annual objectives to its left and targets (KPIs) to its
 * right, resources at the far right; each corner marks the correlations of its two neighbours.
 */
export function XMatrixView({ roots, initiatives }: { roots: TreeNode[]; initiatives: MapInitiative[] }) {
  const x = buildFullXMatrix(roots, initiatives);
  if (x.annual.length === 0) return <Empty>This plan has no objectives yet.</Empty>;
  const part = drawnPart(x);
  const A = part.annual;
  const T = part.targets;
  const O = part.owners;
  const left = [
    part.left.breakthrough > 0 && plural(part.left.breakthrough, 'breakthrough objective'),
    part.left.annual > 0 && plural(part.left.annual, 'annual objective'),
    part.left.priorities > 0 && plural(part.left.priorities, 'priority', 'priorities'),
    part.left.targets > 0 && plural(part.left.targets, 'target'),
  ].filter(Boolean);
  return (
    <section className="card" aria-labelledby="xm-title">
      <div className="card-head">
        <h2 id="xm-title">X-matrix</h2>
        <span className="small faint">● a direct link · ○ a link through a cascaded objective</span>
      </div>
      {left.length > 0 && (
        <p className="banner banner-warn" role="status">
          This plan is larger than one X-matrix can show: {left.join(', ')} are not drawn. Narrow it with the
          filters above (a unit, an owner or a search), or read the tree view.
        </p>
      )}
      <div className="table-wrap xm-wrap" role="region" aria-label="X-matrix table" tabIndex={0}>
        <table className="xmx">
          <caption className="sr-only">
            Hoshin Kanri X-matrix: improvement priorities (initiatives) above, breakthrough objectives below,
            annual objectives left, targets to improve (KPIs) right, resources far right.
          </caption>
          <tbody>
            {part.priorities.map((p, idx) => (
              <tr key={p.id} className={`xm-north${idx === 0 ? ' xm-first' : ''}`}>
                {A.map((a) => (
                  <MarkCell
                    key={a.id}
                    mark={markOf(x.annualPriority, a.id, p.id)}
                    label={`${p.title} and ${a.title}`}
                  />
                ))}
                <th scope="row" className="xm-centre-label xm-priority">
                  <HealthBadge health={p.health} compact /> <Link to={`/initiatives/${p.id}`}>{p.title}</Link>{' '}
                  <StatusChip status={p.status} />
                </th>
                {T.map((k) => (
                  <MarkCell
                    key={k.id}
                    mark={markOf(x.priorityTarget, p.id, k.id)}
                    label={`${p.title} moves ${k.name}`}
                  />
                ))}
                {O.map((o) => (
                  <MarkCell
                    key={o.id}
                    mark={markOf(x.priorityOwner, p.id, o.id)}
                    label={`${o.name} owns ${p.title}`}
                  />
                ))}
              </tr>
            ))}
            <tr className="xm-axis">
              {A.map((a) => (
                <th key={a.id} scope="col" className="xm-rot xm-west">
                  <div>
                    <HealthBadge health={a.health} compact />{' '}
                    <Link to={`/objectives/${a.id}`}>{a.title}</Link>
                  </div>
                </th>
              ))}
              <td className="xm-x">
                <svg
                  viewBox="0 0 200 200"
                  role="img"
                  aria-label="The X: priorities above, breakthrough objectives below, annual objectives left, targets right"
                >
                  <line x1="0" y1="0" x2="200" y2="200" />
                  <line x1="200" y1="0" x2="0" y2="200" />
                  <text x="100" y="40">
                    Improvement priorities
                  </text>
                  <text x="100" y="170">
                    Breakthrough objectives
                  </text>
                  <text x="40" y="104" className="xm-x-side">
                    Annual objectives
                  </text>
                  <text x="160" y="104" className="xm-x-side">
                    Targets to improve
                  </text>
                </svg>
              </td>
              {T.map((k) => (
                <th key={k.id} scope="col" className="xm-rot xm-east">
                  <div>
                    <HealthBadge health={k.health} compact /> <Link to={`/kpis/${k.id}`}>{k.name}</Link>
                  </div>
                </th>
              ))}
              {O.map((o) => (
                <th key={o.id} scope="col" className="xm-rot xm-resource">
                  <div>{o.name}</div>
                </th>
              ))}
            </tr>
            {part.breakthrough.map((b, idx) => (
              <tr key={b.id} className={`xm-south${idx === 0 ? ' xm-first' : ''}`}>
                {A.map((a) => (
                  <MarkCell
                    key={a.id}
                    mark={markOf(x.breakthroughAnnual, b.id, a.id)}
                    label={`${a.title} serves ${b.title}`}
                  />
                ))}
                <th scope="row" className="xm-centre-label xm-breakthrough">
                  <HealthBadge health={b.health} compact /> <Link to={`/objectives/${b.id}`}>{b.title}</Link>
                </th>
                {T.map((k) => (
                  <MarkCell
                    key={k.id}
                    mark={markOf(x.breakthroughTarget, b.id, k.id)}
                    label={`${k.name} measures ${b.title}`}
                  />
                ))}
                {O.length > 0 && <td colSpan={O.length} className="xm-blank" />}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="small faint xm-legend">
        Corners: annual objectives × priorities (top left), priorities × targets (top right), breakthrough ×
        annual objectives (bottom left), breakthrough objectives × targets (bottom right); far right, who owns
        each priority.
      </p>
    </section>
  );
}
