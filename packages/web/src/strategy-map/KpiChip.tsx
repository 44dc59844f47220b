import { Link } from 'react-router-dom';
import { HealthBadge } from '../ui/components';
import { compactValue, formatValue } from '../ui/format';
import type { MapKpi } from './plan-graph';

/** A KPI on the map: health, name, latest value against its target; opens the KPI. */
export function KpiChip({ k }: { k: MapKpi }) {
  return (
    <Link
      to={`/kpis/${k.id}`}
      className="map-kpi"
      title={`${k.name}: ${formatValue(k.latest?.value, k.unitOfMeasure)} against ${formatValue(k.target, k.unitOfMeasure)}`}
    >
      <HealthBadge health={k.health} compact />
      <span className="map-kpi-name">{k.name}</span>
      <span className="map-kpi-val">
        {compactValue(k.latest?.value, k.unitOfMeasure)}
        <span className="faint"> / {compactValue(k.target, k.unitOfMeasure)}</span>
      </span>
    </Link>
  );
}
