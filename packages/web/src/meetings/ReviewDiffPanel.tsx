import { SinceLastReviewDocument } from '@throughline/shared/graphql';
import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router-dom';
import { Empty, ErrorState, HealthBadge, Loading } from '../ui/components';
import { formatDate, formatDateTime } from '../ui/format';
import { diffLink, diffWhat, groupDiff } from './review-diff-groups';
import './review-diff.css';

/**
 * "Since the last review": what changed between the previous review of this scope and this one
 * (now, while this one is not closed), grouped, each linked to its subject.
 */
export function ReviewDiffPanel({ meetingId }: { meetingId: string }) {
  const { data, error } = useQuery(SinceLastReviewDocument, {
    variables: { id: meetingId },
    fetchPolicy: 'cache-and-network',
  });
  const m = data?.meeting;
  if (error && !m)
    return <ErrorState error={error} title="The changes since the last review could not be loaded" />;
  if (!m) return <Loading />;
  const diff = m.sinceLastReview;
  if (!m.previousMeeting || !diff)
    return (
      <Empty>
        There is no earlier closed review of this scope to compare with: this is its first. From the next
        review on, this tab shows what changed in between.
      </Empty>
    );
  const groups = groupDiff(diff.entries);
  return (
    <div className="stack-sm review-diff" data-testid="review-diff">
      <p className="small muted review-diff-intro">
        Since <Link to={`/meetings/${m.previousMeeting.id}`}>{m.previousMeeting.title}</Link> (opened{' '}
        {formatDate(diff.fromAt)}) until{' '}
        {m.status === 'CLOSED' ? `this review opened, ${formatDateTime(diff.toAt)}` : 'now'}.
      </p>
      {groups.length === 0 ? (
        <Empty>Nothing changed in this scope since the last review.</Empty>
      ) : (
        groups.map((g) => (
          <section key={g.key} className="review-diff-group" aria-labelledby={`diff-${g.key}`}>
            <h3 id={`diff-${g.key}`}>
              {g.title} <span className="faint">· {g.entries.length}</span>
            </h3>
            <ul className="list">
              {g.entries.map((e, i) => {
                const to = diffLink(e);
                return (
                  <li key={`${e.kind}-${e.subjectId}-${i}`} className="items-start" data-kind={e.kind}>
                    <div className="grow">
                      {to ? (
                        <Link to={to} className="title">
                          {e.title}
                        </Link>
                      ) : (
                        <span className="title">{e.title}</span>
                      )}
                      <div className="meta">
                        {e.kind === 'KPI_HEALTH_CHANGED' ? (
                          <span className="review-diff-health">
                            <HealthBadge health={e.before ?? 'NO_DATA'} label="Then" />
                            <span aria-hidden="true">→</span>
                            <span className="sr-only">now</span>
                            <HealthBadge health={e.after ?? 'NO_DATA'} label="Now" />
                          </span>
                        ) : (
                          diffWhat(e)
                        )}
                        {e.changedBy && e.kind !== 'DECISION_TAKEN' && ` · by ${e.changedBy.name}`}
                        {e.at && ` · ${formatDate(e.at)}`}
                      </div>
                      {e.reason && <div className="small muted review-diff-reason">“{e.reason}”</div>}
                    </div>
                  </li>
                );
              })}
            </ul>
          </section>
        ))
      )}
    </div>
  );
}
