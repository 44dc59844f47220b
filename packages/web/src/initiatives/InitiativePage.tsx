import { InitiativeEditOptionsDocument, InitiativePageDocument } from '@throughline/shared/graphql';
import { skipToken, useQuery } from '@apollo/client/react';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { initiativeDocumentName } from '@throughline/shared';
import { HistoryList } from '../history/HistoryList';
import { ChangedBy } from '../live/ChangedBy';
import { PresenceBar } from '../live/PresenceBar';
import { usePlanPresence } from '../live/presence';
import { useRecentChanges } from '../live/recent-changes';
import {
  Card,
  Empty,
  ErrorState,
  HealthBadge,
  Loading,
  NotFound,
  PageHeader,
  Progress,
} from '../ui/components';
import { formatDate, formatMoney } from '../ui/format';
import { healthStyle } from '../ui/health';
import { StatusChip } from '../ui/rows';
import { useTitle } from '../ui/useTitle';
import { AddMilestoneForm } from './AddMilestoneForm';
import { ArchiveInitiativeButton } from './ArchiveInitiativeButton';
import { InitiativeForm } from './InitiativeForm';
import { KpiLinks } from './KpiLinks';
import { MilestoneItem } from './MilestoneItem';
import { ObjectiveLinks } from './ObjectiveLinks';
import { CheckInsPanel } from '../checkins/CheckInsPanel';
import './initiative.css';

const DocumentSection = lazy(() => import('../collab/DocumentSection'));

/**
 * An initiative: delivery (milestones) next to impact (KPIs), and for its editors everything to
 * change it — fields, links, milestones, archive and restore — live with the others on the plan.
 */
