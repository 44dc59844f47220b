import { useState } from 'react';
import { Link } from 'react-router-dom';
import { HealthBadge } from '../ui/components';
import { StatusChip } from '../ui/rows';
import { KpiChip } from './KpiChip';
import { PAGE } from './map-filter';
import type { TreeNode } from './plan-graph';

/**
 * The objective tree. Only open nodes render their children (a collapsed subtree costs nothing),
 * and long lists of siblings come in pages, so a 1,000-objective plan opens quickly.
 */
export function ObjectiveTree({
  roots,
  isOpen,
  onToggle,
  matched,
}: {
  roots: TreeNode[];
  isOpen: (id: string) => boolean;
  onToggle: (id: string) => void;
  matched: ReadonlySet<string> | null;
}) {
  return <Level nodes={roots} isOpen={isOpen} onToggle={onToggle} matched={matched} />;
}

function Level({
  nodes,
  isOpen,
  onToggle,
  matched,
}: {
  nodes: TreeNode[];
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
                {n.children.length > 0 && (
                  <Level nodes={n.children} isOpen={isOpen} onToggle={onToggle} matched={matched} />
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
