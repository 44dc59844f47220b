import type { Direction, PlanEditorQuery } from '@throughline/shared/graphql';
import { useId, useRef, type CSSProperties } from 'react';
import { Link } from 'react-router-dom';
import { ChangedBy } from '../live/ChangedBy';
import type { RecentChange } from '../live/recent-changes';
import { HealthBadge } from '../ui/components';
import { humanize } from '../ui/format';
import { ArchiveObjectivePanel } from './ArchiveObjectivePanel';
import { KpiForm, ObjectiveForm, TargetForm } from './forms';
import { NewObjectiveForm } from './NewObjectiveForm';
import type { TreeRow } from './plan-tree';
import { QuickInitiativeForm } from './QuickInitiativeForm';
import { QuickKpiForm } from './QuickKpiForm';

export type EditorObjective = NonNullable<PlanEditorQuery['plan']>['objectives'][number];

/** Which form is open on the page (one at a time): on an objective, or on one of its KPIs. */
export type OpenPanel =
  | { id: string; kind: 'edit' | 'child' | 'kpi' | 'initiative' | 'archive' }
  | { id: string; kind: 'kpiEdit'; kpiId: string };

/** What a row may ask the page to do; the page runs the mutations' follow-ups and the undo. */
export interface RowActions {
  open: (panel: OpenPanel | null) => void;
  toggle: (id: string) => void;
  move: (o: EditorObjective, by: -1 | 1) => void;
  saved: (o: EditorObjective, changed: Record<string, unknown>, version: number) => void;
  createdObjective: (created: { id: string; title: string; version: number }) => void;
  createdKpi: (o: EditorObjective, kpi: { id: string; name: string; version: number }) => void;
  kpiDone: (kpiId: string | null) => void;
  createdInitiative: (o: EditorObjective, created: { id: string; title: string; version: number }) => void;
  archived: (o: EditorObjective, version: number) => void;
  refetch: () => void;
}

/**
 * One objective of the plan editor: its health, title, owner and unit, the controls the viewer
 * may use (edit, add below, add KPI, add initiative, move up/down, archive), its KPIs and
 * initiatives, and the open form if any. Marked briefly when someone else just changed it.
 */
