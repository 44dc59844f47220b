import type { PlanPresent } from './presence';

/**
 * Who else is on the plan and what each is editing.
 * SEAM (issue 12): the presence part of issue 12 draws this; keep the props.
 */
export function PresenceBar({ others }: { others: PlanPresent[] }) {
  if (others.length === 0) return null;
  return (
    <ul aria-label="Also on this plan">
      {others.map((p) => (
        <li key={p.clientId}>
          {p.name}
          {p.editing ? ` — editing ${p.editing}` : ''}
        </li>
      ))}
    </ul>
  );
}
