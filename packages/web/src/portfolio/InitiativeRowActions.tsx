import { InitiativeUpdateDocument, type InitiativeStatus } from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { useContext, useState } from 'react';
import { conflictFrom } from '../graphql/errors';
import { ReasonDialog } from '../initiatives/ReasonDialog';
import { formatNumber } from '../ui/format';
import './initiative-row-actions.css';
import { RowActionsContext } from './row-actions-context';

interface StatusAction {
  to: InitiativeStatus;
  label: string;
  from: readonly string[];
  /** What happens, in a sentence the leadership team reads before confirming. */
  effect: (fte: string) => string;
}

/** The either/or decisions the portfolio offers on one initiative, by its current status. */
const ACTIONS: readonly StatusAction[] = [
  {
    to: 'ACTIVE',
    label: 'Resume',
    from: ['PAUSED'],
    effect: (fte) => `It counts as committed work again (${fte} FTE).`,
  },
  {
    to: 'PAUSED',
    label: 'Pause',
    from: ['ACTIVE', 'PROPOSED'],
    effect: (fte) =>
      `Its ${fte} FTE no longer count as committed. It stays on the sunset list until it is resumed or stopped.`,
  },
  {
    to: 'COMPLETED',
    label: 'Complete',
    from: ['ACTIVE', 'PAUSED'],
    effect: (fte) => `It is recorded as delivered and its ${fte} FTE are free for other work.`,
  },
  {
    to: 'STOPPED',
    label: 'Stop',
    from: ['ACTIVE', 'PROPOSED', 'PAUSED'],
    effect: (fte) =>
      `Its ${fte} FTE and its budget are released. Its milestones and history are kept; it can be restarted from its page.`,
  },
];

/**
 * Pause, stop, complete (or resume) an initiative from a portfolio list — with a reason for the
 * history, against the version the viewer last saw (a change saved meanwhile answers CONFLICT,
 * said plainly). Shown only to those who may change the initiative.
 */
export function InitiativeRowActions({
  initiative,
}: {
  initiative: { id: string; title: string; status: string; capacity: number };
}) {
  const ctx = useContext(RowActionsContext);
  const [update] = useMutation(InitiativeUpdateDocument);
  const [action, setAction] = useState<StatusAction | null>(null);
  const row = ctx?.rows.get(initiative.id);
  if (!row?.viewerCan.edit) return null;
  const offered = ACTIONS.filter((a) => a.from.includes(row.status));
  if (offered.length === 0) return null;
  return (
    <span className="initiative-row-actions" role="group" aria-label={`Decide on ${initiative.title}`}>
      {offered.map((a) => (
        <button key={a.to} type="button" className="btn btn-sm" onClick={() => setAction(a)}>
          {a.label}
        </button>
      ))}
      {action && (
        <ReasonDialog
          title={`${action.label} “${initiative.title}”?`}
          confirmLabel={action.label}
          reasonRequired
          danger={action.to === 'STOPPED'}
          onConfirm={async (reason) => {
            try {
              return await update({
                variables: { input: { id: row.id, version: row.version, status: action.to, reason } },
              });
            } catch (err) {
              const c = conflictFrom(err, { status: action.to });
              if (!c) throw err;
              const now = String(c.current.status ?? '').toLowerCase();
              throw new Error(
                `Someone else changed this initiative meanwhile${now ? ` (it is now ${now})` : ''}. Nothing was saved: close this and decide again.`,
              );
            }
          }}
          onCancel={() => setAction(null)}
          onDone={() => {
            setAction(null);
            ctx?.refresh();
          }}
        >
          {action.effect(formatNumber(initiative.capacity))}
        </ReasonDialog>
      )}
    </span>
  );
}
