import {
  PlansDocument,
  PlanUnitsDocument,
  RestorePlanDocument,
  ViewerDocument,
  type PlansQuery,
} from '@throughline/shared/graphql';
import { skipToken, useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useViewer } from '../app-shell/viewer';
import { ChangedBy } from '../live/ChangedBy';
import { useRecentChanges } from '../live/recent-changes';
import { Card, Empty, ErrorState, Loading, PageHeader } from '../ui/components';
import { formatDateTime, formatPeriod } from '../ui/format';
import { useTitle } from '../ui/useTitle';
import { ArchivePlanDialog } from './ArchivePlanDialog';
import { CreatePlanForm } from './CreatePlanForm';
import { PlanRow } from './PlanRow';
import { frameworkLabel } from './frameworks';
import './plans.css';

type PlanItem = PlansQuery['plans'][number];

interface UnitNode {
  id: string;
  name: string;
  viewerCan: { edit: boolean };
  children?: UnitNode[];
}

function editableUnits(root: UnitNode | null | undefined): { id: string; name: string }[] {
  const out: { id: string; name: string }[] = [];
  const walk = (u: UnitNode) => {
    if (u.viewerCan.edit) out.push({ id: u.id, name: u.name });
    u.children?.forEach(walk);
  };
  if (root) walk(root);
  return out;
}

/** Every plan the viewer may see, active and archived; those who may create, rename and archive them. */
export default function PlansPage() {
  useTitle('Plans');
  const { viewer } = useViewer();
  const { data, error, refetch } = useQuery(PlansDocument, { fetchPolicy: 'cache-and-network' });
  const viewerQuery = useQuery(ViewerDocument, { fetchPolicy: 'cache-only' });
  // Live: a plan someone saved, created, archived or restored shows here (and in the pickers) at once.
  const { recent } = useRecentChanges(null, (c) => {
    if (c.subjectType !== 'PLAN') return;
    void refetch();
    void viewerQuery.refetch();
  });
  // Units to create a plan for: the viewer's own subtree (executives) or the unit they head.
  const rootUnit = viewer.role === 'EXECUTIVE' ? viewer.unit?.id : (viewer.heads[0]?.id ?? viewer.unit?.id);
  const units = useQuery(PlanUnitsDocument, rootUnit ? { variables: { id: rootUnit } } : skipToken);
  const creatable = editableUnits(units.data?.unit as UnitNode | undefined);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ id: string; name: string } | null>(null);
  const [status, setStatus] = useState('');
  const [archiving, setArchiving] = useState<PlanItem | null>(null);
  const [restore, restoring] = useMutation(RestorePlanDocument, {
    refetchQueries: [{ query: ViewerDocument }, { query: PlansDocument }],
    awaitRefetchQueries: true,
  });
  const [restoreError, setRestoreError] = useState('');

  if (error && !data) return <ErrorState error={error} />;
  if (!data) return <Loading />;
  const active = data.plans.filter((p) => !p.archivedAt);
  const archived = data.plans.filter((p) => p.archivedAt);
  return (
    <>
      <PageHeader
        eyebrow="Plans"
        title="Plans"
        subtitle="Each plan is the strategy of one unit for one period, in the terms of its framework. Everyone sees the plans of the units they may see."
        actions={
          creatable.length > 0 && !creating ? (
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => {
                setCreating(true);
                setCreated(null);
              }}
            >
              New plan
            </button>
          ) : null
        }
      />
      <div className="stack plans-page">
        <div aria-live="polite" className="plans-status">
          {created && (
            <div className="banner banner-ok" role="status">
              Created “{created.name}”. <Link to={`/plan/${created.id}`}>Open the plan</Link> to add its
              objectives, or choose it from any plan picker.
            </div>
          )}
          {status && !created && (
            <div className="banner banner-ok" role="status">
              {status}
            </div>
          )}
        </div>
        {creating && (
          <Card title="New plan">
            <CreatePlanForm
              units={creatable}
              onCancel={() => setCreating(false)}
              onCreated={(p) => {
                setCreating(false);
                setStatus('');
                setCreated(p);
              }}
            />
          </Card>
        )}
        <Card title="Active plans" actions={<span className="small muted">{active.length} active</span>}>
          {active.length === 0 ? (
            <Empty>No active plan. Create one to start building the strategy.</Empty>
          ) : (
            <div className="table-wrap">
              <table className="table plans-table">
                <thead>
                  <tr>
                    <th scope="col">Plan</th>
                    <th scope="col">Framework</th>
                    <th scope="col">Period</th>
                    <th scope="col">Unit</th>
                    <th scope="col">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {active.map((p) => (
                    <PlanRow
                      key={p.id}
                      plan={p}
                      change={recent(p.id)}
                      onArchive={() => {
                        setCreated(null);
                        setArchiving(p);
                      }}
                      onSaved={(name) => {
                        setCreated(null);
                        setStatus(`Saved “${name}”.`);
                      }}
                    />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
        <Card
          title="Archived plans"
          actions={<span className="small muted">{archived.length} archived</span>}
        >
          {archived.length === 0 ? (
            <Empty>No archived plans.</Empty>
          ) : (
            <div className="table-wrap">
              <table className="table plans-table">
                <thead>
                  <tr>
                    <th scope="col">Plan</th>
                    <th scope="col">Framework</th>
                    <th scope="col">Period</th>
                    <th scope="col">Unit</th>
                    <th scope="col">Archived</th>
                    <th scope="col">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {archived.map((p) => (
                    <tr key={p.id} data-plan={p.name} className={recent(p.id) ? 'just-changed' : undefined}>
                      <th scope="row">
                        <Link to={`/plan/${p.id}`}>{p.name}</Link> <ChangedBy change={recent(p.id)} />
                      </th>
                      <td>{frameworkLabel(p.framework)}</td>
                      <td>{formatPeriod(p.periodStart, p.periodEnd)}</td>
                      <td>{p.unit.name}</td>
                      <td>{p.archivedAt ? formatDateTime(p.archivedAt) : ''}</td>
                      <td className="plans-actions">
                        {p.viewerCan.archive && (
                          <button
                            type="button"
                            className="btn btn-sm"
                            disabled={restoring.loading}
                            onClick={() => {
                              setRestoreError('');
                              setCreated(null);
                              restore({ variables: { id: p.id, version: p.version } }).then(
                                () => setStatus(`Restored “${p.name}”: it is back in every plan picker.`),
                                (e: Error) => setRestoreError(e.message),
                              );
                            }}
                          >
                            Restore
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {restoreError && (
            <div className="banner banner-error" role="alert">
              {restoreError}
            </div>
          )}
        </Card>
      </div>
      {archiving && (
        <ArchivePlanDialog
          plan={archiving}
          onClose={() => setArchiving(null)}
          onArchived={() => {
            setStatus(`Archived “${archiving.name}”. It is no longer offered in the plan pickers.`);
            setArchiving(null);
          }}
        />
      )}
    </>
  );
}
