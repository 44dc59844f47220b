import type { ActionStatus, MeetingRoomQuery } from '@throughline/shared/graphql';
import { Link } from 'react-router-dom';
import { Chip, Empty } from '../ui/components';
import { formatDate } from '../ui/format';
import { ActionItem, actionState } from './ActionItem';

type Meeting = NonNullable<MeetingRoomQuery['meeting']>;

/**
 * Follow-up of earlier reviews: the previous decisions with their actions (were they carried
 * out?), then the open actions carried over that no decision above lists: each action once.
 */
export function FollowUpTab({
  meeting: m,
  onStatus,
}: {
  meeting: Meeting;
  onStatus: (id: string, status: ActionStatus) => void;
}) {
  const shown = new Set(m.previousDecisions.flatMap((d) => d.actions.map((a) => a.id)));
  const carried = m.carriedOverActions.filter((a) => !shown.has(a.id));
  const underDecisions = m.carriedOverActions.length - carried.length;
  return (
    <div className="stack">
      <section aria-labelledby="previous-decisions-h">
        <h3 id="previous-decisions-h" className="tab-heading">
          Previous decisions: were they carried out?
        </h3>
        {m.previousMeeting && (
          <p className="small faint">
            From <Link to={`/meetings/${m.previousMeeting.id}`}>{m.previousMeeting.title}</Link> (
            {formatDate(m.previousMeeting.closedAt)})
          </p>
        )}
        {m.previousDecisions.length === 0 ? (
          <Empty>No previous decisions for this scope.</Empty>
        ) : (
          <ul className="list">
            {m.previousDecisions.map((d) => {
              const done = d.actions.filter((a) => a.status === 'DONE').length;
              return (
                <li key={d.id} className="block">
                  <div className="row items-start">
                    <span className="title wrap grow">{d.text}</span>
                    <Chip
                      tone={
                        d.actions.length === 0
                          ? 'grey'
                          : done === d.actions.length
                            ? 'green'
                            : d.actions.some((a) => actionState(a).tone === 'red')
                              ? 'red'
                              : 'amber'
                      }
                    >
                      {d.actions.length === 0 ? 'no actions' : `${done}/${d.actions.length} done`}
                    </Chip>
                  </div>
                  <div className="meta">Owner: {d.owner.name}</div>
                  {d.actions.length > 0 && (
                    <ul className="list nested-actions">
                      {d.actions.map((a) => (
                        <ActionItem key={a.id} a={a} onStatus={onStatus} />
                      ))}
                    </ul>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>
      <section aria-labelledby="carried-h">
        <h3 id="carried-h" className="tab-heading">
          Open actions carried over <span className="pill-count">{carried.length}</span>
        </h3>
        {underDecisions > 0 && (
          <p className="small faint">
            {underDecisions} more {underDecisions === 1 ? 'is' : 'are'} listed under{' '}
            {underDecisions === 1 ? 'its decision' : 'their decisions'} above.
          </p>
        )}
        {carried.length === 0 ? (
          underDecisions === 0 && <Empty>Nothing carried over.</Empty>
        ) : (
          <ul className="list" data-testid="carried-actions">
            {carried.map((a) => (
              <ActionItem key={a.id} a={a} onStatus={onStatus} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
