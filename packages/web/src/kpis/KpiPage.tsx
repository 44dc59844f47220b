import { KpiPageDocument } from '@throughline/shared/graphql';
import { useQuery } from '@apollo/client/react';
import { useEffect } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { KpiChangeList } from './KpiChangeList';
import { Card, Chip, Empty, ErrorState, HealthBadge, Loading, NotFound, PageHeader } from '../ui/components';
import {
  formatDate,
  formatDateTime,
  formatNumber,
  formatPeriod,
  humanize,
  THRESHOLD_LABEL,
  unitSuffix,
} from '../ui/format';
import { StatusChip } from '../ui/rows';
import { useTitle } from '../ui/useTitle';
import { KpiTrendChart } from './KpiTrendChart';
import './kpi-page.css';
import { RecordMeasurementForm } from './RecordMeasurementForm';

/** A KPI: its trend against targets and bands, recording a value, its history. */
export default function KpiPage() {
  const { id = '' } = useParams();
  const { data, error, refetch } = useQuery(KpiPageDocument, { variables: { id } });
  const { hash } = useLocation();
  const canRecord = !!data?.kpi?.viewerCan.recordMeasurement;
  useTitle(data?.kpi?.name ?? 'KPI');
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
      <div className="stats kpi-stats">
        <div className="stat">
          <div className="stat-value" data-testid="kpi-latest">
            {formatNumber(k.latest?.value)}
          </div>
          {k.unitOfMeasure && <div className="stat-unit">{k.unitOfMeasure}</div>}
          <div className="stat-label">Latest · {formatDate(k.latest?.at)}</div>
        </div>
        <div className="stat">
          <div className="stat-value">{formatNumber(ct?.target ?? k.target)}</div>
          {k.unitOfMeasure && <div className="stat-unit">{k.unitOfMeasure}</div>}
          <div className="stat-label">
            Target {ct ? `· ${formatDate(ct.periodStart)} – ${formatDate(ct.periodEnd)}` : ''}
          </div>
        </div>
        <div className="stat">
          <div className="stat-value">{formatNumber(k.baseline)}</div>
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
                          {m.correctsId ? ' · corrected' : ''}
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
          {canRecord && (
            <Card title="Record a value" id="record">
              <RecordMeasurementForm
                kpiId={k.id}
                unitOfMeasure={k.unitOfMeasure}
                frequency={k.frequency}
                measurements={measurements}
                onRecorded={() => void refetch()}
              />
            </Card>
          )}
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
