import type { CheckInFieldsFragment } from '@throughline/shared/graphql';
import { Chip, Empty } from '../ui/components';
import { formatDateTime } from '../ui/format';
import { CHECK_IN_STATUS_LABEL, CHECK_IN_STATUS_TONE } from './check-in-text';

/** Check-ins newest first: status, confidence, the notes, who and when. */
export function CheckInList({ checkIns }: { checkIns: readonly CheckInFieldsFragment[] }) {
  if (checkIns.length === 0) return <Empty>No check-in yet.</Empty>;
  return (
    <ol className="check-in-list" aria-label="Check-in history">
      {checkIns.map((c) => (
        <li key={c.id} className="check-in-entry">
          <div className="check-in-entry-head">
            <Chip tone={CHECK_IN_STATUS_TONE[c.status]}>{CHECK_IN_STATUS_LABEL[c.status]}</Chip>
            <span className="check-in-confidence">Confidence {c.confidence}/10</span>
            <span className="small faint grow check-in-by">
              {c.author.name} · {formatDateTime(c.postedAt)}
            </span>
          </div>
          <dl className="check-in-notes">
            {c.happened && (
              <>
                <dt>What happened</dt>
                <dd>{c.happened}</dd>
              </>
            )}
            {c.next && (
              <>
                <dt>What is next</dt>
                <dd>{c.next}</dd>
              </>
            )}
            {c.blockers && (
              <>
                <dt>Blockers</dt>
                <dd>{c.blockers}</dd>
              </>
            )}
            {c.links.length > 0 && (
              <>
                <dt>Links</dt>
                <dd>
                  <ul className="check-in-links">
                    {c.links.map((l) => (
                      <li key={l}>
                        <a href={l} target="_blank" rel="noreferrer noopener">
                          {l}
                        </a>
                      </li>
                    ))}
                  </ul>
                </dd>
              </>
            )}
          </dl>
        </li>
      ))}
    </ol>
  );
}
