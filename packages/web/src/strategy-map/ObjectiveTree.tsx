import { createContext, useContext, useEffect, useMemo, useRef, useState } from 'react';
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
  const large = useMemo(() => countNodes(roots) > LARGE_TREE, [roots]);
  const [near, setNear] = useState<NearViewport | null>(null);
  useEffect(() => {
    if (!large || typeof IntersectionObserver === 'undefined') return;
    const watcher = new NearViewport();
    setNear(watcher);
    return () => {
      watcher.disconnect();
      setNear(null);
    };
  }, [large]);
  const tree = (
    <Level nodes={roots} details={details} isOpen={isOpen} onToggle={onToggle} matched={matched} />
  );
  // A large tree skips rows off screen (see .tree-offscreen-skipped) and draws an open row's KPIs
  // and initiatives when it nears the viewport ("Expand all" on 1,000 objectives would otherwise
  // build 15,000 chips at once); a small one is drawn whole, so a full-page screenshot or a
  // scroll never meets a row still being drawn.
  if (!large) return tree;
  return (
    <NearViewportContext.Provider value={near}>
      <div className="tree-offscreen-skipped">{tree}</div>
    </NearViewportContext.Provider>
  );
}

/** Calls back once when an element comes within 800px of the viewport: one observer for the whole tree. */
class NearViewport {
  private readonly callbacks = new Map<Element, () => void>();
  private readonly observer = new IntersectionObserver(
    (entries) => {
      for (const e of entries) {
        const cb = e.isIntersecting ? this.callbacks.get(e.target) : undefined;
        if (!cb) continue;
        this.forget(e.target);
        cb();
      }
    },
    { rootMargin: '800px 0px' },
  );

  watch(el: Element, cb: () => void): () => void {
    this.callbacks.set(el, cb);
    this.observer.observe(el);
    return () => this.forget(el);
  }

  private forget(el: Element) {
    if (this.callbacks.delete(el)) this.observer.unobserve(el);
  }

  disconnect() {
    this.callbacks.clear();
    this.observer.disconnect();
  }
}

const NearViewportContext = createContext<NearViewport | null>(null);

/** Above this many objectives, rows off screen are not drawn until scrolled near. */
export const LARGE_TREE = 200;

function countNodes(nodes: Node[]): number {
  let n = 0;
  for (const node of nodes) n += 1 + countNodes(node.children);
  return n;
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
                  <LeavesWhenNear o={details.get(n.id)} />
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

/**
 * In a large tree, an open objective's leaves are drawn when they near the viewport; until then a
 * spacer of about their height keeps the scrollbar honest.
 */
function LeavesWhenNear({ o }: { o: MapObjective | undefined }) {
  const near = useContext(NearViewportContext);
  const spacer = useRef<HTMLDivElement>(null);
  const [drawn, setDrawn] = useState(false);
  useEffect(() => {
    if (drawn || !near || !spacer.current) return;
    return near.watch(spacer.current, () => setDrawn(true));
  }, [drawn, near]);
  if (drawn || !near || !o) return <Leaves o={o} />;
  const rows = Math.max(o.kpis.length, o.initiatives.length);
  return (
    <div
      ref={spacer}
      className="tree-leaves-pending"
      style={{ minHeight: 28 + rows * 27 }}
      aria-hidden="true"
    />
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
