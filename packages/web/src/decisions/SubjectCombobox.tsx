import { SearchSubjectsDocument } from '@throughline/shared/graphql';
import { skipToken, useQuery } from '@apollo/client/react';
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { subjectKind, subjectName, type Subject } from './subject';
import './subject-combobox.css';

/**
 * Search-as-you-type over the objectives, KPIs and initiatives the viewer may see (with `unitId`:
 * only those everyone who sees that unit may see). An ARIA 1.2 combobox: arrows move through the
 * options, Enter picks, Escape closes; the picked subject shows with a button to clear it.
 */
export function SubjectCombobox({
  fieldProps,
  value,
  onChange,
  unitId,
}: {
  fieldProps: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string };
  value: Subject | null;
  onChange: (s: Subject | null) => void;
  unitId?: string;
}) {
  const listId = useId();
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  // Ask the server once typing pauses, not on every key.
  useEffect(() => {
    const t = setTimeout(() => setQuery(text.trim()), 200);
    return () => clearTimeout(t);
  }, [text]);
  const { data, loading, error } = useQuery(
    SearchSubjectsDocument,
    query.length >= 2 ? { variables: { query, unitId } } : skipToken,
  );
  const hits = query.length >= 2 ? (data?.searchSubjects ?? []) : [];
  const showList = open && text.trim().length >= 2;

  const pick = (s: Subject) => {
    onChange(s);
    setText('');
    setOpen(false);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(true);
      if (hits.length) setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : hits.length - 1)) % hits.length);
    } else if (e.key === 'Enter' && showList) {
      // Enter picks the highlighted option instead of submitting the form.
      e.preventDefault();
      if (hits[active]) pick(hits[active]);
    } else if (e.key === 'Escape' && showList) {
      e.preventDefault();
      setOpen(false);
    }
  };

  if (value)
    return (
      <div className="subject-picked">
        <input
          {...fieldProps}
          className="input"
          readOnly
          value={`${subjectKind(value)}: ${subjectName(value)}${value.unit ? ` (${value.unit.name})` : ''}`}
        />
        <button type="button" className="btn btn-sm" onClick={() => onChange(null)}>
          Clear subject
        </button>
      </div>
    );
  return (
    <div className="subject-combobox">
      <input
        {...fieldProps}
        className="input"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={showList}
        aria-controls={listId}
        aria-activedescendant={showList && hits[active] ? `${listId}-${active}` : undefined}
        autoComplete="off"
        placeholder="Type a name to search"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
        onFocus={() => setOpen(true)}
      />
      <ul id={listId} role="listbox" className="subject-options" hidden={!showList} aria-label="Subjects">
        {showList && hits.length === 0 && (
          <li className="subject-none" role="presentation">
            {error
              ? 'Search failed; try again.'
              : loading || query !== text.trim()
                ? 'Searching…'
                : 'No match.'}
          </li>
        )}
        {showList &&
          hits.map((s, i) => (
            <li
              key={s.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              // Picked on mousedown so the input's blur does not close the list first.
              onMouseDown={(e) => {
                e.preventDefault();
                pick(s);
              }}
            >
              <span className="subject-kind">{subjectKind(s)}</span>
              <span className="subject-name">{subjectName(s)}</span>
              <span className="faint small">{s.unit?.name}</span>
            </li>
          ))}
      </ul>
    </div>
  );
}
