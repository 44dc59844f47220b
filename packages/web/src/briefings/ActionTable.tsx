import type { StoredBriefingQuery } from '@throughline/shared/graphql';
import { Card, Empty, ScrollArea } from '../ui/components';
import { formatDate } from '../ui/format';

type Line = NonNullable<StoredBriefingQuery['storedBriefing']>['decisions'][number];

/** Actions as a table: what, who, by when, and their state. */
export function ActionTable({
  title,
  lines,
  empty,
  state,
}: {
  title: string;
  lines: Line[];
  empty: string;
  /** The state of lines that carry none (overdue actions). */
  state?: string;
}) {
  return (
    <Card title={title} actions={<span className="pill-count">{lines.length}</span>}>
      {lines.length === 0 ? (
        <Empty>{empty}</Empty>
      ) : (
        <ScrollArea label={`${title} (table)`} className="table-wrap">
          <table className="table briefing-actions" aria-label={title}>
            <thead>
              <tr>
                <th scope="col">Action</th>
                <th scope="col">Owner</th>
                <th scope="col">Due</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((a) => (
                <tr key={a.subjectId}>
                  <td>{a.title}</td>
                  <td className="nowrap">{a.ownerName ?? '—'}</td>
                  <td className="nowrap">{formatDate(a.dueDate)}</td>
                  <td className="muted">{a.detail ?? state ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollArea>
      )}
    </Card>
  );
}
