import {
  InitiativeMilestoneArchiveDocument,
  InitiativeMilestoneUpdateDocument,
} from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { fieldErrors } from '../graphql/errors';
import { ChangedBy } from '../live/ChangedBy';
import type { RecentChange } from '../live/recent-changes';
import { formatDate, isPast } from '../ui/format';
import { MilestoneEditForm } from './MilestoneEditForm';
import { ReasonDialog } from './ReasonDialog';

export interface MilestoneRow {
  id: string;
  title: string;
  dueDate: string;
  completedAt?: string | null;
  version: number;
}

/** One milestone: done or not (a checkbox), its due date, and — for editors — edit and archive. */
export function MilestoneItem({
  milestone: m,
  canEdit,
  change,
  onChanged,
  onEditing,
}: {
  milestone: MilestoneRow;
  canEdit: boolean;
  change: RecentChange | null;
  onChanged: () => void;
  onEditing: (editing: boolean) => void;
}) {
  const [editing, setEditing] = useState(false);
  const [archiving, setArchiving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [toggle] = useMutation(InitiativeMilestoneUpdateDocument);
  const [archive] = useMutation(InitiativeMilestoneArchiveDocument);
  const overdue = !m.completedAt && isPast(m.dueDate);
  const edit = (on: boolean) => {
    setEditing(on);
    onEditing(on);
  };
  if (editing)
    return (
      <li className="milestone-row block">
        <MilestoneEditForm
          milestone={m}
          onCancel={() => edit(false)}
          onDone={() => {
            edit(false);
            onChanged();
          }}
        />
      </li>
    );
  return (
    <li className={`milestone-row${change ? ' just-changed' : ''}`}>
      <input
        type="checkbox"
        id={`ms-${m.id}`}
        checked={!!m.completedAt}
        disabled={!canEdit}
        onChange={async (e) => {
          setError(null);
          try {
            await toggle({
              variables: { input: { id: m.id, version: m.version, completed: e.target.checked } },
            });
          } catch (err) {
            setError(Object.values(fieldErrors(err))[0] ?? 'Could not update the milestone.');
          }
          onChanged();
        }}
      />
      <div className="grow">
        <label htmlFor={`ms-${m.id}`} className={`title${m.completedAt ? ' done' : ''}`}>
          {m.title}
        </label>
        <div className={`small ${overdue ? 'tone-red' : 'muted'}`}>
          {m.completedAt
            ? `done ${formatDate(m.completedAt)}`
            : `${overdue ? 'overdue since' : 'due'} ${formatDate(m.dueDate)}`}{' '}
          <ChangedBy change={change} />
        </div>
        {error && (
          <div className="field-error" role="alert">
            {error}
          </div>
        )}
      </div>
      {canEdit && (
        <span className="row-actions">
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => edit(true)}>
            Edit
          </button>
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => setArchiving(true)}>
            Archive
          </button>
        </span>
      )}
      {archiving && (
        <ReasonDialog
          title={`Archive milestone “${m.title}”?`}
          confirmLabel="Archive milestone"
          askReason={false}
          danger
          onConfirm={() => archive({ variables: { id: m.id, version: m.version } })}
          onCancel={() => setArchiving(false)}
          onDone={() => {
            setArchiving(false);
            onChanged();
          }}
        >
          It leaves the milestone list and no longer counts towards delivery (done or overdue). Its history
          stays.
        </ReasonDialog>
      )}
    </li>
  );
}
