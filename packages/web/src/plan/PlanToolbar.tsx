import { Field } from '../ui/components';
import { healthLabel } from '../ui/format';
import { HEALTH_CHOICES } from '../ui/health';
import { isFiltering, NO_FILTER, type PlanFilter } from './plan-tree';

/** Search, filters (unit, owner, health) and expand/collapse for a large plan. */
export function PlanToolbar({
  filter,
  onFilter,
  units,
  owners,
  shown,
  total,
  onExpandAll,
  onCollapseAll,
}: {
  filter: PlanFilter;
  onFilter: (f: PlanFilter) => void;
  units: readonly { id: string; name: string }[];
  owners: readonly { id: string; name: string }[];
  shown: number;
  total: number;
  onExpandAll: () => void;
  onCollapseAll: () => void;
}) {
  const set = (k: keyof PlanFilter) => (v: string) => onFilter({ ...filter, [k]: v });
  const filtering = isFiltering(filter);
  return (
    <div className="plan-toolbar" role="search" aria-label="Find objectives">
      <Field label="Search">
        {(p) => (
          <input
            {...p}
            type="search"
            className="input"
            value={filter.text}
            placeholder="Objective or KPI"
            onChange={(e) => set('text')(e.target.value)}
          />
        )}
      </Field>
      <Field label="Unit">
        {(p) => (
          <select
            {...p}
            className="input"
            value={filter.unitId}
            onChange={(e) => set('unitId')(e.target.value)}
          >
            <option value="">All units</option>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Owner">
        {(p) => (
          <select
            {...p}
            className="input"
            value={filter.ownerId}
            onChange={(e) => set('ownerId')(e.target.value)}
          >
            <option value="">Everyone</option>
            {owners.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Health">
        {(p) => (
          <select
            {...p}
            className="input"
            value={filter.health}
            onChange={(e) => set('health')(e.target.value)}
          >
            <option value="">Any health</option>
            {HEALTH_CHOICES.map((h) => (
              <option key={h} value={h}>
                {healthLabel(h)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="plan-toolbar-actions">
        {filtering ? (
          <button type="button" className="btn btn-sm" onClick={() => onFilter(NO_FILTER)}>
            Clear filters
          </button>
        ) : (
          <>
            <button type="button" className="btn btn-sm" onClick={onExpandAll}>
              Expand all
            </button>
            <button type="button" className="btn btn-sm" onClick={onCollapseAll}>
              Collapse all
            </button>
          </>
        )}
        <span className="small faint" role="status">
          {filtering ? `${shown} of ${total} objectives match or lead to a match` : `${total} objectives`}
        </span>
      </div>
    </div>
  );
}
