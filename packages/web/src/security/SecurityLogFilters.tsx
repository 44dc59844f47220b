import { SecurityLogPeopleDocument, type SecurityEventKind } from '@throughline/shared/graphql';
import { useQuery } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { Field } from '../ui/components';
import { KIND_LABELS, KINDS } from './security-log';

/** What the security log is narrowed to ('' = no condition). */
export interface SecurityLogFilterValues {
  kind: SecurityEventKind | '';
  personId: string;
  /** Days, yyyy-mm-dd (UTC), both included. */
  from: string;
  to: string;
  text: string;
}

/** The filter bar: kind, person, day range and text; every change applies at once (text when typing pauses). */
export function SecurityLogFilters({
  value,
  onChange,
}: {
  value: SecurityLogFilterValues;
  onChange: (next: SecurityLogFilterValues) => void;
}) {
  const people = useQuery(SecurityLogPeopleDocument);
  const [text, setText] = useState(value.text);
  useEffect(() => setText(value.text), [value.text]);
  useEffect(() => {
    if (text === value.text) return;
    const t = setTimeout(() => onChange({ ...value, text }), 300);
    return () => clearTimeout(t);
  }, [text, value, onChange]);
  const set = (patch: Partial<SecurityLogFilterValues>) => onChange({ ...value, text, ...patch });
  const any = Object.values(value).some(Boolean) || text !== '';
  return (
    <div className="security-log-filters" role="search" aria-label="Filter the security log">
      <Field label="What">
        {(p) => (
          <select
            {...p}
            className="input"
            value={value.kind}
            onChange={(e) => set({ kind: e.target.value as SecurityEventKind | '' })}
          >
            <option value="">Everything</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Person">
        {(p) => (
          <select
            {...p}
            className="input"
            value={value.personId}
            onChange={(e) => set({ personId: e.target.value })}
          >
            <option value="">Anyone</option>
            {(people.data?.people ?? []).map((person) => (
              <option key={person.id} value={person.id}>
                {person.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="From">
        {(p) => (
          <input
            {...p}
            className="input"
            type="date"
            value={value.from}
            max={value.to || undefined}
            onChange={(e) => set({ from: e.target.value })}
          />
        )}
      </Field>
      <Field label="To">
        {(p) => (
          <input
            {...p}
            className="input"
            type="date"
            value={value.to}
            min={value.from || undefined}
            onChange={(e) => set({ to: e.target.value })}
          />
        )}
      </Field>
      <Field label="Text">
        {(p) => (
          <input
            {...p}
            className="input"
            type="search"
            value={text}
            placeholder="Email, name, address…"
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') onChange({ ...value, text });
            }}
          />
        )}
      </Field>
      <div className="security-log-clear">
        <button
          type="button"
          className="btn btn-ghost"
          disabled={!any}
          onClick={() => {
            setText('');
            onChange({ kind: '', personId: '', from: '', to: '', text: '' });
          }}
        >
          Clear filters
        </button>
      </div>
    </div>
  );
}
