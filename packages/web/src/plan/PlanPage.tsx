import {
  ArchiveInitiativeFromPlanDocument,
  ArchiveKpiFromPlanDocument,
  ArchiveObjectiveDocument,
  ArchivedObjectivesDocument,
  EditObjectiveDocument,
  PlanEditorDocument,
  RestoreObjectiveDocument,
  UnlinkKpiFromPlanDocument,
  type ArchivedObjectivesQuery,
} from '@throughline/shared/graphql';
import { skipToken, useMutation, useQuery } from '@apollo/client/react';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { planDocumentName } from '@throughline/shared';
import { useViewer } from '../app-shell/viewer';
import { usePlanPresence } from '../live/presence';
import { PresenceBar } from '../live/PresenceBar';
import { useRecentChanges } from '../live/recent-changes';
import { apiErrors } from '../graphql/errors';
import { Card, Empty, ErrorState, Loading, PageHeader } from '../ui/components';
import { formatDate, formatTime, humanizeLower } from '../ui/format';
import { useTitle } from '../ui/useTitle';
import { ArchivedObjectives } from './ArchivedObjectives';
import { LinkKpiForm } from './LinkKpiForm';
import { NewObjectiveForm } from './NewObjectiveForm';
import { ObjectiveRow, type EditorObjective, type OpenPanel, type RowActions } from './ObjectiveRow';
import { childrenByParent, NO_FILTER, subtreeIds, visibleRows, type PlanFilter } from './plan-tree';
import { PlanSwitcher, usePlanId } from './PlanSwitcher';
import { PlanToolbar } from './PlanToolbar';
import { UndoBar } from './UndoBar';
import { useUndo } from './undo';
import type { GraphChange } from './useGraphChanged';
import './plan.css';
import { frameworkLabel } from '../plans/frameworks';

const DocumentSection = lazy(() => import('../collab/DocumentSection'));

/** Above this many objectives the tree opens collapsed to its top level. */
const OPEN_ALL_UP_TO = 150;
/** Rows drawn at once; "Show more" draws the next ones. */
const PAGE = 250;

type Archived = ArchivedObjectivesQuery['archivedObjectives'][number];

/** What the page offers this viewer, in one sentence: only what they may actually do. */
function planSubtitle(editsPlan: boolean, editsSome: boolean): string {
  if (editsPlan)
    return "Build the plan together: objectives, KPIs and initiatives on one page; every saved change appears on everyone's screen.";
  if (editsSome)
    return 'The narrative is read-only for you; you may change the objectives and KPIs that show their controls. Every saved change appears here live.';
  return 'The plan as it stands: read-only for you. Every saved change appears here live.';
}

/** What the other people on the plan see this viewer editing. */
function editingLabel(panel: OpenPanel, o: EditorObjective | undefined): string {
  const t = `“${o?.title ?? ''}”`;
  switch (panel.kind) {
    case 'edit':
    case 'archive':
      return `Objective ${t}`;
    case 'child':
      return `a new objective under ${t}`;
    case 'kpi':
      return `a new KPI under ${t}`;
    case 'initiative':
      return `a new initiative under ${t}`;
    case 'kpiEdit':
      return `KPI “${o?.kpis.find((k) => k.id === panel.kpiId)?.name ?? ''}”`;
  }
}

/**
 * The plan editor: where a leadership team builds the plan during a review — the co-edited
 * narrative, then the objectives tree with quick-add of objectives, KPIs and initiatives, moves,
 * reorders, archive (with its impact) and restore, undo of one's own last structural change,
 * live marks of what others changed, and collapse/search/filters for large plans.
 */
