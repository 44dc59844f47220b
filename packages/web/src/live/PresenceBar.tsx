import type { CSSProperties } from 'react';
import type { PlanPresent } from './presence';
import './live.css';

const SHOWN = 4;

function initials(name: string): string {
  return name
    .split(/\s+/)
    .map((s) => s[0])
    .slice(0, 2)
    .join('');
}

/**
 * Who else is on the plan and what each is editing: a coloured avatar (their caret colour in the
 * narrative), their name, and "editing …" when they have a form open. Nothing when nobody else is here.
 */
export function PresenceBar({ others }: { others: PlanPresent[] }) {
  if (others.length === 0) return null;
  const shown = others.slice(0, SHOWN);
  const more = others.slice(SHOWN);
  return (
    <div className="plan-presence" aria-live="polite">
      <ul className="plan-presence-list" aria-label="Also on this plan">
        {shown.map((p) => (
          <li
            key={p.clientId}
            className="plan-present"
            data-presence={p.name}
            style={{ '--presence-color': p.color } as CSSProperties}
          >
            <span className="plan-present-avatar" aria-hidden="true">
              {initials(p.name)}
            </span>
            <span className="plan-present-text">
              <span className="plan-present-name">{p.name}</span>
              <span className="plan-present-editing">{p.editing ? `editing ${p.editing}` : 'viewing'}</span>
            </span>
          </li>
        ))}
        {more.length > 0 && (
          <li className="plan-present plan-present-more" title={more.map((p) => p.name).join(', ')}>
            +{more.length} more
            <span className="sr-only">: {more.map((p) => p.name).join(', ')}</span>
          </li>
        )}
      </ul>
    </div>
  );
}
