import { MeetingFollowThroughDocument } from '@throughline/shared/graphql';
import { useQuery } from '@apollo/client/react';
import { followThroughSentence, percent, rateTone } from './follow-through-text';
import { FollowThroughTrend } from './FollowThroughTrend';
import './follow-through.css';

/** The meeting room header's figure: the scope's follow-through now and its trend across its closed reviews. */
export function MeetingFollowThrough({ meetingId }: { meetingId: string }) {
  const { data, error } = useQuery(MeetingFollowThroughDocument, { variables: { id: meetingId } });
  const f = data?.meeting?.followThrough;
  if (error && !f) return <span className="small faint">Follow-through could not be loaded</span>;
  if (!f)
    return (
      <span className="small faint" role="status">
        Follow-through…
      </span>
    );
  return (
    <div
      className="ft-badge"
      data-testid="meeting-follow-through"
      title={followThroughSentence(f)}
      role="group"
      aria-label="Follow-through of this scope"
    >
      <span className="ft-badge-label">
        <span className="small muted">Follow-through</span>
        <span className={`ft-rate tone-${rateTone(f.decisionRate)}`}>{percent(f.decisionRate)}</span>
        <span className="small muted" aria-hidden="true">
          {f.decisionsOnTime} of {f.decisionsDue} decisions on time
        </span>
      </span>
      <span className="sr-only">{followThroughSentence(f)}</span>
      <FollowThroughTrend points={f.trend} compact />
    </div>
  );
}
