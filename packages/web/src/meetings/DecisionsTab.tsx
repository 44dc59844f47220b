import type { MeetingRoomQuery } from '@throughline/shared/graphql';
import { Empty } from '../ui/components';
import type { Person } from './ActionItem';
import { DecisionForm } from './DecisionForm';

type Meeting = NonNullable<MeetingRoomQuery['meeting']>;

/** The decisions of the meeting (their actions are listed once, under Actions), and the form to record one. */
export function DecisionsTab({
  meeting: m,
  canRun,
  people,
  defaultOwner,
  onDone,
}: {
  meeting: Meeting;
  /** Whether the viewer may run this meeting (record decisions and actions). */
  canRun: boolean;
  people: Person[];
  defaultOwner: string;
  onDone: () => void;
}) {
  return (
    <div className="stack-sm">
      {m.status === 'OPEN' && canRun && (
        <DecisionForm meetingId={m.id} people={people} defaultOwner={defaultOwner} onDone={onDone} />
      )}
      {m.status === 'SCHEDULED' && canRun && (
        <p className="small faint">Open the meeting to record decisions and actions.</p>
      )}
      {m.decisions.length === 0 ? (
        <Empty>No decisions yet.</Empty>
      ) : (
        <ul className="list decisions" data-testid="decisions">
          {[...m.decisions].reverse().map((d) => (
            <li key={d.id} className="block">
              <div className="title wrap">{d.text}</div>
              <div className="meta">
                Owner: {d.owner.name}
                {d.rationale ? ` · ${d.rationale}` : ''}
                {d.actions.length > 0 &&
                  ` · ${d.actions.length} ${d.actions.length === 1 ? 'action' : 'actions'}`}
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
