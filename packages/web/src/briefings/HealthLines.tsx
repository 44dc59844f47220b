import type { StoredBriefingQuery } from '@throughline/shared/graphql';
import { Empty, HealthBadge } from '../ui/components';
import { humanize } from '../ui/format';
import { SubjectLink } from './SubjectLink';

type Line = NonNullable<StoredBriefingQuery['storedBriefing']>['decisions'][number];

/** Lines with a health, an owner and a detail: objectives, what moved, what is off track. */
export function HealthLines({
  lines,
  empty,
  moved = false,
}: {
  lines: Line[];
  empty: string;
  moved?: boolean;
}) {
  if (lines.length === 0) return <Empty>{empty}</Empty>;
  return (
    <ul className="list briefing-lines">
      {lines.map((l) => (
        <li key={l.subjectId}>
          {l.health && <HealthBadge health={l.health} compact />}
          <div className="grow">
            <div className="title">
              <SubjectLink subjectType={l.subjectType} subjectId={l.subjectId}>
                {l.title}
              </SubjectLink>
              {moved && l.previousHealth && l.health && (
                <span className="muted">
                  {' '}
                  · {humanize(l.previousHealth)} → {humanize(l.health)}
                </span>
              )}
            </div>
            <div className="meta">
              {l.ownerName ? `Owner: ${l.ownerName}` : 'No owner'}
              {l.detail ? ` · ${l.detail}` : ''}
            </div>
          </div>
        </li>
      ))}
    </ul>
  );
}
