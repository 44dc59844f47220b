import { type ArchivedObjectivesQuery } from '@throughline/shared/graphql';
import { Empty } from '../ui/components';
import { formatDate } from '../ui/format';

type Archived = ArchivedObjectivesQuery['archivedObjectives'][number];

/** The plan's archived objectives, newest first, each with Restore for those who may. */
export function ArchivedObjectives({
  archived,
  restoring,
  onRestore,
}: {
  archived: readonly Archived[];
  restoring: string | null;
  onRestore: (o: Archived) => void;
}) {
  if (archived.length === 0) return <Empty>Nothing archived in this plan.</Empty>;
  return (
    <ul className="list" aria-label="Archived objectives">
      {archived.map((o) => (
        <li key={o.id} className="archived-objective">
          <div className="grow">
            <div className="title">{o.title}</div>
            <div className="meta">
              {o.unit.name} · {o.owner.name} · archived {o.archivedAt ? formatDate(o.archivedAt) : ''}
            </div>
          </div>
          {o.viewerCan.archive && (
            <button
              type="button"
              className="btn btn-sm"
              disabled={restoring === o.id}
              onClick={() => onRestore(o)}
            >
              {restoring === o.id ? 'Restoring…' : 'Restore'}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
