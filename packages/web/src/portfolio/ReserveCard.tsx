import type { PortfolioCapacityQuery } from '@throughline/shared/graphql';
import { useState, type CSSProperties, type ReactNode } from 'react';
import { capacityScope, capacityText } from '../ui/capacity';
import { Card, Progress } from '../ui/components';
import { capacityRows } from './portfolio-model';
import ReserveForm from './ReserveForm';
import { reserveText, reserveTone } from './reserve-text';
import './capacity.css';

type Units = PortfolioCapacityQuery['units'];

/**
 * Capacity of the company and each department against its available people, with the strategic
 * reserve each keeps free: the bar marks where the reserve begins; its head or an executive sets it.
 */
export default function ReserveCard({
  units,
  unitExtra,
}: {
  units: Units;
  /** What goes under a unit's row (the work committing its people, with its actions). */
  unitExtra?: (unitId: string) => ReactNode;
}) {
  const [editing, setEditing] = useState<string | null>(null);
  const rows = capacityRows(units);
  const companyScope = capacityScope(rows.find((r) => r.unit.kind === 'COMPANY'));
  return (
    <Card title="Capacity and strategic reserve" className="reserve-card">
      <ul className="list">
        {rows.map((c) => {
          const unit = units.find((u) => u.id === c.unit.id)!;
          const cap = unit.capacity!;
          const tone = reserveTone(cap);
          return (
            <li key={c.unit.id} className="block reserve-row">
              <div className="row">
                <span className="title grow">{c.unit.name}</span>
                <span
                  className={`small nowrap ${cap.overcommitted ? 'tone-red' : 'muted'}`}
                  data-testid={`capacity-${c.unit.name}`}
                >
                  {capacityText(cap)}
                  {cap.overcommitted ? ' · over' : ''}
                  {capacityScope(cap) ? ` · ${capacityScope(cap)}` : ''}
                </span>
              </div>
              <div
                className="reserve-bar"
                style={
                  {
                    '--reserve-at': `${Math.max(0, 100 - cap.reserveShare * 100)}%`,
                  } as CSSProperties
                }
              >
                <Progress
                  value={cap.available ? cap.committed / cap.available : cap.committed ? 1 : 0}
                  label={`${c.unit.name} capacity used`}
                  tone={tone}
                />
              </div>
              <div className="row">
                <span
                  className={`small grow ${tone === 'green' ? 'muted' : `tone-${tone}`}`}
                  data-testid={`reserve-${c.unit.name}`}
                >
                  {reserveText(cap)}
                </span>
                {unit.viewerCan.edit && editing !== unit.id && (
                  <button type="button" className="btn btn-ghost btn-sm" onClick={() => setEditing(unit.id)}>
                    Set reserve of {unit.name}
                  </button>
                )}
              </div>
              {editing === unit.id && <ReserveForm unit={unit} onDone={() => setEditing(null)} />}
              {unitExtra?.(unit.id)}
            </li>
          );
        })}
      </ul>
      <p className="small faint mt-2">
        Counts active and proposed initiatives of each unit and the teams below it, in any plan, against the
        people those units have available. The reserve is the share kept free for what comes up; work that
        eats into it raises an alert to the unit&rsquo;s head.
        {companyScope && ' Units you cannot see are left out: visible units only.'}
      </p>
    </Card>
  );
}