export default function InitiativePage() {
  const { id = '' } = useParams();
  const { data, error, refetch } = useQuery(InitiativePageDocument, { variables: { id } });
  const i = data?.initiative;
  const [editing, setEditing] = useState(false);
  const [editingMilestone, setEditingMilestone] = useState<string | null>(null);
  const { recent } = useRecentChanges(i?.unit.id, () => void refetch());
  const presence = usePlanPresence(i?.plan?.id);
  const canChange = !!i && (i.viewerCan.edit || i.viewerCan.link);
  const options = useQuery(
    InitiativeEditOptionsDocument,
    canChange && i?.plan ? { variables: { planId: i.plan.id } } : skipToken,
  );
  const formOptions = useMemo(
    () => ({
      people: options.data?.people ?? [],
      units: (options.data?.units ?? []).filter((u) => u.viewerCan.edit),
    }),
    [options.data],
  );
  const { setEditing: tellEditing } = presence;
  const editingLabel = editing
    ? `Initiative “${i?.title ?? ''}”`
    : editingMilestone
      ? `Milestone “${editingMilestone}”`
      : null;
  useEffect(() => {
    tellEditing(editingLabel);
  }, [editingLabel, tellEditing]);
  useEffect(() => () => tellEditing(null), [tellEditing]);
  useTitle(i?.title ?? 'Initiative');
  if (error && !data) return <ErrorState error={error} />;
  if (!data) return <Loading />;
  if (!i) return <NotFound what="initiative" />;
  const p = i.progress;
  const done = i.milestones.filter((m) => m.completedAt).length;
  const archived = !!i.archivedAt;
  const reload = () => void refetch();
  return (
    <>
      <PageHeader
        eyebrow={
          <>
            Initiative · {i.unit.name}
            {i.plan && (
              <>
                {' '}
                · <Link to={`/map/${i.plan.id}`}>{i.plan.name}</Link>
              </>
            )}
          </>
        }
        title={i.title}
        subtitle={`Owned by ${i.owner.name} · ${formatDate(i.startDate)} – ${formatDate(i.endDate)}`}
        actions={
          <>
            <PresenceBar others={presence.others} />
            <ChangedBy change={recent(i.id)} />
            <StatusChip status={i.status} />
            <HealthBadge health={i.health} />
            {i.viewerCan.edit && (
              <button
                type="button"
                className="btn"
                onClick={() => setEditing((e) => !e)}
                aria-expanded={editing}
              >
                {editing ? 'Close editor' : 'Edit initiative'}
              </button>
            )}
            {i.viewerCan.archive && <ArchiveInitiativeButton initiative={i} onDone={reload} />}
          </>
        }
      />
      {archived && (
        <div className="banner banner-warn" role="note">
          Archived on {formatDate(i.archivedAt)}: out of the portfolio, capacity and hygiene. Its milestones,
          links and history are kept{i.viewerCan.archive ? '; restore it to work on it again' : ''}.
        </div>
      )}
      {!archived && i.objectives.length === 0 && (
        <div className="banner banner-warn" role="note">
          This initiative supports no objective. It may not belong in the portfolio.
        </div>
      )}
      {editing && i.viewerCan.edit && (
        <Card title="Edit initiative" className="edit-card mb-4">
          {options.data ? (
            <InitiativeForm
              initiative={i}
              options={formOptions}
              onSaved={reload}
              onCancel={() => setEditing(false)}
            />
          ) : (
            <Loading label="Loading people and units" />
          )}
        </Card>
      )}
      <div className="grid grid-2 mb-4">
        <section className="card progress-card" aria-labelledby="delivery-h">
          <div className="card-head">
            <h2 id="delivery-h">Delivery</h2>
            <HealthBadge health={p.deliveryHealth} />
          </div>
          <div className="big-number">{Math.round(p.completion * 100)}%</div>
          <Progress value={p.completion} label="Milestones done" tone={healthStyle(p.deliveryHealth).tone} />
          <p className="small muted mt-1">
            {done} of {i.milestones.length} milestones done
            {p.overdueMilestones ? `, ${p.overdueMilestones} overdue` : ''}.
          </p>
        </section>
        <section className="card progress-card" aria-labelledby="impact-h">
          <div className="card-head">
            <h2 id="impact-h">Impact</h2>
            <HealthBadge health={p.impactHealth} />
          </div>
          <div className="big-number">
            {p.kpisMoving}
            <span className="muted big-number-of"> / {p.kpisTargeted}</span>
          </div>
          <Progress
            value={p.kpisTargeted ? p.kpisMoving / p.kpisTargeted : 0}
            label="Targeted KPIs moving"
            tone={healthStyle(p.impactHealth).tone}
          />
          <p className="small muted mt-1">
            targeted KPIs improved since the start.{' '}
            {p.completion > 0.5 && p.kpisMoving === 0 && p.kpisTargeted > 0
              ? 'Busy, but not yet moving the numbers.'
              : ''}
          </p>
        </section>
      </div>
      <div className="grid grid-main-side">
        <div className="stack">
          <Card title="Milestones" actions={<span className="pill-count">{i.milestones.length}</span>}>
            {i.milestones.length === 0 ? (
              <Empty>No milestones yet.</Empty>
            ) : (
              <ul className="list">
                {[...i.milestones]
                  .sort((a, b) => a.dueDate.localeCompare(b.dueDate))
                  .map((m) => (
                    <MilestoneItem
                      key={m.id}
                      milestone={m}
                      canEdit={i.viewerCan.edit}
                      change={recent(m.id)}
                      onChanged={reload}
                      onEditing={(on) => setEditingMilestone(on ? m.title : null)}
                    />
                  ))}
              </ul>
            )}
            {i.viewerCan.addChild && <AddMilestoneForm initiativeId={i.id} onAdded={reload} />}
          </Card>
          <KpiLinks
            initiativeId={i.id}
            kpis={i.kpis}
            options={options.data?.kpis ?? []}
            canLink={i.viewerCan.link}
            onChanged={reload}
          />
          <CheckInsPanel subjectType="INITIATIVE" subjectId={i.id} />
          <Card title="Description">
            <Suspense fallback={<Loading label="Opening the editor" />}>
              <DocumentSection
                documentName={initiativeDocumentName(i.id)}
                field="description"
                label="Initiative description"
                fallbackText={i.description}
                placeholder="Why this work, and what will change when it is done?"
              />
            </Suspense>
          </Card>
        </div>
        <div className="stack">
          <Card title="Resources" className={recent(i.id) ? 'just-changed' : undefined}>
            <dl className="facts">
              <dt>Status</dt>
              <dd>
                <StatusChip status={i.status} />
              </dd>
              <dt>Budget</dt>
              <dd>{formatMoney(i.budget)}</dd>
              <dt>Capacity</dt>
              <dd>{i.capacity} FTE</dd>
              <dt>Owner</dt>
              <dd>{i.owner.name}</dd>
              <dt>Unit</dt>
              <dd>{i.unit.name}</dd>
              <dt>Dates</dt>
              <dd>
                {formatDate(i.startDate)} – {formatDate(i.endDate)}
              </dd>
            </dl>
          </Card>
          <ObjectiveLinks
            initiativeId={i.id}
            objectives={i.objectives}
            options={options.data?.objectives ?? []}
            canLink={i.viewerCan.link}
            onChanged={reload}
          />
          <Card title="History" actions={<Link to={`/history?subject=${i.id}&type=INITIATIVE`}>All</Link>}>
            <HistoryList key={i.version} subjectId={i.id} first={10} />
          </Card>
        </div>
      </div>
    </>
  );
}
