import { useState } from 'react';
import { Link } from 'react-router-dom';
import { formatNumber, plural } from '../ui/format';
import { ShowAllButton, useShownPart } from '../ui/ShowMore';
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

/** Entries drawn when a unit's list is opened, before "Show all". */
const FIRST = 25;

/**
 * Under a capacity card's unit: this plan's work of the unit (and its teams) that commits people,
 * most people first, with the decisions that free them (pause, stop, complete). The list is drawn
 * only when opened (the company's holds every initiative of the plan).
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
  const [open, setOpen] = useState(false);
  const within = subtreeOf(unitId, units);
  const mine = initiatives
    .filter(
      (i) => within.has(i.unit.id) && (i.status === 'ACTIVE' || i.status === 'PROPOSED') && i.capacity > 0,
    )
    .sort((a, b) => b.capacity - a.capacity);
  if (mine.length === 0) return null;
  return (
    <details className="unit-commitments" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{plural(mine.length, 'initiative')} in this plan committing people</summary>
      {open && <CommitmentList mine={mine} />}
    </details>
  );
}

function CommitmentList({ mine }: { mine: readonly PortfolioInitiative[] }) {
  const part = useShownPart(mine, FIRST);
  return (
    <>
      <ul>
        {part.shown.map((i) => (
          <li key={i.id}>
            <Link to={`/initiatives/${i.id}`} className="grow">
              {i.title}
            </Link>
            <span className="small muted nowrap">{formatNumber(i.capacity)} FTE</span>
            <InitiativeRowActions initiative={i} />
          </li>
        ))}
      </ul>
      <ShowAllButton total={mine.length} part={part} noun="initiative" />
    </>
  );
}
