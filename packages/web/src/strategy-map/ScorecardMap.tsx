import { useMutation } from '@apollo/client/react';
import { PlanMapDocument, UnlinkObjectiveCauseDocument } from '@throughline/shared/graphql';
import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { fieldErrors } from '../graphql/errors';
import { ChangedBy } from '../live/ChangedBy';
import type { RecentChange } from '../live/recent-changes';
import { Empty, HealthBadge } from '../ui/components';
import { FormError } from '../ui/form';
import { humanize } from '../ui/format';
import { useDrawArrow } from './use-draw-link';
import { arrowPath, type Box } from './cause-arrows';
import { CauseLinkForm } from './CauseLinkForm';
import { KpiChip } from './KpiChip';
import { byPerspective, kpisUnder, type MapCauseLink, type MapObjective, type TreeNode } from './plan-graph';
import './scorecard.css';

const PERSPECTIVE_HINT: Record<string, string> = {
  FINANCIAL: 'How do we look to shareholders?',
  CUSTOMER: 'How do customers see us?',
  INTERNAL_PROCESS: 'What must we excel at?',
  LEARNING_GROWTH: 'How do we keep improving?',
  OTHER: 'Objectives without a perspective',
};

interface Arrow {
  id: string;
  d: string;
}

/**
 * The Balanced Scorecard strategy map: objectives by perspective (financial on top, learning &
 * growth at the bottom) with cause-and-effect arrows between them. Editors draw an arrow by
 * picking the cause, then the effect (buttons on the cards, or the form below), and remove one
 * from the list; both go through the versioned mutations.
 */