export default function PlanPage() {
  const params = useParams();
  const navigate = useNavigate();
  const { viewer } = useViewer();
  const planId = usePlanId(params.planId);
  const { data, error, refetch } = useQuery(
    PlanEditorDocument,
    planId ? { variables: { id: planId } } : skipToken,
  );
  const archivedQ = useQuery(ArchivedObjectivesDocument, planId ? { variables: { planId } } : skipToken);
  const refetchArchived = archivedQ.refetch;
  const refetchAll = useCallback(() => {
    void refetch();
    void refetchArchived();
  }, [refetch, refetchArchived]);
  const [changes, setChanges] = useState<(GraphChange & { at: Date })[]>([]);
  const { recent } = useRecentChanges(null, (c) => {
    refetchAll();
    if (c.actor && c.actor.id !== viewer.id)
      setChanges((prev) => [{ ...c, at: new Date() }, ...prev].slice(0, 12));
  });
  const presence = usePlanPresence(planId ?? undefined);
  const [panel, setPanel] = useState<OpenPanel | null>(null);
  const [adding, setAdding] = useState(false);
  const [focusId, setFocusId] = useState<string | null>(null);
  const [filter, setFilter] = useState<PlanFilter>(NO_FILTER);
  const [expandMode, setExpandMode] = useState<'all' | 'none' | null>(null);
  const [toggled, setToggled] = useState<ReadonlySet<string>>(new Set());
  const [limit, setLimit] = useState(PAGE);
  const [busy, setBusy] = useState<string | null>(null);
  const undo = useUndo(refetchAll);
  const [archiveObjective] = useMutation(ArchiveObjectiveDocument);
  const [restoreObjective] = useMutation(RestoreObjectiveDocument);
  const [editObjective] = useMutation(EditObjectiveDocument);
  const [archiveKpi] = useMutation(ArchiveKpiFromPlanDocument);
  const [archiveInitiative] = useMutation(ArchiveInitiativeFromPlanDocument);
  const [unlinkKpi] = useMutation(UnlinkKpiFromPlanDocument);

  const plan = data?.plan ?? null;
  const objectives = useMemo(() => plan?.objectives ?? [], [plan]);
  const archived = useMemo(() => archivedQ.data?.archivedObjectives ?? [], [archivedQ.data]);
  const byId = useMemo(() => new Map(objectives.map((o) => [o.id, o])), [objectives]);
  const tree = useMemo(() => childrenByParent(objectives), [objectives]);
  const mode = expandMode ?? (objectives.length <= OPEN_ALL_UP_TO ? 'all' : 'none');
  const isExpanded = useCallback((id: string) => (mode === 'all') !== toggled.has(id), [mode, toggled]);
  const rows = useMemo(() => visibleRows(tree, isExpanded, filter), [tree, isExpanded, filter]);

  // The newest version this page knows of each object, for undo through the versioned mutations.
  const versions = useRef(new Map<string, number>());
  useEffect(() => {
    const v = versions.current;
    const note = (id: string, n: number) => v.set(id, Math.max(n, v.get(id) ?? 0));
    for (const o of objectives) {
      note(o.id, o.version);
      for (const k of o.kpis) note(k.id, k.version);
      for (const i of o.initiatives) note(i.id, i.version);
    }
    for (const o of archived) note(o.id, o.version);
  }, [objectives, archived]);
  const ver = useCallback((id: string, known: number) => {
    const n = Math.max(known, versions.current.get(id) ?? 0);
    versions.current.set(id, n);
    return n;
  }, []);

  // Focus returns to the row a form created or changed, once it is drawn.
  useEffect(() => {
    if (!focusId) return;
    const el = document.querySelector<HTMLElement>(`[data-focus="${focusId}"]`);
    if (el) {
      el.focus();
      setFocusId(null);
    }
  }, [focusId, rows]);

  const setEditing = presence.setEditing;
  const open = useCallback(
    (p: OpenPanel | null) => {
      setPanel(p);
      if (p) setAdding(false);
      setEditing(p ? editingLabel(p, byId.get(p.id)) : null);
    },
    [byId, setEditing],
  );
  const expand = useCallback(
    (id: string | null | undefined) => {
      if (!id || isExpanded(id)) return;
      setToggled((t) => {
        const n = new Set(t);
        if (n.has(id)) n.delete(id);
        else n.add(id);
        return n;
      });
    },
    [isExpanded],
  );

  const actions: RowActions = useMemo(
    () => ({
      open,
      refetch: refetchAll,
      toggle: (id) =>
        setToggled((t) => {
          const n = new Set(t);
          if (n.has(id)) n.delete(id);
          else n.add(id);
          return n;
        }),
      move: (o, by) => {
        const key = o.parent && byId.has(o.parent.id) ? o.parent.id : null;
        const siblings = tree.get(key) ?? [];
        const from = siblings.findIndex((s) => s.id === o.id);
        const to = from + by;
        if (from < 0 || to < 0 || to >= siblings.length) return;
        const order = [...siblings];
        [order[from], order[to]] = [order[to], order[from]];
        const before = new Map(siblings.map((s) => [s.id, s.position]));
        const changed = order.map((s, i) => ({ s, i })).filter(({ s, i }) => s.position !== i);
        setBusy('reorder');
        void (async () => {
          try {
            const saved = new Map<string, number>();
            for (const { s, i } of changed) {
              const r = await editObjective({
                variables: {
                  input: { id: s.id, version: ver(s.id, s.version), position: i, reason: 'Reordered' },
                },
              });
              if (r.data) saved.set(s.id, ver(s.id, r.data.updateObjective.version));
            }
            undo.push(`Moved “${o.title}” ${by < 0 ? 'up' : 'down'}`, async () => {
              for (const { s } of changed)
                await editObjective({
                  variables: {
                    input: {
                      id: s.id,
                      version: ver(s.id, saved.get(s.id) ?? s.version),
                      position: before.get(s.id)!,
                      reason: 'Undo reorder',
                    },
                  },
                });
            });
            setFocusId(o.id);
          } catch (err) {
            undo.say(`Could not move “${o.title}”: ${apiErrors(err)[0]?.message ?? 'unknown error'}`);
          } finally {
            setBusy(null);
            refetchAll();
          }
        })();
      },
      saved: (o, changed, version) => {
        if ('parentId' in changed) {
          const to = changed.parentId ? byId.get(String(changed.parentId)) : null;
          undo.push(`Moved “${o.title}” ${to ? `under “${to.title}”` : 'to the top level'}`, () =>
            editObjective({
              variables: {
                input: {
                  id: o.id,
                  version: ver(o.id, version),
                  parentId: o.parent?.id ?? null,
                  reason: 'Undo move',
                },
              },
            }),
          );
          expand(to?.id);
          open(null);
          setFocusId(o.id);
        }
        refetchAll();
      },
      createdObjective: (created) => {
        const parentId = panel?.kind === 'child' ? panel.id : null;
        undo.push(`Added objective “${created.title}”`, () =>
          archiveObjective({
            variables: { id: created.id, version: ver(created.id, created.version), reason: 'Undo add' },
          }),
        );
        expand(parentId);
        open(null);
        setAdding(false);
        setFocusId(created.id);
        refetchAll();
      },
      createdKpi: (_o, kpi) => {
        undo.push(`Added KPI “${kpi.name}”`, () =>
          archiveKpi({ variables: { id: kpi.id, version: ver(kpi.id, kpi.version), reason: 'Undo add' } }),
        );
        refetchAll();
      },
      kpiDone: (kpiId) => {
        open(null);
        setFocusId(kpiId);
        refetchAll();
      },
      createdInitiative: (_o, created) => {
        undo.push(`Added initiative “${created.title}”`, () =>
          archiveInitiative({
            variables: { id: created.id, version: ver(created.id, created.version), reason: 'Undo add' },
          }),
        );
        open(null);
        setFocusId(created.id);
        refetchAll();
      },
      archived: (o, version) => {
        undo.push(`Archived “${o.title}”`, () =>
          restoreObjective({ variables: { id: o.id, version: ver(o.id, version), reason: 'Undo archive' } }),
        );
        open(null);
        setFocusId('undo');
        refetchAll();
      },
    }),
    [
      open,
      refetchAll,
      byId,
      tree,
      editObjective,
      ver,
      undo,
      panel,
      expand,
      archiveObjective,
      archiveKpi,
      archiveInitiative,
      restoreObjective,
    ],
  );

  const restore = useCallback(
    async (o: Archived) => {
      setBusy(o.id);
      try {
        const r = await restoreObjective({ variables: { id: o.id, version: ver(o.id, o.version) } });
        const v = r.data?.restoreObjective.version ?? o.version + 1;
        undo.push(`Restored “${o.title}”`, () =>
          archiveObjective({ variables: { id: o.id, version: ver(o.id, v), reason: 'Undo restore' } }),
        );
        setFocusId(o.id);
      } catch (err) {
        undo.say(`Could not restore “${o.title}”: ${apiErrors(err)[0]?.message ?? 'unknown error'}`);
      } finally {
        setBusy(null);
        refetchAll();
      }
    },
    [restoreObjective, archiveObjective, ver, undo, refetchAll],
  );

  const owners = useMemo(() => {
    const m = new Map(objectives.map((o) => [o.owner.id, o.owner]));
    return [...m.values()].sort((a, b) => a.name.localeCompare(b.name));
  }, [objectives]);
  const objectiveUnits = useMemo(() => {
    const m = new Map(objectives.map((o) => [o.unit.id, o.unit]));
    return [...m.values()].sort((a, b) => a.name.localeCompare(b.name));
  }, [objectives]);
  const addableUnits = useMemo(() => (data?.units ?? []).filter((u) => u.viewerCan.addChild), [data]);

  useTitle(plan ? (plan.viewerCan.edit ? `Edit ${plan.name}` : plan.name) : 'Plan');
  if (!planId) return <Empty>No plan is visible to you yet.</Empty>;
  if (error && !data) return <ErrorState error={error} />;
  if (!plan) return <Loading />;

  const parentsFor = (o: EditorObjective) => () => {
    const exclude = subtreeIds(tree, o.id);
    const out: { id: string; title: string }[] = [];
    const walk = (p: string | null, d: number) => {
      for (const c of tree.get(p) ?? []) {
        if (exclude.has(c.id)) continue;
        out.push({ id: c.id, title: `${'– '.repeat(d)}${c.title}` });
        walk(c.id, d + 1);
      }
    };
    walk(null, 0);
    return out;
  };
  const linkable = objectives.filter((o) => o.viewerCan.link);
  const editsSome = objectives.some((o) => o.viewerCan.edit || o.kpis.some((k) => k.viewerCan.edit));
  const names = new Map<string, string>([
    ...objectives.map((o) => [o.id, o.title] as const),
    ...objectives.flatMap((o) => o.kpis.map((k) => [k.id, k.name] as const)),
    ...objectives.flatMap((o) => o.initiatives.map((i) => [i.id, i.title] as const)),
  ]);
  const kpiNames = new Map((data?.kpis ?? []).map((k) => [k.id, k.name] as const));
  const drawn = rows.slice(0, limit);
  return (
    <>
      <PageHeader
        eyebrow={
          <>
            Plan · {frameworkLabel(plan.framework)} · {formatDate(plan.periodStart)} –{' '}
            {formatDate(plan.periodEnd)}
          </>
        }
        title={plan.name}
        subtitle={planSubtitle(plan.viewerCan.edit, editsSome)}
        actions={
          <>
            <PresenceBar others={presence.others} />
            <PlanSwitcher planId={planId} onChange={(id) => navigate(`/plan/${id}`)} />
            <Link className="btn" to={`/map/${plan.id}`}>
              Strategy map
            </Link>
          </>
        }
      />
      <div className="grid grid-main-side">
        <Card title="Narrative">
          <Suspense fallback={<Loading label="Opening the editor" />}>
            <DocumentSection
              documentName={planDocumentName(plan.id)}
              field="narrative"
              label="Plan narrative"
              fallbackText={plan.narrativeText}
              placeholder="The story of the strategy: where we are, where we are going, and why."
            />
          </Suspense>
        </Card>
        <Card
          title="Changes by others"
          actions={
            <span className="small faint" aria-live="polite">
              {changes.length ? `${changes.length} new` : 'live'}
            </span>
          }
        >
          {changes.length === 0 ? (
            <Empty>When someone saves a change to this plan, it appears here and in the lists below.</Empty>
          ) : (
            <ul className="list" aria-live="polite" aria-label="Changes by others">
              {changes.map((c) => (
                <li key={c.seq}>
                  <div className="grow">
                    <div className="title">
                      {c.actor?.name ?? 'Someone'} {c.action ? c.action.toLowerCase() + 'd' : 'changed'}{' '}
                      {humanizeLower(c.subjectType)}{' '}
                      {names.get(c.subjectId) ? `“${names.get(c.subjectId)}”` : ''}
                    </div>
                    <div className="meta">{formatTime(c.at)}</div>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      <div className="grid grid-main-side mt-4 plan-editor">
        <Card
          title="Objectives, KPIs and initiatives"
          actions={
            plan.viewerCan.addChild && (
              <button
                type="button"
                className="btn btn-sm btn-primary"
                aria-expanded={adding}
                onClick={() => {
                  open(null);
                  setAdding(!adding);
                  setEditing(adding ? null : 'a new objective');
                }}
              >
                Add objective
              </button>
            )
          }
        >
          <UndoBar
            status={undo.status}
            canUndo={undo.canUndo}
            busy={undo.busy}
            onUndo={() => void undo.undo()}
          />
          {adding && (
            <div className="edit-panel">
              <NewObjectiveForm
                planId={plan.id}
                parent={null}
                units={addableUnits}
                onCreated={actions.createdObjective}
                onCancel={() => {
                  setAdding(false);
                  setEditing(null);
                }}
              />
            </div>
          )}
          <PlanToolbar
            filter={filter}
            onFilter={(f) => {
              setFilter(f);
              setLimit(PAGE);
            }}
            units={objectiveUnits}
            owners={owners}
            shown={rows.length}
            total={objectives.length}
            onExpandAll={() => {
              setExpandMode('all');
              setToggled(new Set());
            }}
            onCollapseAll={() => {
              setExpandMode('none');
              setToggled(new Set());
              setLimit(PAGE);
            }}
          />
          {rows.length === 0 ? (
            <Empty>
              {objectives.length ? 'No objective matches.' : 'No objectives yet: add the first one.'}
            </Empty>
          ) : (
            <ul className="list plan-edit-list" aria-label="Objectives">
              {drawn.map((row) => (
                <ObjectiveRow
                  key={row.objective.id}
                  row={row}
                  planId={plan.id}
                  units={addableUnits}
                  parents={parentsFor(row.objective)}
                  panel={panel}
                  reordering={busy === 'reorder'}
                  recent={recent}
                  actions={actions}
                />
              ))}
            </ul>
          )}
          {rows.length > drawn.length && (
            <div className="form-actions mt-4">
              <button type="button" className="btn" onClick={() => setLimit(limit + PAGE)}>
                Show {Math.min(PAGE, rows.length - drawn.length)} more
              </button>
              <span className="small faint">
                {drawn.length} of {rows.length} shown
              </span>
            </div>
          )}
        </Card>
        <div className="stack">
          {linkable.length > 0 && (
            <Card title="Link a KPI to an objective">
              <LinkKpiForm
                objectives={linkable}
                kpis={data?.kpis ?? []}
                onLinked={({ kpiId, objectiveId }) => {
                  undo.push(
                    `Linked “${kpiNames.get(kpiId) ?? 'KPI'}” to “${byId.get(objectiveId)?.title ?? ''}”`,
                    () => unlinkKpi({ variables: { kpiId, objectiveId, reason: 'Undo link' } }),
                  );
                  refetchAll();
                }}
              />
            </Card>
          )}
          <Card title="Archived objectives">
            <ArchivedObjectives archived={archived} restoring={busy} onRestore={(o) => void restore(o)} />
          </Card>
        </div>
      </div>
    </>
  );
}