export function ObjectiveRow({
  row,
  planId,
  units,
  parents,
  panel,
  reordering,
  recent,
  actions,
}: {
  row: TreeRow<EditorObjective>;
  planId: string;
  units: readonly { id: string; name: string }[];
  parents: () => { id: string; title: string }[];
  panel: OpenPanel | null;
  reordering: boolean;
  recent: (id: string) => RecentChange | null;
  actions: RowActions;
}) {
  const o = row.objective;
  const titleId = useId();
  const titleRef = useRef<HTMLAnchorElement>(null);
  const mine = panel?.id === o.id ? panel : null;
  const can = o.viewerCan;
  const change = recent(o.id);
  const toggle = (kind: 'edit' | 'child' | 'kpi' | 'initiative' | 'archive') =>
    actions.open(mine?.kind === kind ? null : { id: o.id, kind });
  const close = () => {
    actions.open(null);
    titleRef.current?.focus();
  };
  return (
    <li
      className={`plan-objective${change ? ' just-changed' : ''}${row.match ? '' : ' plan-objective-context'}`}
      style={{ '--depth': row.depth } as CSSProperties}
      data-objective-id={o.id}
    >
      <div className="plan-objective-head">
        {row.childCount > 0 ? (
          <button
            type="button"
            className="btn btn-sm btn-ghost tree-toggle"
            aria-expanded={row.expanded}
            aria-label={row.expanded ? 'Collapse' : 'Expand'}
            aria-describedby={titleId}
            onClick={() => actions.toggle(o.id)}
          >
            <span aria-hidden="true">{row.expanded ? '▾' : '▸'}</span>
          </button>
        ) : (
          <span className="tree-toggle-spacer" />
        )}
        <HealthBadge health={o.health} compact />
        <Link to={`/objectives/${o.id}`} className="title grow" id={titleId} ref={titleRef} data-focus={o.id}>
          {o.title}
        </Link>
        <ChangedBy change={change} />
        <span className="small faint nowrap plan-objective-who">
          {o.owner.name} · {o.unit.name}
          {row.childCount > 0 && !row.expanded ? ` · ${row.childCount} below` : ''}
        </span>
      </div>
      {(can.edit || can.addChild || can.archive) && (
        <div className="plan-objective-actions" role="group" aria-label={`Actions on “${o.title}”`}>
          {can.edit && (
            <button
              type="button"
              className="btn btn-sm"
              aria-expanded={mine?.kind === 'edit'}
              onClick={() => toggle('edit')}
            >
              Edit
            </button>
          )}
          {can.addChild && (
            <>
              <button
                type="button"
                className="btn btn-sm btn-ghost"
                aria-expanded={mine?.kind === 'child'}
                onClick={() => toggle('child')}
              >
                Add objective below
              </button>
              <button
                type="button"
                className="btn btn-sm btn-ghost"
                aria-expanded={mine?.kind === 'kpi'}
                onClick={() => toggle('kpi')}
              >
                Add KPI
              </button>
              <button
                type="button"
                className="btn btn-sm btn-ghost"
                aria-expanded={mine?.kind === 'initiative'}
                onClick={() => toggle('initiative')}
              >
                Add initiative
              </button>
            </>
          )}
          {can.edit && (
            <>
              <button
                type="button"
                className="btn btn-sm btn-ghost"
                aria-label="Move up"
                aria-describedby={titleId}
                title="Move up"
                disabled={row.index === 0 || reordering}
                onClick={() => actions.move(o, -1)}
              >
                <span aria-hidden="true">↑</span>
              </button>
              <button
                type="button"
                className="btn btn-sm btn-ghost"
                aria-label="Move down"
                aria-describedby={titleId}
                title="Move down"
                disabled={row.index >= row.siblings - 1 || reordering}
                onClick={() => actions.move(o, 1)}
              >
                <span aria-hidden="true">↓</span>
              </button>
            </>
          )}
          {can.archive && (
            <button
              type="button"
              className="btn btn-sm btn-ghost"
              aria-expanded={mine?.kind === 'archive'}
              onClick={() => toggle('archive')}
            >
              Archive
            </button>
          )}
        </div>
      )}
      {mine && mine.kind !== 'kpiEdit' && (
        <div className="edit-panel">
          {mine.kind === 'edit' && (
            <ObjectiveForm
              objective={o}
              units={units}
              parents={parents()}
              onCancel={close}
              onSaved={(changed, saved) => actions.saved(o, changed, saved.version)}
            />
          )}
          {mine.kind === 'child' && (
            <NewObjectiveForm
              planId={planId}
              parent={o}
              units={units}
              onCreated={actions.createdObjective}
              onCancel={close}
            />
          )}
          {mine.kind === 'kpi' && (
            <QuickKpiForm
              objective={o}
              units={units}
              onCreated={(k) => actions.createdKpi(o, k)}
              onDone={(kpiId) => (kpiId ? actions.kpiDone(kpiId) : close())}
            />
          )}
          {mine.kind === 'initiative' && (
            <QuickInitiativeForm
              planId={planId}
              objective={o}
              units={units}
              onCreated={(created) => actions.createdInitiative(o, created)}
              onCancel={close}
            />
          )}
          {mine.kind === 'archive' && (
            <ArchiveObjectivePanel
              objective={o}
              onArchived={(a) => actions.archived(o, a.version)}
              onCancel={close}
            />
          )}
        </div>
      )}
      {o.kpis.length > 0 && (
        <ul className="plan-kpis" aria-label={`KPIs of “${o.title}”`}>
          {o.kpis.map((k) => {
            const editing = mine?.kind === 'kpiEdit' && mine.kpiId === k.id;
            const kChange = recent(k.id);
            return (
              <li key={k.id} className={kChange ? 'just-changed' : undefined} data-kpi-id={k.id}>
                <div className="row">
                  <span className="plan-kind">KPI</span>
                  <HealthBadge health={k.health} compact />
                  <Link to={`/kpis/${k.id}`} className="grow" data-focus={k.id}>
                    {k.name}
                  </Link>
                  <ChangedBy change={kChange} />
                  <span className="small faint hide-narrow">
                    {k.owner.name} · {k.unitOfMeasure} · {humanize(k.direction as Direction)}
                  </span>
                  {k.viewerCan.edit && (
                    <button
                      type="button"
                      className="btn btn-sm btn-ghost"
                      aria-expanded={editing}
                      onClick={() =>
                        actions.open(editing ? null : { id: o.id, kind: 'kpiEdit', kpiId: k.id })
                      }
                    >
                      {editing ? 'Close' : 'Edit KPI & target'}
                    </button>
                  )}
                </div>
                {editing && k.viewerCan.edit && (
                  <div className="edit-panel stack">
                    <KpiForm key={k.version} kpi={k} onSaved={actions.refetch} />
                    <hr className="divider" />
                    <h3>Target for a period</h3>
                    <TargetForm kpi={k} onSaved={actions.refetch} />
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {o.initiatives.length > 0 && (
        <ul className="plan-kpis plan-initiatives" aria-label={`Initiatives of “${o.title}”`}>
          {o.initiatives.map((i) => {
            const iChange = recent(i.id);
            return (
              <li key={i.id} className={iChange ? 'just-changed' : undefined} data-initiative-id={i.id}>
                <div className="row">
                  <span className="plan-kind">Initiative</span>
                  <HealthBadge health={i.health} compact />
                  <Link to={`/initiatives/${i.id}`} className="grow" data-focus={i.id}>
                    {i.title}
                  </Link>
                  <ChangedBy change={iChange} />
                  <span className="small faint hide-narrow">
                    {i.owner.name} · {humanize(i.status)}
                  </span>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </li>
  );
}
