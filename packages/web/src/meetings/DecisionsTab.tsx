import {
  DecisionChangedDocument,
  MeetingDecisionsDocument,
  type MeetingRoomQuery,
  type RegisterDecisionFragment,
} from '@throughline/shared/graphql';
import { useQuery, useSubscription } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { DecisionCard } from '../decisions/DecisionCard';
import { EditDecisionDialog } from '../decisions/EditDecisionDialog';
import { SupersedeDecisionDialog } from '../decisions/SupersedeDecisionDialog';
import '../decisions/decisions.css';
import { Empty, ErrorState, Loading } from '../ui/components';
import type { Person } from './ActionItem';
import { DecisionForm } from './DecisionForm';

type Meeting = NonNullable<MeetingRoomQuery['meeting']>;

/**
 * The decisions of the meeting — subject, revisit date, status, the chain of what they replace or
 * what replaced them, their actions — with edit and supersede, and the form to record one.
 */
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
  const { data, loading, error, refetch } = useQuery(MeetingDecisionsDocument, { variables: { id: m.id } });
  const [editing, setEditing] = useState<RegisterDecisionFragment | null>(null);
  const [superseding, setSuperseding] = useState<RegisterDecisionFragment | null>(null);
  // The room refetches its meeting on every live change; follow it (a decision recorded, an action done).
  const liveKey = `${m.version}:${m.decisions.map((d) => d.id).join()}:${m.actions.map((a) => a.status).join()}`;
  useEffect(() => {
    void refetch();
  }, [liveKey, refetch]);
  // A decision of this meeting superseded in another review (or edited) changes here too.
  useSubscription(DecisionChangedDocument, {
    variables: { unitId: m.unit.id },
    onData: () => void refetch(),
  });
  const today = new Date().toISOString().slice(0, 10);
  const decisions = [...(data?.meeting?.decisions ?? [])].reverse();
  return (
    <div className="stack-sm">
      {m.status === 'OPEN' && canRun && (
        <DecisionForm
          meetingId={m.id}
          unitId={m.unit.id}
          people={people}
          defaultOwner={defaultOwner}
          onDone={onDone}
        />
      )}
      {m.status === 'SCHEDULED' && canRun && (
        <p className="small faint">Open the meeting to record decisions and actions.</p>
      )}
      {loading && !data ? (
        <Loading label="Loading decisions" />
      ) : error ? (
        <ErrorState error={error} title="The decisions could not be loaded" />
      ) : decisions.length === 0 ? (
        <Empty>No decisions yet.</Empty>
      ) : (
        <ul className="decision-list decisions" data-testid="decisions">
          {decisions.map((d) => (
            <li key={d.id}>
              <DecisionCard
                decision={d}
                today={today}
                showMeeting={false}
                onEdit={() => setEditing(d)}
                onSupersede={() => setSuperseding(d)}
              />
            </li>
          ))}
        </ul>
      )}
      {editing && (
        <EditDecisionDialog
          decision={editing}
          people={people}
          onClose={() => {
            setEditing(null);
            onDone();
          }}
        />
      )}
      {superseding && (
        <SupersedeDecisionDialog
          decision={superseding}
          people={people}
          onClose={() => setSuperseding(null)}
          onDone={() => {
            setSuperseding(null);
            onDone();
          }}
        />
      )}
    </div>
  );
}
