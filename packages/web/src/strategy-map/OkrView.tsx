import { skipToken, useQuery } from '@apollo/client/react';
import { PlanOkrDocument } from '@throughline/shared/graphql';
import { useState, type CSSProperties } from 'react';
import { Link } from 'react-router-dom';
import { Empty, ErrorState, HealthBadge, Loading } from '../ui/components';
import { formatDate, formatValue } from '../ui/format';
import { PAGE } from './map-filter';
import { keyResultOf, type KeyResult, type Quarter } from './okr';
import type { OutlineObjective } from './plan-graph';
import { useKeyResultConfidence, type KeyResultConfidence } from '../checkins/useKeyResultConfidence';
import { CHECK_IN_STATUS_LABEL } from '../checkins/check-in-text';
import './okr.css';

/**
 * The OKR view: each objective with its key results for the chosen quarter — KPIs with a target
 * in that quarter — as progress from where the quarter started to the target.
 */
export function OkrView({
  planId,
  objectives,
  quarter,
}: {
  planId: string;
  objectives: readonly OutlineObjective[];
  quarter: Quarter | null;
}) {
  const { data, error } = useQuery(
    PlanOkrDocument,
    // Outside the normalised cache: a large plan's thousands of KPIs took seconds to write there.
    quarter
      ? { variables: { id: planId, from: quarter.start, to: quarter.end }, fetchPolicy: 'no-cache' }
      : skipToken,
  );
  const [shown, setShown] = useState(PAGE);
  const confidence = useKeyResultConfidence(planId);
  if (!quarter) return <Empty>This plan has no period to pick a quarter from.</Empty>;
  if (error && !data) return <ErrorState error={error} />;
  if (!data?.plan) return <Loading label="Loading key results" />;
  const kpisOf = new Map(data.plan.objectives.map((o) => [o.id, o.kpis]));
  const rows = objectives.map((o) => ({
    o,
    krs: (kpisOf.get(o.id) ?? []).map((k) => keyResultOf(k)).filter((kr): kr is KeyResult => kr !== null),
  }));
  const withKrs = rows.filter((r) => r.krs.length > 0);
  const without = rows.length - withKrs.length;
  if (rows.length === 0) return <Empty>No objectives match.</Empty>;
  return (
    <section className="card okr" aria-labelledby="okr-title">
      <div className="card-head">
        <h2 id="okr-title">Objectives and key results, {quarter.label}</h2>
        <span className="small faint">
          Key results are KPIs with a target in the quarter, from where the quarter started to the target.
        </span>
      </div>
      {withKrs.length === 0 && <Empty>No KPI has a target in {quarter.label}.</Empty>}
      <ol className="okr-list" role="list">
        {withKrs.slice(0, shown).map(({ o, krs }) => (
          <li key={o.id} className="okr-objective">
            <div className="okr-objective-head">
              <h3>
                <Link to={`/objectives/${o.id}`}>{o.title}</Link>
              </h3>
              <HealthBadge health={o.health} />
              <span className="small faint okr-owner">
                {o.unit.name} · {o.owner.name}
              </span>
            </div>
            <table className="okr-krs">
              <caption className="sr-only">Key results of {o.title}</caption>
              <thead>
                <tr>
                  <th scope="col">Key result</th>
                  <th scope="col">Start</th>
                  <th scope="col">Now</th>
                  <th scope="col">Target</th>
                  <th scope="col">Progress</th>
                  <th scope="col">Confidence</th>
                </tr>
              </thead>
              <tbody>
                {krs.map((kr) => (
                  <KeyResultRow key={kr.id} kr={kr} confidence={confidence.get(kr.id) ?? null} />
                ))}
              </tbody>
            </table>
          </li>
        ))}
      </ol>
      {withKrs.length > shown && (
        <button type="button" className="btn btn-sm" onClick={() => setShown((s) => s + PAGE)}>
          Show {Math.min(PAGE, withKrs.length - shown)} more objectives
        </button>
      )}
      {without > 0 && (
        <p className="small faint okr-footnote">
          {without} objective{without === 1 ? ' has' : 's have'} no key result with a target in{' '}
          {quarter.label}. Confidence comes from each key result’s latest check-in.
        </p>
      )}
    </section>
  );
}

function KeyResultRow({ kr, confidence }: { kr: KeyResult; confidence: KeyResultConfidence | null }) {
  const pct = kr.progress == null ? null : Math.round(kr.progress * 100);
  return (
    <tr>
      <th scope="row">
        <Link to={`/kpis/${kr.id}`}>{kr.name}</Link>
      </th>
      <td className="num">{formatValue(kr.start, kr.unitOfMeasure)}</td>
      <td className="num">
        {kr.current == null ? 'No value yet' : formatValue(kr.current, kr.unitOfMeasure)}
      </td>
      <td className="num">{formatValue(kr.target, kr.unitOfMeasure)}</td>
      <td className="okr-progress-cell">
        {pct == null ? (
          <span className="small faint">Not measurable yet</span>
        ) : (
          <div className="okr-progress">
            <div
              className="okr-bar"
              role="progressbar"
              aria-label={`${kr.name}: ${pct}% of the way to target`}
              aria-valuenow={pct}
              aria-valuemin={0}
              aria-valuemax={100}
            >
              <div className="okr-bar-fill" style={{ '--progress': `${pct}%` } as CSSProperties} />
            </div>
            <span className="num small">{pct}%</span>
          </div>
        )}
      </td>
      {confidence ? (
        <td className="okr-confidence" title={`Checked in ${formatDate(confidence.postedAt)}`}>
          <span className="num">{confidence.confidence}/10</span>{' '}
          <span className="small faint">{CHECK_IN_STATUS_LABEL[confidence.status]}</span>
        </td>
      ) : (
        <td className="small faint">Not checked in</td>
      )}
    </tr>
  );
}
