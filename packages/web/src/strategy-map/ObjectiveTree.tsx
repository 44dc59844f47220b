import { useState } from 'react';
import { Link } from 'react-router-dom';
import { HealthBadge } from '../ui/components';
import { StatusChip } from '../ui/rows';
import { KpiChip } from './KpiChip';
import { PAGE } from './map-filter';
import type { MapObjective, OutlineObjective, TreeNode } from './plan-graph';

type Node = TreeNode<OutlineObjective>;
type Details = ReadonlyMap<string, MapObjective> | null;

/**
 * The objective tree. Only open nodes render their children (a collapsed subtree costs nothing),
 * and long lists of siblings come in pages, so a 1,000-objective plan opens quickly. The rows
 * need only the outline; an open objective's KPIs and initiatives come from `details` (the full
 * map), and say they are loading until it is there.
 */
export function ObjectiveTree({
  roots,
  details,
  isOpen,
  onToggle,
  matched,
}: {
  roots: Node[];
  details: Details;
  isOpen: (id: string) => boolean;
  onToggle: (id: string) => void;
  matched: ReadonlySet<string> | null;
}) {
  return <Level nodes={roots} details={details} isOpen={isOpen} onToggle={onToggle} matched={matched} />;
}

function Level({
  nodes,
  details,
  isOpen,
  onToggle,
  matched,
}: {
  nodes: Node[];
  details: Details;
  isOpen: (id: string) => boolean;
  onToggle: (id: string) => void;
  matched: ReadonlySet<string> | null;
}) {
  const [shown, setShown] = useState(PAGE);
  const rest = nodes.length - shown;
  return (
    <ul className="tree" role="list">
      {nodes.slice(0, shown).map((n) => {
        const open = isOpen(n.id);
        const hasBody = n.children.length > 0 || n.kpis.length > 0 || n.initiatives.length > 0;
        return (
          <li key={n.id} className={`tree-node depth-${n.depth}${matched?.has(n.id) ? ' tree-match' : ''}`}>
            <div className="tree-row">
              {hasBody ? (
                <button
                  type="button"
                  className="tree-toggle"
                  aria-expanded={open}
                  aria-label={`${open ? 'Collapse' : 'Expand'} ${n.title}`}
                  onClick={() => onToggle(n.id)}
                >
                  <span aria-hidden="true">{open ? '▾' : '▸'}</span>
                </button>
              ) : (
                <span className="tree-toggle-spacer" />
              )}
              <span className={`tree-health tree-${n.health}`} aria-hidden="true" />
              <span className="tree-title">
                <Link to={`/objectives/${n.id}`}>{n.title}</Link>
              </span>
              <HealthBadge health={n.health} />
              <span className="tree-meta">
                {n.unit.name} · {n.owner.name}
                {!open && n.children.length > 0 && <> · {n.children.length} below</>}
              </span>
            </div>
            {open && hasBody && (
              <div className="tree-body">
                {(n.kpis.length > 0 || n.initiatives.length > 0) && !details && (
                  <p className="tree-leaves small faint">Loading KPIs and initiatives…</p>
                )}
                {(n.kpis.length > 0 || n.initiatives.length > 0) && details && (
                  <Leaves o={details.get(n.id)} />
                )}
                {n.children.length > 0 && (
                  <Level
                    nodes={n.children}
                    details={details}
                    isOpen={isOpen}
                    onToggle={onToggle}
                    matched={matched}
                  />
                )}
              </div>
            )}
          </li>
        );
      })}
      {rest > 0 && (
        <li className="tree-more">
          <button type="button" className="btn btn-sm" onClick={() => setShown((s) => s + PAGE)}>
            Show {Math.min(rest, PAGE)} more of {rest}
          </button>
        </li>
      )}
    </ul>
  );
}

/** An open objective's KPIs (with values) and initiatives, from the full map. */
function Leaves({ o }: { o: MapObjective | undefined }) {
  if (!o) return null;
  return (
    <div className="tree-leaves">
      {o.kpis.length > 0 && (
        <div>
          <div className="leaf-label">KPIs</div>
          <div className="leaf-list">
            {o.kpis.map((k) => (
              <KpiChip key={k.id} k={k} />
            ))}
          </div>
        </div>
      )}
      {o.initiatives.length > 0 && (
        <div>
          <div className="leaf-label">Initiatives</div>
          <div className="leaf-list">
            {o.initiatives.map((i) => (
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
  );
}
