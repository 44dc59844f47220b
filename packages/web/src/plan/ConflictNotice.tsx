import type { Conflict } from '../graphql/errors';
import './conflict-notice.css';

/** Shows a CONFLICT: what someone else saved, next to what this user typed, and the two ways on. */
export function ConflictNotice({
  conflict,
  onUseTheirs,
  onKeepMine,
}: {
  conflict: Conflict;
  onUseTheirs: () => void;
  onKeepMine: () => void;
}) {
  return (
    <div className="banner banner-warn conflict" role="alert" data-testid="conflict">
      <strong>Someone else changed this first.</strong>
      <p className="conflict-message">{conflict.message}</p>
      {conflict.newer.length > 0 && (
        <table className="table conflict-table">
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Newer value (saved)</th>
              <th scope="col">Yours (not saved)</th>
            </tr>
          </thead>
          <tbody>
            {conflict.newer.map((n) => (
              <tr key={n.field}>
                <td>{n.label}</td>
                <td>
                  <strong>{n.theirs}</strong>
                </td>
                <td>{n.yours}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="form-actions">
        <button type="button" className="btn btn-sm" onClick={onUseTheirs}>
          Use the newer values
        </button>
        <button type="button" className="btn btn-sm btn-primary" onClick={onKeepMine}>
          Save mine over them
        </button>
      </div>
    </div>
  );
}
