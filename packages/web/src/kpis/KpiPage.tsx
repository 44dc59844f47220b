import { KpiEditChoicesDocument, KpiPageDocument } from '@throughline/shared/graphql';
import { useQuery } from '@apollo/client/react';
import { useCallback, useEffect, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { ChangedBy } from '../live/ChangedBy';
import { usePlanPresence } from '../live/presence';
import { PresenceBar } from '../live/PresenceBar';
import { useRecentChanges } from '../live/recent-changes';
import type { GraphChange } from '../plan/useGraphChanged';
import { KpiChangeList } from './KpiChangeList';
import { Card, Chip, Empty, ErrorState, HealthBadge, Loading, NotFound, PageHeader } from '../ui/components';
import { formatDate, formatNumber, humanize, unitSuffix } from '../ui/format';
import { StatusChip } from '../ui/rows';
import { KpiArchivePanel } from './KpiArchivePanel';
import { KpiEditForm } from './KpiEditForm';
import { KpiObjectiveLinks } from './KpiObjectiveLinks';
import { KpiTargets } from './KpiTargets';
import { PendingChanges } from '../approvals/PendingChanges';
import { KpiValues } from './KpiValues';
import { today } from './record-value';
import { useTitle } from '../ui/useTitle';
import { KpiTrendChart } from './KpiTrendChart';
import './kpi-page.css';
import { CheckInsPanel } from '../checkins/CheckInsPanel';
import { RecordMeasurementForm } from './RecordMeasurementForm';

/**
 * A KPI: its trend against targets and bands, recording and correcting values, its history —
 * and, for its editors, every field, targets per period, objective links, archive and restore.
 * Other people's changes arrive live, marked with who made them.
 */
export default function KpiPage() {
  const { id = '' } = useParams();
  const { data, error, refetch } = useQuery(KpiPageDocument, { variables: { id } });
  const { hash } = useLocation();
  const canRecord = !!data?.kpi?.viewerCan.recordMeasurement;
  useTitle(data?.kpi?.name ?? 'KPI');
  const [editing, setEditing] = useState(false);
  const [archiving, setArchiving] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const choices = useQuery(KpiEditChoicesDocument, { skip: !editing, fetchPolicy: 'cache-first' });
  const objectiveIds = data?.kpi?.objectives.map((o) => o.id) ?? [];
  const onChange = (c: GraphChange) => {
    const linkChange = c.topic === 'objectiveChanged' && (c.action === 'LINK' || c.action === 'UNLINK');
    if (c.subjectId === id || objectiveIds.includes(c.subjectId) || linkChange) void refetch();
  };
  const { recent } = useRecentChanges(null, onChange);
  const planId = data?.kpi?.objectives[0]?.plan.id;
  const presence = usePlanPresence(planId);
  const { setEditing: tellEditing } = presence;
  const name = data?.kpi?.name ?? '';
  const editingLabel = useCallback(
    (what: string | null) =>
      tellEditing(what ? `KPI “${name}”${what === 'fields' ? '' : ` (${what})`}` : null),
    [tellEditing, name],
  );
  useEffect(() => editingLabel(editing ? 'fields' : null), [editing, editingLabel]);
  useEffect(() => () => tellEditing(null), [tellEditing]);
  // "Record" shortcuts (a home's My KPIs) land on the form, ready to type.
  useEffect(() => {
    if (hash !== '#record' || !canRecord) return;
    const card = document.getElementById('record')?.closest('section');
    card?.scrollIntoView({ block: 'center' });
    card?.querySelector<HTMLInputElement>('input')?.focus();
  }, [hash, canRecord]);
  if (error && !data) return <ErrorState error={error} />;
  if (!data) return <Loading />;
  const k = data.kpi;
  if (!k) return <NotFound what="KPI" />;
  const measurements = k.measurements.edges.map((e) => e.node);
  const ct = k.currentTarget;
  const can = k.viewerCan;
  const archived = !!k.archivedAt;
  // An archived KPI offers only Restore: its archive answer (archivedAt) arrives before the
  // refetched permissions, so the page does not wait for viewerCan to say so.
  const edits = can.edit && !archived;
  const mark = recent(k.id);
  const refresh = () => void refetch();
  return (
    <>
      <PageHeader
        eyebrow={
          <>
            <span>KPI</span>·<span>{k.unit.name}</span>·<span>{humanize(k.kind)}</span>·
            <span>{humanize(k.frequency)}</span>
          </>
        }
        title={k.name}
        subtitle={k.description || undefined}
        actions={
          <>
            <PresenceBar others={presence.others} />
            <ChangedBy change={mark} />
            {archived ? <Chip tone="grey">Archived</Chip> : <HealthBadge health={k.health} />}
            {k.stale && !archived && <Chip tone="amber">Stale: no value for over {k.maxAgeDays} days</Chip>}
            {k.onExecutiveDashboard && <Chip tone="blue">On the executive dashboard</Chip>}
            {edits && !editing && (
              <button
                type="button"
                className="btn btn-primary"
                onClick={() => {
                  setStatus(null);
                  setArchiving(false);
                  setEditing(true);
                }}
              >
                Edit KPI
              </button>
            )}
            {can.archive && !archived && !archiving && (
              <button
                type="button"
                className="btn"
                onClick={() => {
                  setStatus(null);
                  setEditing(false);
                  setArchiving(true);
                }}
              >
                Archive
              </button>
            )}
            <Link className="btn" to={`/history?subject=${k.id}&type=KPI`}>
              History
            </Link>
          </>
        }
      />
      {status && (
        <div className="banner banner-ok" role="status">
          {status}
        </div>
      )}
      <KpiArchivePanel
        kpi={k}
        confirming={archiving}
        canArchive={can.archive}
        onClose={() => setArchiving(false)}
        onDone={(msg) => {
          setArchiving(false);
          setStatus(msg);
          refresh();
        }}
      />
      {editing && (
        <Card title="Edit KPI" className="kpi-edit-card">
          {choices.data ? (
            <KpiEditForm
              key={k.id}
              kpi={k}
              choices={choices.data}
              onSaved={() => {
                setEditing(false);
                setStatus('Saved. Everyone looking at this KPI sees the change.');
                refresh();
              }}
              onCancel={() => setEditing(false)}
            />
          ) : choices.error ? (
            <ErrorState error={choices.error} />
          ) : (
            <Loading />
          )}
        </Card>
      )}
      <div className={`stats kpi-stats${mark ? ' just-changed' : ''}`}>
        <div className="stat">
          <div className="stat-value" data-testid="kpi-latest">
            {formatNumber(k.latest?.value)}
          </div>
          {k.unitOfMeasure && <div className="stat-unit">{k.unitOfMeasure}</div>}
          <div className="stat-label">Latest · {formatDate(k.latest?.at)}</div>
        </div>
        <div className="stat">
          <div className="stat-value" data-testid="kpi-current-target">
            {formatNumber(ct?.target ?? k.target)}
          </div>
          {k.unitOfMeasure && <div className="stat-unit">{k.unitOfMeasure}</div>}
          <div className="stat-label">
            Target {ct ? `· ${formatDate(ct.periodStart)} – ${formatDate(ct.periodEnd)}` : ''}
          </div>
        </div>
        <div className="stat">
          <div className="stat-value" data-testid="kpi-baseline">
            {formatNumber(k.baseline)}
          </div>
          {k.unitOfMeasure && <div className="stat-unit">{k.unitOfMeasure}</div>}
          <div className="stat-label">Baseline</div>
        </div>
        <div className="stat">
          <div className="stat-value stat-value-text">
            {k.direction === 'HIGHER_IS_BETTER' ? '↑ Higher is better' : '↓ Lower is better'}
          </div>
          <div className="stat-label">Owner: {k.owner.name}</div>
        </div>
      </div>
      <div className="grid grid-main-side">
        <div className="stack">
          <Card title="Trend against target">
            <KpiTrendChart
              measurements={measurements}
              targets={k.targets}
              direction={k.direction}
              unitOfMeasure={k.unitOfMeasure}
              name={k.name}
            />
          </Card>
          <CheckInsPanel subjectType="KPI" subjectId={k.id} />
          <Card title="Values" actions={<span className="pill-count">{measurements.length}</span>}>
            <KpiValues
              values={measurements}
              unitOfMeasure={k.unitOfMeasure}
              canCorrect={can.recordMeasurement}
              onCorrected={refresh}
              onEditing={editingLabel}
            />
          </Card>
        </div>
        <div className="stack">
          {canRecord && (
            <Card title="Record a value" id="record">
              <RecordMeasurementForm
                kpiId={k.id}
                unitOfMeasure={k.unitOfMeasure}
                frequency={k.frequency}
                measurements={measurements}
                onRecorded={refresh}
              />
            </Card>
          )}
          <Card title={`Targets${unitSuffix(k.unitOfMeasure)}`}>
            <PendingChanges kpiId={k.id} />
            <KpiTargets
              kpi={k}
              targets={k.targets}
              canEdit={edits}
              today={today()}
              onSaved={refresh}
              onEditing={editingLabel}
            />
          </Card>
          <Card title="Measures objectives">
            <KpiObjectiveLinks
              kpiId={k.id}
              objectives={k.objectives}
              canLink={edits}
              recent={recent}
              onChanged={refresh}
            />
          </Card>
          <Card title="Moved by initiatives">
            {k.initiatives.length === 0 ? (
              <Empty>No initiative targets this KPI.</Empty>
            ) : (
              <ul className="list">
                {k.initiatives.map((i) => (
                  <li key={i.id}>
                    <HealthBadge health={i.health} compact />
                    <Link className="grow title" to={`/initiatives/${i.id}`}>
                      {i.title}
                    </Link>
                    <StatusChip status={i.status} />
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card
            title="Recent changes"
            actions={
              <Link className="small" to={`/history?subject=${k.id}&type=KPI`}>
                All changes
              </Link>
            }
          >
            <KpiChangeList kpiId={k.id} first={10} />
          </Card>
        </div>
      </div>
    </>
  );
}
