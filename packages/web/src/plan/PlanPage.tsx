import { LinkKpiDocument, PlanEditDocument, type PlanEditQuery } from '@throughline/shared/graphql';
import { skipToken, useMutation, useQuery } from '@apollo/client/react';
import { lazy, Suspense, useEffect, useState, type CSSProperties } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { planDocumentName } from '@throughline/shared';
import { useViewer } from '../app-shell/viewer';
import {
  Card,
  Empty,
  ErrorState,
  Field,
  HealthBadge,
  Loading,
  PageHeader,
  ChoiceSelect,
} from '../ui/components';
import { formatDate, formatTime, humanize, humanizeLower } from '../ui/format';
import { FormError, useForm, type FieldErrors } from '../ui/form';
import { useTitle } from '../ui/useTitle';
import { KpiForm, ObjectiveForm, TargetForm } from './forms';
import { PlanSwitcher, usePlanId } from './PlanSwitcher';
import { useGraphChanged, type GraphChange } from './useGraphChanged';
import { usePlanPresence } from '../live/presence';
import { PresenceBar } from '../live/PresenceBar';
import './plan.css';

const DocumentSection = lazy(() => import('../collab/DocumentSection'));

type PlanEditObjective = NonNullable<PlanEditQuery['plan']>['objectives'][number];

function LinkKpiForm({
  objectives,
  kpis,
  onLinked,
}: {
  objectives: { id: string; title: string }[];
  kpis: { id: string; name: string }[];
  onLinked: () => void;
}) {
  const [kpiId, setKpiId] = useState('');
  const [objectiveId, setObjectiveId] = useState('');
  const [link] = useMutation(LinkKpiDocument);
  const form = useForm();
  const { errors } = form;
  const onSubmit = form.handleSubmit({
    validate: () => {
      const errs: FieldErrors = {};
      if (!kpiId) errs.kpiId = 'Pick a KPI.';
      if (!objectiveId) errs.objectiveId = 'Pick an objective.';
      return errs;
    },
    send: () => link({ variables: { kpiId, objectiveId } }),
    onSuccess: onLinked,
  });
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Link a KPI to an objective" className="stack-sm">
      <div className="form-grid">
        <Field label="KPI" error={errors.kpiId}>
          {(p) => (
            <ChoiceSelect
              fieldProps={p}
              value={kpiId}
              onChange={setKpiId}
              options={kpis.map((k) => ({ id: k.id, label: k.name }))}
            />
          )}
        </Field>
        <Field label="measures objective" error={errors.objectiveId}>
          {(p) => (
            <ChoiceSelect
              fieldProps={p}
              value={objectiveId}
              onChange={setObjectiveId}
              options={objectives.map((o) => ({ id: o.id, label: o.title }))}
            />
          )}
        </Field>
      </div>
      <FormError message={errors._form} />
      <div className="form-actions">
        <button type="submit" className="btn" disabled={form.submitting}>
          Link
        </button>
        {form.succeeded && (
          <span className="tone-green small" role="status">
            Linked.
          </span>
        )}
      </div>
    </form>
  );
}

/** What the page offers this viewer, in one sentence: only what they may actually do. */
function planSubtitle(editsPlan: boolean, editsSome: boolean): string {
  if (editsPlan)
    return "Edit the plan together: the narrative is co-edited live, and every saved change appears on everyone's screen.";
  if (editsSome)
    return 'The narrative is read-only for you; you may edit the objectives and KPIs marked Edit. Every saved change appears here live.';
  return 'The plan as it stands: read-only for you. Every saved change appears here live.';
}

