import { healthLabel } from '../ui/format';
import { HEALTH_CHOICES } from '../ui/health';
import type { MapFilter } from './map-filter';
import './map-toolbar.css';

/** Search and filters of the map (unit, owner, health), and collapse/expand for the tree. */
export function MapToolbar({
  filter,
  onChange,
  units,
  owners,
  shown,
  total,
  onExpandAll,
  onCollapseAll,
}: {
  filter: MapFilter;
  onChange: (f: MapFilter) => void;
  units: readonly { id: string; label: string }[];
  owners: readonly { id: string; label: string }[];
  shown: number;
  total: number;
  onExpandAll?: () => void;
  onCollapseAll?: () => void;
}) {
  const filtering = shown !== total || !!(filter.text || filter.unitId || filter.ownerId || filter.health);
  return (
    <div className="map-toolbar" role="search" aria-label="Find objectives">
      <label className="map-tool">
        <span>Search</span>
        <input
          type="search"
          className="input"
          value={filter.text}
          placeholder="Objective or KPI"
          onChange={(e) => onChange({ ...filter, text: e.target.value })}
        />
      </label>
      <label className="map-tool">
        <span>Unit</span>
        <select
          className="input"
          value={filter.unitId}
          onChange={(e) => onChange({ ...filter, unitId: e.target.value })}
        >
          <option value="">All units</option>
          {units.map((u) => (
            <option key={u.id} value={u.id}>
              {u.label}
            </option>
          ))}
        </select>
      </label>
      <label className="map-tool">
        <span>Owner</span>
        <select
          className="input"
          value={filter.ownerId}
          onChange={(e) => onChange({ ...filter, ownerId: e.target.value })}
        >
          <option value="">Everyone</option>
          {owners.map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      <label className="map-tool">
        <span>Health</span>
        <select
          className="input"
          value={filter.health}
          onChange={(e) => onChange({ ...filter, health: e.target.value })}
        >
          <option value="">Any health</option>
          {HEALTH_CHOICES.map((h) => (
            <option key={h} value={h}>
              {healthLabel(h)}
            </option>
          ))}
        </select>
      </label>
      <div className="map-tool-actions">
        {filtering && (
          <>
            <span className="small" role="status">
              {shown} of {total} objectives
            </span>
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => onChange({ text: '', unitId: '', ownerId: '', health: '' })}
            >
              Clear filters
            </button>
          </>
        )}
        {onExpandAll && (
          <button type="button" className="btn btn-sm" onClick={onExpandAll}>
            Expand all
          </button>
        )}
        {onCollapseAll && (
          <button type="button" className="btn btn-sm" onClick={onCollapseAll}>
            Collapse all
          </button>
        )}
      </div>
    </div>
  );
}
