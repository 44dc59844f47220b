import type { ActionStatus, MeetingRoomQuery } from '@throughline/shared/graphql';
import { Empty } from '../ui/components';
import { ActionForm } from './ActionForm';
import { ActionItem, type Person } from './ActionItem';

type Meeting = NonNullable<MeetingRoomQuery['meeting']>;

/** The actions agreed in the meeting, each once (with the decision it carries out), and the form to add one. */
export function ActionsTab({
  meeting: m,
  canRun,
  people,
  defaultOwner,
  onDone,
  onStatus,
}: {
  meeting: Meeting;
  /** Whether the viewer may run this meeting (record decisions and actions). */
  canRun: boolean;
  people: Person[];
  defaultOwner: string;
  onDone: () => void;
  onStatus: (id: string, status: ActionStatus) => void;
}) {
  const decisionOf = new Map(m.decisions.flatMap((d) => d.actions.map((a) => [a.id, d.text] as const)));
  return (
    <div className="stack-sm">
      {m.status === 'OPEN' && canRun && (
        <ActionForm
          meetingId={m.id}
          people={people}
          decisions={m.decisions}
          defaultOwner={defaultOwner}
          onDone={onDone}
        />
      )}
      {m.status === 'SCHEDULED' && canRun && (
        <p className="small faint">Open the meeting to record decisions and actions.</p>
      )}
      {m.actions.length === 0 ? (
        <Empty>No actions yet.</Empty>
      ) : (
        <ul className="list" data-testid="actions">
          {[...m.actions].reverse().map((a) => (
            <ActionItem
              key={a.id}
              a={{ ...a, decisionText: decisionOf.get(a.id) }}
              onStatus={onStatus}
              onEdited={onDone}
            />
          ))}
        </ul>
      )}
    </div>
  );
}
