import { KpiPageDocument, RecordMeasurementDocument } from '@throughline/shared/graphql';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import {
  Card,
  Chip,
  Empty,
  ErrorState,
  Field,
  HealthBadge,
  Loading,
  NotFound,
  PageHeader,
} from '../ui/components';
import {
  formatDate,
  formatDateTime,
  formatNumber,
  formatPeriod,
  formatValue,
  humanize,
  THRESHOLD_LABEL,
  unitSuffix,
} from '../ui/format';
import { StatusChip } from '../ui/rows';
import { FormError, useForm } from '../ui/form';
import { useTitle } from '../ui/useTitle';
import { validateMeasurement } from './chart-data';
import { KpiChangeList } from './KpiChangeList';
import { KpiTrendChart } from './KpiTrendChart';

function localNow(): string {
  const d = new Date();
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
}

/** Records one value with client-side checks first, then the server's errors shown by field. */
function RecordMeasurementForm({
  kpiId,
  unitOfMeasure,
  onRecorded,
}: {
  kpiId: string;
  unitOfMeasure: string;
  onRecorded: () => void;
}) {
  const [value, setValue] = useState('');
  const [at, setAt] = useState(localNow);
  const [note, setNote] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const [record] = useMutation(RecordMeasurementDocument);
  const form = useForm();
  const { errors } = form;
  const onSubmit = form.handleSubmit({
    validate: () => validateMeasurement({ value, at, note }),
    send: () =>
      record({
        variables: {
          input: {
            kpiId,
            value: Number(value.trim().replace(',', '.')),
            at: new Date(at).toISOString(),
            note: note.trim() || null,
          },
        },
      }),
    onSuccess: () => {
      setSaved(`Recorded ${formatValue(Number(value.replace(',', '.')), unitOfMeasure)}.`);
      setValue('');
      setNote('');
      onRecorded();
    },
  });

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Record a measurement">
      <div className="form-grid form-grid-roomy">
        <Field label={`Value${unitOfMeasure ? ` (${unitOfMeasure})` : ''}`} error={errors.value}>
          {(p) => (
            <input
              {...p}
              className="input"
              inputMode="decimal"
              name="value"
              value={value}
              onChange={(e) => setValue(e.target.value)}
            />
          )}
        </Field>
        <Field label="For date" error={errors.at}>
          {(p) => (
            <input
              {...p}
              className="input"
              type="datetime-local"
              name="at"
              value={at}
              onChange={(e) => setAt(e.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="mt-3">
        <Field
          label="Note (optional)"
          error={errors.note}
          hint="What explains this value? Kept in the history."
        >
          {(p) => (
            <textarea
              {...p}
              className="input"
              name="note"
              rows={2}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
          )}
        </Field>
      </div>
      <FormError message={errors._form ?? errors.kpiId} className="mt-3" />
      <div className="form-actions">
        <button className="btn btn-primary" type="submit" disabled={form.submitting}>
          {form.submitting ? 'Recording…' : 'Record value'}
        </button>
        {form.succeeded && saved && (
          <span className="tone-green small" role="status">
            {saved}
          </span>
        )}
      </div>
    </form>
  );
}

/** A KPI: its trend against targets and bands, recording a value, its history. */
export default function KpiPage() {
  const { id = '' } = useParams();
  const { data, error, refetch } = useQuery(KpiPageDocument, { variables: { id } });
  useTitle(data?.kpi?.name ?? 'KPI');
  if (error && !data) return <ErrorState error={error} />;
  if (!data) return <Loading />;
  const k = data.kpi;
  if (!k) return <NotFound what="KPI" />;
  const measurements = k.measurements.edges.map((e) => e.node);
  const ct = k.currentTarget;
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
            <HealthBadge health={k.health} />
            {k.stale && <Chip tone="amber">Stale: no value for over {k.maxAgeDays} days</Chip>}
            <Link className="btn" to={`/history?subject=${k.id}&type=KPI`}>
              History
            </Link>
          </>
        }
      />
      <div className="stats">
        <div className="stat">
          <div className="stat-value" data-testid="kpi-latest">
            {formatValue(k.latest?.value, k.unitOfMeasure)}
          </div>
          <div className="stat-label">Latest · {formatDate(k.latest?.at)}</div>
        </div>
        <div className="stat">
          <div className="stat-value">{formatValue(ct?.target ?? k.target, k.unitOfMeasure)}</div>
          <div className="stat-label">
            Target {ct ? `· ${formatDate(ct.periodStart)} – ${formatDate(ct.periodEnd)}` : ''}
          </div>
        </div>
        <div className="stat">
          <div className="stat-value">{formatValue(k.baseline, k.unitOfMeasure)}</div>
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
          <Card title="Values" actions={<span className="pill-count">{measurements.length}</span>}>
            {measurements.length === 0 ? (
              <Empty>No values yet.</Empty>
            ) : (
              <div className="table-wrap scroll-y">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">For</th>
                      <th scope="col" className="num">
                        Value{unitSuffix(k.unitOfMeasure)}
                      </th>
                      <th scope="col">Note</th>
                      <th scope="col">Recorded</th>
                    </tr>
                  </thead>
                  <tbody>
                    {measurements.map((m) => (
                      <tr key={m.id}>
                        <td className="nowrap">{formatDate(m.at)}</td>
                        <td className="num">{formatNumber(m.value)}</td>
                        <td className="muted">{m.note ?? ''}</td>
                        <td className="faint small nowrap">
                          {formatDateTime(m.recordedAt)}
                          {m.source ? ` · ${m.source}` : ''}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </Card>
        </div>
        <div className="stack">
          <Card title="Record a value">
            <RecordMeasurementForm
              kpiId={k.id}
              unitOfMeasure={k.unitOfMeasure}
              onRecorded={() => void refetch()}
            />
          </Card>
          <Card title="Measures objectives">
            {k.objectives.length === 0 ? (
              <div className="banner banner-warn">Linked to no objective: this may be a vanity metric.</div>
            ) : (
              <ul className="list">
                {k.objectives.map((o) => (
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
          <Card title={`Targets${unitSuffix(k.unitOfMeasure)}`}>
            {k.targets.length === 0 ? (
              <Empty>No targets set.</Empty>
            ) : (
              <div className="table-wrap">
                <table className="table table-compact">
                  <thead>
                    <tr>
                      <th scope="col">Period</th>
                      <th scope="col" className="num">
                        Target
                      </th>
                      <th scope="col" className="num">
                        {THRESHOLD_LABEL.amber}
                      </th>
                      <th scope="col" className="num">
                        {THRESHOLD_LABEL.red}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...k.targets]
                      .reverse()
                      .slice(0, 8)
                      .map((t) => (
                        <tr key={t.id}>
                          <td
                            className="nowrap"
                            title={`${formatDate(t.periodStart)} – ${formatDate(t.periodEnd)}`}
                          >
                            {formatPeriod(t.periodStart, t.periodEnd)}
                          </td>
                          <td className="num">{formatNumber(t.target)}</td>
                          <td className="num">{formatNumber(t.amber)}</td>
                          <td className="num">{formatNumber(t.red)}</td>
                        </tr>
                      ))}
                  </tbody>
                </table>
              </div>
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
