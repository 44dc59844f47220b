import type { DecisionLinkFragment, RegisterDecisionFragment } from '@throughline/shared/graphql';
import { Link } from 'react-router-dom';
import { Chip } from '../ui/components';
import { formatDate, humanize } from '../ui/format';
import { subjectKind, subjectName, subjectPath } from './subject';

const STATUS_TONE = { OPEN: 'blue', CARRIED_OUT: 'green', SUPERSEDED: 'grey' } as const;
const ACTION_TONE = { OPEN: 'blue', DONE: 'green', DROPPED: 'grey' } as const;

/** A decision linked in a chain: its text, owner and meeting. */
function ChainLink({ label, d }: { label: string; d: DecisionLinkFragment }) {
  return (
    <div className="decision-chain-link">
      <span className="decision-chain-label">{label}</span>
      <Link to={`/decisions?focus=${d.id}`} className="decision-chain-text">
        {d.text}
      </Link>
      <span className="small faint">
        {d.owner.name} · <Link to={`/meetings/${d.meeting.id}`}>{d.meeting.title}</Link>
      </span>
    </div>
  );
}

/**
 * One decision of the register (and of a meeting's decisions): what, who, where it was taken, its
 * subject and revisit date, the chain (what it replaces, what replaced it), its actions and their
 * state, and the edit and supersede buttons when the viewer may use them.
 */
export function DecisionCard({
  decision: d,
  today,
  showMeeting = true,
  onEdit,
  onSupersede,
}: {
  decision: RegisterDecisionFragment;
  /** yyyy-mm-dd, to say whether its revisit date has come. */
  today: string;
  showMeeting?: boolean;
  onEdit?: () => void;
  onSupersede?: () => void;
}) {
  const superseded = d.status === 'SUPERSEDED';
  const revisitDue = !superseded && !!d.revisitOn && d.revisitOn <= today;
  const canChange = d.viewerCan.edit && !superseded;
  return (
    <article
      className={`decision-card${superseded ? ' decision-superseded' : ''}`}
      aria-labelledby={`decision-${d.id}`}
      data-decision-id={d.id}
    >
      <div className="decision-head">
        <h3 id={`decision-${d.id}`} className="decision-text">
          {d.text}
        </h3>
        <Chip tone={STATUS_TONE[d.status]}>{humanize(d.status)}</Chip>
      </div>
      <div className="decision-meta small muted">
        <span>Owner: {d.owner.name}</span>
        <span>{d.unit.name}</span>
        {showMeeting && (
          <span>
            <Link to={`/meetings/${d.meeting.id}`}>{d.meeting.title}</Link>
          </span>
        )}
        {d.subject && (
          <span>
            {subjectKind(d.subject)}: <Link to={subjectPath(d.subject)}>{subjectName(d.subject)}</Link>
          </span>
        )}
        {d.revisitOn && (
          <span className={revisitDue ? 'decision-revisit-due' : undefined}>
            {revisitDue ? 'Revisit due since' : 'Revisit on'} {formatDate(d.revisitOn)}
          </span>
        )}
      </div>
      {d.rationale && <p className="decision-rationale">{d.rationale}</p>}
      {(d.supersedes || d.supersededBy) && (
        <div className="decision-chain" aria-label="Chain of decisions">
          {d.supersededBy && (
            <ChainLink
              label={`Superseded${d.supersededAt ? ' on ' + formatDate(d.supersededAt) : ''} by`}
              d={d.supersededBy}
            />
          )}
          {d.supersedes && <ChainLink label="Supersedes" d={d.supersedes} />}
        </div>
      )}
      {d.actions.length > 0 && (
        <ul className="decision-actions" aria-label="Actions">
          {d.actions.map((a) => (
            <li key={a.id}>
              <Chip tone={a.overdue ? 'red' : ACTION_TONE[a.status]}>
                {a.overdue ? 'Overdue' : humanize(a.status)}
              </Chip>
              <span className="grow">{a.text}</span>
              <span className="small faint">
                {a.owner.name} · due {formatDate(a.dueDate)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {canChange && (onEdit || onSupersede) && (
        <div className="decision-buttons">
          {onEdit && (
            <button type="button" className="btn btn-sm" onClick={onEdit}>
              Edit
            </button>
          )}
          {onSupersede && (
            <button type="button" className="btn btn-sm" onClick={onSupersede}>
              Supersede
            </button>
          )}
        </div>
      )}
    </article>
  );
}
