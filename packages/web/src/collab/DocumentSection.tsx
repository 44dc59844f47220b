import { useViewer } from '../app-shell/viewer';
import { CollabEditor, PresenceBar } from './CollabEditor';
import { useCollabDocument } from './useCollabDocument';
import { userColor } from './user-color';
import './collab.css';

/**
 * One co-edited field of one document (an objective's description, a plan's narrative), with
 * presence. Until the collaboration server answers, the last saved plain text is shown.
 */
export default function DocumentSection({
  documentName,
  field,
  label,
  fallbackText,
  placeholder,
}: {
  documentName: string;
  field: string;
  label: string;
  fallbackText?: string;
  placeholder?: string;
}) {
  const { viewer } = useViewer();
  const user = { name: viewer.name, color: userColor(viewer.id) };
  const doc = useCollabDocument(documentName, user);
  const live = doc.provider && (doc.status === 'synced' || doc.status === 'connected');
  return (
    <div className="doc-section">
      <div className="row mb-2">
        <PresenceBar people={doc.people} status={doc.status} />
      </div>
      {doc.provider && (live || doc.status === 'offline') ? (
        <CollabEditor
          provider={doc.provider}
          field={field}
          user={user}
          label={label}
          readOnly={doc.readOnly}
          placeholder={placeholder}
        />
      ) : (
        <div className="prose read-only-text">
          {fallbackText ? (
            fallbackText
              .split(/\n+/)
              .map((p, i) =>
                /^#{1,6}\s/.test(p) ? <h2 key={i}>{p.replace(/^#+\s+/, '')}</h2> : <p key={i}>{p}</p>,
              )
          ) : (
            <span className="faint">
              {doc.status === 'forbidden'
                ? 'You do not have access to this document.'
                : 'Connecting to the live document…'}
            </span>
          )}
        </div>
      )}
    </div>
  );
}
