import { Dialog } from '../ui/Dialog';

/**
 * Confirms closing a meeting: what closing does, what goes into the briefing, and a warning
 * when no minutes were taken (the briefing would say so). Cancel is the safe default then.
 */
export function CloseMeetingDialog({
  minutesEmpty,
  decisions,
  actions,
  busy,
  onConfirm,
  onCancel,
}: {
  minutesEmpty: boolean;
  decisions: number;
  actions: number;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return (
    <Dialog
      title="Close the meeting?"
      role="alertdialog"
      onCancel={onCancel}
      actions={
        <>
          <button type="button" className="btn" onClick={onCancel} data-autofocus={minutesEmpty || undefined}>
            {minutesEmpty ? 'Keep open and write minutes' : 'Cancel'}
          </button>
          <button
            type="button"
            className="btn btn-primary"
            onClick={onConfirm}
            disabled={busy}
            data-autofocus={minutesEmpty ? undefined : true}
          >
            {minutesEmpty ? 'Close without minutes' : 'Close meeting'}
          </button>
        </>
      }
    >
      <p>
        The minutes are fixed and the briefing is produced with {count(decisions, 'decision', 'decisions')}{' '}
        and {count(actions, 'new action', 'new actions')}. Decisions and actions can no longer be added.
      </p>
      {minutesEmpty && (
        <div className="banner banner-warn" role="alert">
          No minutes have been taken. The briefing will say “No minutes were taken”.
        </div>
      )}
    </Dialog>
  );
}
