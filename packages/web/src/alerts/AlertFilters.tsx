import { AlertInboxUnitsDocument } from '@throughline/shared/graphql';
import { useQuery } from '@apollo/client/react';
import { Field } from '../ui/components';
import { ruleLabel, RULES, STATE_OPTIONS, type StateFilter } from './alert-labels';
import './alerts.css';

/** What the inbox is narrowed to ('' = any). */
export interface AlertFilterValues {
  rule: string;
  unitId: string;
  state: StateFilter;
  mine: boolean;
}

/** The inbox's filter bar: rule, unit, state and "raised to me"; every change applies at once. */
export function AlertFilters({
  value,
  onChange,
}: {
  value: AlertFilterValues;
  onChange: (next: AlertFilterValues) => void;
}) {
  const units = useQuery(AlertInboxUnitsDocument);
  const set = (patch: Partial<AlertFilterValues>) => onChange({ ...value, ...patch });
  const sorted = [...(units.data?.units ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <div className="alert-filters" role="search" aria-label="Filter alerts">
      <Field label="Rule">
        {(p) => (
          <select {...p} className="input" value={value.rule} onChange={(e) => set({ rule: e.target.value })}>
            <option value="">Every rule</option>
            {RULES.map((r) => (
              <option key={r} value={r}>
                {ruleLabel(r)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Unit">
        {(p) => (
          <select
            {...p}
            className="input"
            value={value.unitId}
            onChange={(e) => set({ unitId: e.target.value })}
          >
            <option value="">Every unit</option>
            {sorted.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="State">
        {(p) => (
          <select
            {...p}
            className="input"
            value={value.state}
            onChange={(e) => set({ state: e.target.value as StateFilter })}
          >
            {STATE_OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <label className="alert-mine">
        <input type="checkbox" checked={value.mine} onChange={(e) => set({ mine: e.target.checked })} />
        Raised to me
      </label>
    </div>
  );
}
