import { ObjectivePageDocument } from '@throughline/shared/graphql';
import { useQuery } from '@apollo/client/react';
import { lazy, Suspense, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { objectiveDocumentName } from '@throughline/shared';
import { HistoryList } from '../history/HistoryList';
import { ObjectiveForm } from '../plan/forms';
import { useGraphChanged } from '../plan/useGraphChanged';
import { Card, Empty, ErrorState, HealthBadge, Loading, NotFound, PageHeader } from '../ui/components';
import { formatDate, humanize } from '../ui/format';
import { InitiativeListItem, KpiListItem } from '../ui/rows';
import { useTitle } from '../ui/useTitle';

const DocumentSection = lazy(() => import('../collab/DocumentSection'));

/** An objective: health roll-up, cascade, KPIs, initiatives, co-edited description, edit form, history. */
export default function ObjectivePage() {
  const { id = '' } = useParams();
  const { data, error, refetch } = useQuery(ObjectivePageDocument, { variables: { id } });
  const [editing, setEditing] = useState(false);
  useGraphChanged(data?.objective?.unit.id, () => void refetch());
  useTitle(data?.objective?.title ?? 'Objective');
  if (error && !data) return <ErrorState error={error} />;
  if (!data) return <Loading />;
  const o = data.objective;
  if (!o) return <NotFound what="objective" />;
  const chain = [o.parent?.parent, o.parent].filter(Boolean) as { id: string; title: string }[];
  return (
    <>
      <PageHeader
        eyebrow={
          <>
            <Link to={`/map/${o.plan.id}`}>{o.plan.name}</Link>
            {chain.map((c) => (
              <span key={c.id}>
                {' '}
                › <Link to={`/objectives/${c.id}`}>{c.title}</Link>
              </span>
            ))}
          </>
        }
        title={o.title}
        subtitle={
          <>
            {o.perspective ? humanize(o.perspective) + ' · ' : ''}
            {o.unit.name} · owned by {o.owner.name}
            {o.periodStart ? ` · ${formatDate(o.periodStart)} – ${formatDate(o.periodEnd)}` : ''}
          </>
        }
        actions={
          <>
            <HealthBadge health={o.health} />
            {o.viewerCan.edit && (
              <button
                type="button"
                className="btn"
                onClick={() => setEditing((e) => !e)}
                aria-expanded={editing}
              >
                {editing ? 'Close editor' : 'Edit'}
              </button>
            )}
          </>
        }
      />
      {editing && o.viewerCan.edit && (
        <Card title="Edit objective" className="edit-card">
          <ObjectiveForm objective={o} onSaved={() => void refetch()} />
        </Card>
      )}
      <div className={`grid grid-main-side ${editing && o.viewerCan.edit ? 'mt-4' : 'mt-0'}`}>
        <div className="stack">
          <Card
            title="KPIs measuring this objective"
            actions={<span className="pill-count">{o.kpis.length}</span>}
          >
            {o.kpis.length === 0 ? (
              <div className="banner banner-warn">
                No KPI measures this objective: its health cannot be judged from data.
              </div>
            ) : (
              <ul className="list">
                {o.kpis.map((k) => (
                  <KpiListItem key={k.id} kpi={k} />
                ))}
              </ul>
            )}
          </Card>
          <Card
            title="Initiatives supporting it"
            actions={<span className="pill-count">{o.initiatives.length}</span>}
          >
            {o.initiatives.length === 0 ? (
              <Empty>No initiative supports this objective.</Empty>
            ) : (
              <ul className="list">
                {o.initiatives.map((i) => (
                  <InitiativeListItem key={i.id} initiative={i} />
                ))}
              </ul>
            )}
          </Card>
          <Card title="Description">
            <Suspense fallback={<Loading label="Opening the editor" />}>
              <DocumentSection
                documentName={objectiveDocumentName(o.id)}
                field="description"
                label="Objective description"
                fallbackText={o.description}
                placeholder="What does success look like?"
              />
            </Suspense>
          </Card>
        </div>
        <div className="stack">
          <Card title="Cascaded objectives">
            {o.children.length === 0 ? (
              <Empty>None.</Empty>
            ) : (
              <ul className="list">
                {o.children.map((c) => (
                  <li key={c.id}>
                    <HealthBadge health={c.health} compact />
                    <div className="grow">
                      <Link className="title" to={`/objectives/${c.id}`}>
                        {c.title}
                      </Link>
                      <div className="meta">
                        {c.unit.name} · {c.owner.name}
                      </div>
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card title="History" actions={<Link to={`/history?subject=${o.id}&type=OBJECTIVE`}>All</Link>}>
            <HistoryList subjectId={o.id} first={10} />
          </Card>
        </div>
      </div>
    </>
  );
}
