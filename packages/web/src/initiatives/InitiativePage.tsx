import {
  AddMilestoneDocument,
  InitiativePageDocument,
  ToggleMilestoneDocument,
} from '@throughline/shared/graphql';
import { useMutation, useQuery } from '@apollo/client/react';
import { lazy, Suspense, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { initiativeDocumentName } from '@throughline/shared';
import { fieldErrors } from '../graphql/errors';
import { HistoryList } from '../history/HistoryList';
import { useGraphChanged } from '../plan/useGraphChanged';
import {
  Card,
  Empty,
  ErrorState,
  Field,
  HealthBadge,
  Loading,
  NotFound,
  PageHeader,
  Progress,
} from '../ui/components';
import { formatDate, formatMoney, isPast } from '../ui/format';
import { healthStyle } from '../ui/health';
import { KpiListItem, StatusChip } from '../ui/rows';
import { FormError, useForm, type FieldErrors } from '../ui/form';
import { useTitle } from '../ui/useTitle';
import './initiative.css';

const DocumentSection = lazy(() => import('../collab/DocumentSection'));

function AddMilestoneForm({ initiativeId, onAdded }: { initiativeId: string; onAdded: () => void }) {
  const [title, setTitle] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [add] = useMutation(AddMilestoneDocument);
  const form = useForm();
  const { errors } = form;
  const onSubmit = form.handleSubmit({
    validate: () => {
      const errs: FieldErrors = {};
      if (!title.trim()) errs.title = 'Name the milestone.';
      if (!dueDate) errs.dueDate = 'Pick a due date.';
      return errs;
    },
    send: () => add({ variables: { input: { initiativeId, title: title.trim(), dueDate } } }),
    onSuccess: () => {
      setTitle('');
      setDueDate('');
      onAdded();
    },
  });
  return (
    <form onSubmit={onSubmit} noValidate className="form-grid mt-3 items-end" aria-label="Add a milestone">
      <Field label="New milestone" error={errors.title}>
        {(p) => <input {...p} className="input" value={title} onChange={(e) => setTitle(e.target.value)} />}
      </Field>
      <Field label="Due" error={errors.dueDate}>
        {(p) => (
          <input
            {...p}
            className="input"
            type="date"
            value={dueDate}
            onChange={(e) => setDueDate(e.target.value)}
          />
        )}
      </Field>
      <div>
        <button className="btn" type="submit" disabled={form.submitting}>
          Add milestone
        </button>
      </div>
      <FormError message={errors._form} />
    </form>
  );
}

/** An initiative: delivery (milestones) next to impact (KPIs), links, description, history. */
export default function InitiativePage() {
  const { id = '' } = useParams();
  const { data, error, refetch } = useQuery(InitiativePageDocument, { variables: { id } });
  const [toggle] = useMutation(ToggleMilestoneDocument);
  const [toggleError, setToggleError] = useState<string | null>(null);
  useGraphChanged(data?.initiative?.unit.id, () => void refetch());
  useTitle(data?.initiative?.title ?? 'Initiative');
  if (error && !data) return <ErrorState error={error} />;
  if (!data) return <Loading />;
  const i = data.initiative;
  if (!i) return <NotFound what="initiative" />;
  const p = i.progress;
  const done = i.milestones.filter((m) => m.completedAt).length;
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
            <StatusChip status={i.status} />
            <HealthBadge health={i.health} />
          </>
        }
      />
      {i.objectives.length === 0 && (
        <div className="banner banner-warn" role="note">
          This initiative supports no objective. It may not belong in the portfolio.
        </div>
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
            <span className="faint big-number-of"> / {p.kpisTargeted}</span>
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
          <Card title="Milestones">
            <FormError message={toggleError} />
            {i.milestones.length === 0 ? (
              <Empty>No milestones yet.</Empty>
            ) : (
              <ul className="list">
                {[...i.milestones]
                  .sort((a, b) => a.dueDate.localeCompare(b.dueDate))
                  .map((m) => {
                    const overdue = !m.completedAt && isPast(m.dueDate);
                    return (
                      <li key={m.id}>
                        <input
                          type="checkbox"
                          id={`ms-${m.id}`}
                          checked={!!m.completedAt}
                          disabled={!i.viewerCan.edit}
                          onChange={async (e) => {
                            setToggleError(null);
                            try {
                              await toggle({
                                variables: {
                                  input: { id: m.id, version: m.version, completed: e.target.checked },
                                },
                              });
                              void refetch();
                            } catch (err) {
                              setToggleError(
                                Object.values(fieldErrors(err))[0] ?? 'Could not update the milestone.',
                              );
                              void refetch();
                            }
                          }}
                        />
                        <label htmlFor={`ms-${m.id}`} className={`grow title${m.completedAt ? ' done' : ''}`}>
                          {m.title}
                        </label>
                        <span className={`small nowrap ${overdue ? 'tone-red' : 'faint'}`}>
                          {m.completedAt
                            ? `done ${formatDate(m.completedAt)}`
                            : `${overdue ? 'overdue since' : 'due'} ${formatDate(m.dueDate)}`}
                        </span>
                      </li>
                    );
                  })}
              </ul>
            )}
            {i.viewerCan.addChild && <AddMilestoneForm initiativeId={i.id} onAdded={() => void refetch()} />}
          </Card>
          <Card title="KPIs it should move">
            {i.kpis.length === 0 ? (
              <div className="banner banner-warn">Targets no KPI: its impact cannot be measured.</div>
            ) : (
              <ul className="list">
                {i.kpis.map((k) => (
                  <KpiListItem key={k.id} kpi={k} />
                ))}
              </ul>
            )}
          </Card>
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
          <Card title="Resources">
            <dl className="facts">
              <dt>Budget</dt>
              <dd>{formatMoney(i.budget)}</dd>
              <dt>Capacity</dt>
              <dd>{i.capacity} FTE</dd>
              <dt>Owner</dt>
              <dd>{i.owner.name}</dd>
              <dt>Unit</dt>
              <dd>{i.unit.name}</dd>
            </dl>
          </Card>
          <Card title="Supports objectives">
            {i.objectives.length === 0 ? (
              <Empty>None.</Empty>
            ) : (
              <ul className="list">
                {i.objectives.map((o) => (
                  <li key={o.id}>
                    <HealthBadge health={o.health} compact />
                    <Link className="grow title" to={`/objectives/${o.id}`}>
                      {o.title}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card title="History" actions={<Link to={`/history?subject=${i.id}&type=INITIATIVE`}>All</Link>}>
            <HistoryList subjectId={i.id} first={10} />
          </Card>
        </div>
      </div>
    </>
  );
}
