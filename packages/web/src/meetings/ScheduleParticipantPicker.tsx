import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import './schedule.css';

/** A person the picker offers. */
export interface PickablePerson {
  id: string;
  name: string;
}

/**
 * Picks people by typing part of a name: a combobox with a listbox of matches (arrow keys, Enter
 * to add, Escape to close, Backspace on an empty box removes the last one); each chosen person is
 * a chip with a remove button.
 */
export function ScheduleParticipantPicker({
  label,
  people,
  selected,
  onChange,
  exclude = [],
  error,
}: {
  label: string;
  people: PickablePerson[];
  selected: string[];
  onChange: (ids: string[]) => void;
  /** Not offered (e.g. the chair). */
  exclude?: string[];
  error?: string;
}) {
  const id = useId();
  const listId = `${id}-list`;
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const byId = useMemo(() => new Map(people.map((p) => [p.id, p])), [people]);
  const matches = useMemo(() => {
    const q = query.trim().toLowerCase();
    return people
      .filter((p) => !selected.includes(p.id) && !exclude.includes(p.id))
      .filter((p) => !q || p.name.toLowerCase().includes(q))
      .slice(0, 8);
  }, [people, selected, exclude, query]);
  const add = (p: PickablePerson) => {
    onChange([...selected, p.id]);
    setQuery('');
    setActive(0);
    // Closed until the next keystroke: an open list would cover the form's buttons.
    setOpen(false);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      setActive((i) => Math.min(i + 1, Math.max(matches.length - 1, 0)));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (e.key === 'Enter') {
      if (open && matches[active]) {
        e.preventDefault();
        add(matches[active]);
      }
    } else if (e.key === 'Escape') {
      setOpen(false);
    } else if (e.key === 'Backspace' && query === '' && selected.length > 0) {
      onChange(selected.slice(0, -1));
    }
  };
  const showList = open && (query.trim() !== '' || matches.length > 0);
  return (
    <div className={`field picker${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {selected.length > 0 && (
        <ul className="picker-chosen" aria-label={`${label} chosen`}>
          {selected.map((pid) => {
            const name = byId.get(pid)?.name ?? 'Someone';
            return (
              <li key={pid} className="picker-chip">
                {name}
                <button
                  type="button"
                  aria-label={`Remove ${name}`}
                  onClick={() => onChange(selected.filter((x) => x !== pid))}
                >
                  ×
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <input
        id={id}
        className="input"
        role="combobox"
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showList && matches[active] ? `${listId}-${matches[active].id}` : undefined}
        aria-invalid={!!error}
        autoComplete="off"
        placeholder="Type a name"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      <ul id={listId} role="listbox" aria-label={label} className="picker-list" hidden={!showList}>
        {matches.length === 0 ? (
          <li className="picker-empty" role="presentation">
            No one else matches.
          </li>
        ) : (
          matches.map((p, i) => (
            <li
              key={p.id}
              id={`${listId}-${p.id}`}
              role="option"
              aria-selected={i === active}
              className="picker-option"
              onMouseDown={(e) => {
                e.preventDefault();
                add(p);
              }}
            >
              {p.name}
            </li>
          ))
        )}
      </ul>
      {error && (
        <div className="field-error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}