/** Plan editing during a review: the co-edited narrative and forms for objectives, KPIs, targets, owners and links. */
export default function PlanPage() {
  const params = useParams();
  const navigate = useNavigate();
  const { viewer } = useViewer();
  const planId = usePlanId(params.planId);
  const { data, error, refetch } = useQuery(
    PlanEditDocument,
    planId ? { variables: { id: planId } } : skipToken,
  );
  const [editing, setEditing] = useState<string | null>(null);
  const [changes, setChanges] = useState<(GraphChange & { at: Date })[]>([]);
  // Presence: who else is on this plan, and what the open edit form is (for them to see).
  const presence = usePlanPresence(planId);
  const open = data?.plan?.objectives.flatMap((o) => [
    [o.id, `Objective “${o.title}”`] as const,
    ...o.kpis.map((k) => [o.id + k.id, `KPI “${k.name}”`] as const),
  ]);
  const editingLabel = open?.find(([key]) => key === editing)?.[1] ?? null;
  const { setEditing: sayEditing } = presence;
  useEffect(() => sayEditing(editingLabel), [sayEditing, editingLabel]);
  useGraphChanged(null, (c) => {
    void refetch();
    if (c.actor?.id !== viewer.id) setChanges((prev) => [{ ...c, at: new Date() }, ...prev].slice(0, 12));
  });
  useTitle(data?.plan ? (data.plan.viewerCan.edit ? `Edit ${data.plan.name}` : data.plan.name) : 'Plan');
  if (!planId) return <Empty>No plan is visible to you yet.</Empty>;
  if (error && !data) return <ErrorState error={error} />;
  if (!data?.plan) return <Loading />;
  const plan = data.plan;
  // Tree order (company → department → team), indented, so the plan reads as it cascades.
  const depth = new Map<string, number>();
  const ordered: PlanEditObjective[] = [];
  const byParent = new Map<string | null, PlanEditObjective[]>();
  const ids = new Set(plan.objectives.map((o) => o.id));
  for (const o of plan.objectives) {
    const key = o.parent && ids.has(o.parent.id) ? o.parent.id : null;
    byParent.set(key, [...(byParent.get(key) ?? []), o]);
  }
  const walk = (parent: string | null, d: number) => {
    for (const o of byParent.get(parent) ?? []) {
      depth.set(o.id, d);
      ordered.push(o);
      walk(o.id, d + 1);
    }
  };
  walk(null, 0);
  const linkable = plan.objectives.filter((o) => o.viewerCan.link);
  const editsSome = plan.objectives.some((o) => o.viewerCan.edit || o.kpis.some((k) => k.viewerCan.edit));
  const names = new Map<string, string>([
    ...plan.objectives.map((o) => [o.id, o.title] as const),
    ...plan.objectives.flatMap((o) => o.kpis.map((k) => [k.id, k.name] as const)),
  ]);
  return (
    <>
      <PageHeader
        eyebrow={
          <>
            Plan · {humanize(plan.framework)} · {formatDate(plan.periodStart)} – {formatDate(plan.periodEnd)}
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
            <ul className="list" aria-live="polite">
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
      <div className={linkable.length ? 'grid grid-main-side mt-4' : 'mt-4'}>
        <Card title="Objectives and their KPIs">
          <ul className="list plan-edit-list">
            {ordered.map((o) => (
              <li
                key={o.id}
                className="plan-objective"
                style={{ '--depth': depth.get(o.id) ?? 0 } as CSSProperties}
              >
                <div className="row">
                  <HealthBadge health={o.health} compact />
                  <Link to={`/objectives/${o.id}`} className="title grow">
                    {o.title}
                  </Link>
                  <span className="small faint nowrap hide-narrow">
                    {o.owner.name} · {o.unit.name}
                  </span>
                  {o.viewerCan.edit && (
                    <button
                      type="button"
                      className="btn btn-sm"
                      aria-expanded={editing === o.id}
                      onClick={() => setEditing(editing === o.id ? null : o.id)}
                    >
                      {editing === o.id ? 'Close' : 'Edit'}
                    </button>
                  )}
                </div>
                {editing === o.id && o.viewerCan.edit && (
                  <div className="edit-panel">
                    <ObjectiveForm key={o.version} objective={o} onSaved={() => void refetch()} />
                  </div>
                )}
                {o.kpis.length > 0 && (
                  <ul className="plan-kpis">
                    {o.kpis.map((k) => (
                      <li key={k.id}>
                        <div className="row">
                          <HealthBadge health={k.health} compact />
                          <Link to={`/kpis/${k.id}`} className="grow">
                            {k.name}
                          </Link>
                          <span className="small faint hide-narrow">{k.owner.name}</span>
                          {k.viewerCan.edit && (
                            <button
                              type="button"
                              className="btn btn-sm btn-ghost"
                              aria-expanded={editing === o.id + k.id}
                              onClick={() => setEditing(editing === o.id + k.id ? null : o.id + k.id)}
                            >
                              {editing === o.id + k.id ? 'Close' : 'Edit KPI & target'}
                            </button>
                          )}
                        </div>
                        {editing === o.id + k.id && k.viewerCan.edit && (
                          <div className="edit-panel stack">
                            <KpiForm key={k.version} kpi={k} onSaved={() => void refetch()} />
                            <hr className="divider" />
                            <h3>Target for a period</h3>
                            <TargetForm kpi={k} onSaved={() => void refetch()} />
                          </div>
                        )}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </Card>
        {linkable.length > 0 && (
          <Card title="Link a KPI to an objective">
            <LinkKpiForm objectives={linkable} kpis={data.kpis} onLinked={() => void refetch()} />
          </Card>
        )}
      </div>
    </>
  );
}