export function ScorecardMap({
  roots,
  all,
  links,
  recent,
}: {
  roots: TreeNode[];
  all: MapObjective[];
  links: MapCauseLink[];
  recent: (id: string) => RecentChange | null;
}) {
  const groups = byPerspective(roots, all);
  const byId = new Map(all.map((o) => [o.id, o]));
  const title = (id: string) => byId.get(id)?.title ?? 'an objective';
  const canEdit = (id: string) => !!byId.get(id)?.viewerCan?.edit;
  const mayDraw = all.some((o) => o.viewerCan?.edit);
  const [from, setFrom] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const draw = useDrawArrow();
  const [unlink] = useMutation(UnlinkObjectiveCauseDocument);

  // Each objective's card: itself if shown as a card, else its nearest ancestor that is.
  const shown = new Set(roots.map((r) => r.id));
  const cardOf = (id: string): string | null => {
    let cur = byId.get(id);
    for (let i = 0; cur && i < 50; i++) {
      if (shown.has(cur.id)) return cur.id;
      cur = cur.parent ? byId.get(cur.parent.id) : undefined;
    }
    return null;
  };

  const box = useRef<HTMLDivElement>(null);
  const [arrows, setArrows] = useState<{ w: number; h: number; list: Arrow[] }>({ w: 0, h: 0, list: [] });
  const pairs = links
    .map((l) => ({ id: l.id, a: cardOf(l.cause.id), b: cardOf(l.effect.id) }))
    .filter((p) => p.a && p.b && p.a !== p.b) as { id: string; a: string; b: string }[];
  const pairKey = pairs.map((p) => `${p.id}:${p.a}:${p.b}`).join('|');
  const measure = useCallback(() => {
    const el = box.current;
    if (!el) return;
    const origin = el.getBoundingClientRect();
    const boxes = new Map<string, Box>();
    el.querySelectorAll<HTMLElement>('[data-card]').forEach((c) => {
      const r = c.getBoundingClientRect();
      boxes.set(c.dataset.card!, { x: r.left - origin.left, y: r.top - origin.top, w: r.width, h: r.height });
    });
    const list = pairs
      .filter((p) => boxes.has(p.a) && boxes.has(p.b))
      .map((p) => ({ id: p.id, d: arrowPath(boxes.get(p.a)!, boxes.get(p.b)!) }));
    setArrows({ w: el.scrollWidth, h: el.scrollHeight, list });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pairKey]);
  useLayoutEffect(() => {
    measure();
    const el = box.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => measure());
    ro.observe(el);
    return () => ro.disconnect();
  }, [measure, roots.length]);

  async function pickEffect(effectId: string) {
    if (!from) return;
    setError(null);
    const problem = await draw(from, effectId);
    if (problem) setError(problem);
    else setStatus(`Arrow drawn: ${title(from)} → ${title(effectId)}.`);
    setFrom(null);
  }

  async function remove(l: MapCauseLink) {
    setError(null);
    try {
      await unlink({
        variables: { id: l.id, version: l.version },
        refetchQueries: [PlanMapDocument],
        awaitRefetchQueries: true,
      });
      setStatus(`Arrow removed: ${title(l.cause.id)} → ${title(l.effect.id)}.`);
    } catch (e) {
      const f = fieldErrors(e);
      setError(Object.values(f)[0] ?? 'The arrow could not be removed.');
    }
  }

  const options = [...all].sort((a, b) => a.title.localeCompare(b.title));
  return (
    <div className="scorecard">
      {mayDraw && (
        <p className="small scorecard-help">
          {from ? (
            <>
              Drawing from <strong>{title(from)}</strong>: choose “Draw arrow to here” on the objective it
              drives.
            </>
          ) : (
            <>To draw an arrow, choose “Draw arrow from here” on the cause, then the effect.</>
          )}
        </p>
      )}
      <div className="sr-only" role="status">
        {status}
      </div>
      <FormError message={error} />
      <div className="bsc" ref={box}>
        <svg
          className="bsc-arrows"
          aria-hidden="true"
          width={arrows.w}
          height={arrows.h}
          viewBox={`0 0 ${arrows.w || 1} ${arrows.h || 1}`}
        >
          <defs>
            <marker
              id="bsc-arrowhead"
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path d="M 0 0 L 10 5 L 0 10 z" className="bsc-arrowhead" />
            </marker>
          </defs>
          {arrows.list.map((a) => (
            <path key={a.id} d={a.d} className="bsc-arrow" markerEnd="url(#bsc-arrowhead)" data-link={a.id} />
          ))}
        </svg>
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
                const change = recent(o.id);
                return (
                  <article
                    key={o.id}
                    data-card={o.id}
                    className={`bsc-card bsc-card-${o.health}${from === o.id ? ' bsc-card-from' : ''}${change ? ' just-changed' : ''}`}
                  >
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
                    <ChangedBy change={change} />
                    <div className="leaf-list mt-2">
                      {kpis.slice(0, 4).map((k) => (
                        <KpiChip key={k.id} k={k} />
                      ))}
                      {kpis.length > 4 && <span className="small faint">+{kpis.length - 4} more KPIs</span>}
                    </div>
                    {mayDraw && (
                      <div className="bsc-draw">
                        {!from && (
                          <button type="button" className="btn btn-sm" onClick={() => setFrom(o.id)}>
                            Draw arrow from here
                          </button>
                        )}
                        {from === o.id && (
                          <button type="button" className="btn btn-sm" onClick={() => setFrom(null)}>
                            Cancel arrow
                          </button>
                        )}
                        {from && from !== o.id && canEdit(o.id) && (
                          <button
                            type="button"
                            className="btn btn-sm btn-primary"
                            onClick={() => void pickEffect(o.id)}
                          >
                            Draw arrow to here
                          </button>
                        )}
                      </div>
                    )}
                  </article>
                );
              })}
            </div>
          </section>
        ))}
      </div>
      <section className="card cause-links" aria-labelledby="cause-links-title">
        <div className="card-head">
          <h2 id="cause-links-title">Cause and effect</h2>
          <span className="small faint">
            {links.length} arrow{links.length === 1 ? '' : 's'}: each says progress on one objective drives
            another.
          </span>
        </div>
        {links.length === 0 ? (
          <Empty>No cause-and-effect arrows yet.</Empty>
        ) : (
          <ul className="cause-list" role="list">
            {links.map((l) => (
              <li key={l.id} className="cause-item" data-link={l.id}>
                <span className="cause-text">
                  <Link to={`/objectives/${l.cause.id}`}>{title(l.cause.id)}</Link>
                  <span aria-hidden="true"> → </span>
                  <span className="sr-only"> drives </span>
                  <Link to={`/objectives/${l.effect.id}`}>{title(l.effect.id)}</Link>
                  {l.note && <span className="small faint"> · {l.note}</span>}
                  {l.createdBy && <span className="small faint"> · drawn by {l.createdBy.name}</span>}
                </span>
                {canEdit(l.effect.id) && (
                  <button
                    type="button"
                    className="btn btn-sm"
                    aria-label={`Remove arrow ${title(l.cause.id)} → ${title(l.effect.id)}`}
                    onClick={() => void remove(l)}
                  >
                    Remove arrow
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
        {mayDraw && (
          <CauseLinkForm
            causes={options.map((o) => ({ id: o.id, label: o.title }))}
            effects={options.filter((o) => o.viewerCan?.edit).map((o) => ({ id: o.id, label: o.title }))}
            onDone={setStatus}
          />
        )}
      </section>
    </div>
  );
}
