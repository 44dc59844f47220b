import type { Conflict } from '../graphql/errors';
import { ConflictValue } from './ConflictValue';
import './conflict-notice.css';

/**
 * Shows a CONFLICT: what someone else saved, next to what this user typed, field by field —
 * text, numbers, dates, people, units and choices each as a person reads them — and the two ways on.
 */
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
      {conflict.newer.length > 0 ? (
        <div className="table-wrap">
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
                <tr key={n.field} data-field={n.field}>
                  <th scope="row">{n.label}</th>
                  <td className="conflict-theirs">
                    <strong>
                      <ConflictValue kind={n.kind} text={n.theirs} value={n.theirsValue} />
                    </strong>
                  </td>
                  <td className="conflict-yours">
                    <ConflictValue kind={n.kind} text={n.yours} value={n.yoursValue} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="small">
          What you changed does not differ from the newer version; save again to apply your change on top of
          it.
        </p>
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
