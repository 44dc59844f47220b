import { UnitFollowThroughDocument } from '@throughline/shared/graphql';
import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router-dom';
import { Card, ErrorState, Loading } from '../ui/components';
import { percent } from './follow-through-text';
import { FollowThroughSummary } from './FollowThroughSummary';
import './follow-through.css';

/** A unit's follow-through for its home: the share, its trend across the unit's reviews, and per owner. */
export function FollowThroughCard({ unitId }: { unitId: string }) {
  const { data, error } = useQuery(UnitFollowThroughDocument, { variables: { unitId } });
  const f = data?.followThrough;
  return (
    <Card title="Follow-through" className="ft-card">
      {error && !f ? (
        <ErrorState error={error} title="Follow-through could not be loaded" />
      ) : !f ? (
        <Loading />
      ) : (
        <div className="stack">
          <FollowThroughSummary figures={f} />
          {f.byOwner.length > 0 && (
            <table className="table ft-owners">
              <caption className="sr-only">Follow-through per owner</caption>
              <thead>
                <tr>
                  <th scope="col">Owner</th>
                  <th scope="col" className="num">
                    Decisions
                  </th>
                  <th scope="col" className="num">
                    Actions
                  </th>
                </tr>
              </thead>
              <tbody>
                {f.byOwner.map((o) => (
                  <tr key={o.owner.id}>
                    <td>
                      <Link to={`/people/${o.owner.id}`}>{o.owner.name}</Link>
                    </td>
                    <td className="num nowrap">
                      {o.decisionsDue
                        ? `${percent(o.decisionRate)} · ${o.decisionsOnTime}/${o.decisionsDue}`
                        : '—'}
                    </td>
                    <td className="num nowrap">
                      {o.due ? `${percent(o.rate)} · ${o.doneOnTime}/${o.due}` : '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </Card>
  );
}
