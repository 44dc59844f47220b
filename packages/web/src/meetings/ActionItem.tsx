import type { ActionStatus } from '@throughline/shared/graphql';
import { useState } from 'react';
import { Chip } from '../ui/components';
import { ActionEditForm } from './ActionEditForm';
import { formatDate, humanize, isPast } from '../ui/format';

/** A person as owner pickers and rows show them. */
export interface Person {
  id: string;
  name: string;
}

/** An action as the meeting room lists it. */
export interface ActionRow {
  id: string;
  text: string;
  status: ActionStatus;
  dueDate: string;
  owner: Person;
  meeting?: { id: string; title: string };
  /** What the viewer may do with it: without `edit`, no done / drop / reopen is offered. */
  viewerCan?: { edit: boolean };
  /** The decision it carries out, when the list does not already show it under that decision. */
  decisionText?: string | null;
}

const ACTION_TONE: Record<string, 'green' | 'grey' | 'blue' | 'red'> = {
  DONE: 'green',
  DROPPED: 'grey',
  OPEN: 'blue',
};

/** An action's state in words, overdue included. */
export function actionState(
  a: { status: string; dueDate: string },
  now = new Date(),
): { label: string; tone: 'green' | 'grey' | 'blue' | 'red' } {
  if (a.status === 'OPEN' && isPast(a.dueDate, now)) return { label: 'Overdue', tone: 'red' };
  return { label: humanize(a.status), tone: ACTION_TONE[a.status] ?? 'blue' };
}

/**
 * One action: its title on its own line (never squeezed by the controls), owner, due date, state,
 * and (when `onStatus` is given) done / drop / reopen, which wrap below the title in a narrow column.
 */
export function ActionItem({
  a,
  onStatus,
  onEdited,
}: {
  a: ActionRow;
  onStatus?: (id: string, status: ActionStatus) => void;
  /** Given: whoever may change it can edit its text, owner and due date here. */
  onEdited?: () => void;
}) {
  const s = actionState(a);
  const change = a.viewerCan?.edit === false ? undefined : onStatus;
  const [editing, setEditing] = useState(false);
  const canEdit = !!onEdited && a.viewerCan?.edit === true;
  return (
    <li className="action-item">
      <div className="action-main">
        <div className="title">{a.text}</div>
        <div className="meta">
          {a.owner.name} · due {formatDate(a.dueDate)}
          {a.meeting && <> · from {a.meeting.title}</>}
          {a.decisionText && <> · for “{a.decisionText}”</>}
        </div>
      </div>
      <div className="action-controls">
        <Chip tone={s.tone}>{s.label}</Chip>
        {change && a.status === 'OPEN' && (
          <>
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => change(a.id, 'DONE')}
              aria-label={`Mark “${a.text}” done`}
            >
              Done
            </button>
            <button
              type="button"
              className="btn btn-sm btn-ghost"
              onClick={() => change(a.id, 'DROPPED')}
              aria-label={`Drop “${a.text}”`}
            >
              Drop
            </button>
          </>
        )}
        {canEdit && !editing && (
          <button
            type="button"
            className="btn btn-sm btn-ghost"
            onClick={() => setEditing(true)}
            aria-label={`Edit “${a.text}”`}
          >
            Edit
          </button>
        )}
        {change && a.status !== 'OPEN' && (
          <button
            type="button"
            className="btn btn-sm btn-ghost"
            onClick={() => change(a.id, 'OPEN')}
            aria-label={`Reopen “${a.text}”`}
          >
            Reopen
          </button>
        )}
      </div>
      {editing && (
        <ActionEditForm
          actionId={a.id}
          onDone={() => {
            setEditing(false);
            onEdited?.();
          }}
        />
      )}
    </li>
  );
}
