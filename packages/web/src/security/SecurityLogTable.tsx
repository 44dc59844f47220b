import type { SecurityEventRowFragment } from '@throughline/shared/graphql';
import { ScrollArea } from '../ui/components';
import { formatDateTime, relativeTime } from '../ui/format';
import { describeDetail, isWarning, KIND_LABELS, summarizeUserAgent } from './security-log';

/** Entries of the security log, newest first: when, what, who, whose account, from where. */
export function SecurityLogTable({ events }: { events: readonly SecurityEventRowFragment[] }) {
  return (
    // A region that takes focus: on a narrow screen the table scrolls sideways, and a keyboard must reach it.
    <ScrollArea label="Security log entries" className="table-wrap">
      <table className="table security-log-table">
        <caption className="sr-only">Security log entries, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">What</th>
            <th scope="col">Who</th>
            <th scope="col">Concerned</th>
            <th scope="col">From where</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => {
            const detail = describeDetail(e);
            const ua = summarizeUserAgent(e.userAgent);
            return (
              <tr
                key={e.id}
                data-kind={e.kind}
                className={isWarning(e.kind) ? 'security-warning' : undefined}
              >
                <td className="security-when">
                  <time dateTime={e.at}>{formatDateTime(e.at)}</time>
                  <div className="small faint">{relativeTime(e.at)}</div>
                </td>
                <td>
                  <div className="security-what">{KIND_LABELS[e.kind] ?? e.kind}</div>
                  {detail && <div className="small faint">{detail}</div>}
                </td>
                <td>
                  {e.actor ? (
                    <>
                      {e.actor.name}
                      {e.actorTokenId && <div className="small faint">through an API token</div>}
                    </>
                  ) : (
                    <span className="faint">Not signed in</span>
                  )}
                </td>
                <td>
                  {e.person ? e.person.name : null}
                  {e.email && (!e.person || e.kind.startsWith('SIGN_IN')) && (
                    <div className={e.person ? 'small faint' : undefined}>
                      {e.email}
                      {!e.person && <span className="small faint"> (no such person)</span>}
                    </div>
                  )}
                  {!e.person && !e.email && <span className="faint">—</span>}
                </td>
                <td>
                  {e.ip ?? <span className="faint">—</span>}
                  {ua && (
                    <div className="small faint" title={e.userAgent ?? undefined}>
                      {ua}
                    </div>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollArea>
  );
}
