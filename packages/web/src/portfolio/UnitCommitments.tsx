import { Link } from 'react-router-dom';
import { formatNumber, plural } from '../ui/format';
import { InitiativeRowActions } from './InitiativeRowActions';
import type { PortfolioInitiative, PortfolioUnit } from './portfolio-model';
import './initiative-row-actions.css';

/** The unit and every unit below it. */
function subtreeOf(unitId: string, units: readonly PortfolioUnit[]): Set<string> {
  const ids = new Set([unitId]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const u of units)
      if (u.parentId && ids.has(u.parentId) && !ids.has(u.id)) {
        ids.add(u.id);
        grew = true;
      }
  }
  return ids;
}

/**
 * Under a capacity card's unit: this plan's work of the unit (and its teams) that commits people,
 * most people first, with the decisions that free them (pause, stop, complete).
 */
export function UnitCommitments({
  unitId,
  units,
  initiatives,
}: {
  unitId: string;
  units: readonly PortfolioUnit[];
  initiatives: readonly PortfolioInitiative[];
}) {
  const within = subtreeOf(unitId, units);
  const mine = initiatives
    .filter(
      (i) => within.has(i.unit.id) && (i.status === 'ACTIVE' || i.status === 'PROPOSED') && i.capacity > 0,
    )
    .sort((a, b) => b.capacity - a.capacity);
  if (mine.length === 0) return null;
  return (
    <details className="unit-commitments">
      <summary>{plural(mine.length, 'initiative')} in this plan committing people</summary>
      <ul>
        {mine.map((i) => (
          <li key={i.id}>
            <Link to={`/initiatives/${i.id}`} className="grow">
              {i.title}
            </Link>
            <span className="small muted nowrap">{formatNumber(i.capacity)} FTE</span>
            <InitiativeRowActions initiative={i} />
          </li>
        ))}
      </ul>
    </details>
  );
}
