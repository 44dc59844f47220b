import './undo-bar.css';

/** The status of the user's last structural change, with its Undo button while it can be undone. */
export function UndoBar({
  status,
  canUndo,
  busy,
  onUndo,
}: {
  status: string;
  canUndo: boolean;
  busy: boolean;
  onUndo: () => void;
}) {
  return (
    <div className={`undo-bar${status ? ' undo-bar-active' : ''}`}>
      <span role="status" className="undo-status">
        {status}
      </span>
      {canUndo && (
        <button type="button" className="btn btn-sm" onClick={onUndo} disabled={busy} data-focus="undo">
          {busy ? 'Undoing…' : 'Undo'}
        </button>
      )}
    </div>
  );
}
