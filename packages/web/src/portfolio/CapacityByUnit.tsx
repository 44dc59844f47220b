import { UnitCapacityByUnitDocument } from '@throughline/shared/graphql';
import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router-dom';
import { useGraphChanged } from '../plan/useGraphChanged';
import { capacityScope, capacityText } from '../ui/capacity';
import { Card, ErrorState, Loading } from '../ui/components';
import { reserveText, reserveTone } from './reserve-text';
import './capacity.css';

/**
 * The department home's capacity comparison: each unit — the department itself and each of its
 * teams — with its own committed people against its own available people, then the department
 * with its teams (the sum of those rows, the figure every other screen shows) and its reserve.
 */
export default function CapacityByUnit({ unitId }: { unitId: string }) {
  const { data, error, refetch } = useQuery(UnitCapacityByUnitDocument, { variables: { unitId } });
  useGraphChanged(unitId, () => void refetch());
  if (error && !data) return <ErrorState error={error} />;
  const unit = data?.unit;
  const cap = unit?.capacity;
  return (
    <Card
      title="Capacity by unit"
      className="capacity-by-unit-card"
      actions={
        <Link className="small" to="/portfolio">
          Portfolio
        </Link>
      }
    >
      {!data ? (
        <Loading />
      ) : !unit || !cap ? (
        <p className="small muted">No capacity figures for this unit.</p>
      ) : (
        <>
          <table className="table capacity-by-unit">
            <caption className="small muted">
              Committed: active and proposed initiatives, in any plan. Each row counts that unit&rsquo;s own
              people and work; the total counts the teams too.
            </caption>
            <thead>
              <tr>
                <th scope="col">Unit</th>
                <th scope="col" className="num">
                  FTE committed / available
                </th>
              </tr>
            </thead>
            <tbody>
              {cap.byUnit.map((p) => (
                <tr key={p.unit.id} data-testid={`unit-capacity-${p.unit.name}`}>
                  <th scope="row">
                    {p.unit.name}
                    {p.unit.id === unit.id && cap.byUnit.length > 1 && (
                      <span className="small faint"> (itself)</span>
                    )}
                  </th>
                  <td className={`num nowrap ${p.overcommitted ? 'tone-red' : ''}`}>
                    {capacityText(p, false)}
                    {p.overcommitted ? ' · over' : ''}
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr data-testid="unit-capacity-total">
                <th scope="row">
                  {unit.name}
                  {cap.byUnit.length > 1 ? ' with its teams' : ''}
                </th>
                <td className={`num nowrap ${cap.overcommitted ? 'tone-red' : ''}`}>
                  {capacityText(cap, false)}
                  {cap.overcommitted ? ' · over' : ''}
                </td>
              </tr>
            </tfoot>
          </table>
          <p className={`small mt-2 ${cap.reserveUsed ? `tone-${reserveTone(cap)}` : 'muted'}`}>
            {reserveText(cap)}
            {capacityScope(cap) ? ` · ${capacityScope(cap)}` : ''}
          </p>
        </>
      )}
    </Card>
  );
}
