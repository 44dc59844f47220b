import type { RecentChange } from './recent-changes';
import './live.css';

/** The brief "changed by …" mark beside a row someone else just changed. */
export function ChangedBy({ change }: { change: RecentChange | null }) {
  if (!change) return null;
  return (
    <span className="changed-by small" role="status">
      {change.action === 'CREATE' ? 'Added' : change.action === 'ARCHIVE' ? 'Archived' : 'Changed'} by{' '}
      {change.actorName}
    </span>
  );
}
