import type { HocuspocusProvider } from '@hocuspocus/provider';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { EditorContent, useEditor, type Editor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useEffect, useId, type CSSProperties } from 'react';
import type { CollabStatus, Presence } from './useCollabDocument';
import './collab.css';

/**
 * Who is in the document, as coloured avatars, and the connection's state. `syncedLabel` names the
 * synced state where "Live" could be read as a claim about the figures in the text (an agenda).
 */
export function PresenceBar({
  people,
  status,
  syncedLabel = 'Live',
}: {
  people: Presence[];
  status: CollabStatus;
  syncedLabel?: string;
}) {
  const label: Record<CollabStatus, string> = {
    connecting: 'Connecting…',
    connected: 'Connected',
    synced: syncedLabel,
    offline: 'Offline: your edits are kept and sent when the connection returns',
    forbidden: 'You do not have access to this document',
    unauthorized: 'Your session ended: sign in again',
  };
  return (
    <div className="presence" aria-live="polite">
      <span
        className={`live-dot${status === 'synced' || status === 'connected' ? '' : ' off'}`}
        aria-hidden="true"
      />
      <span className="small muted">{label[status]}</span>
      <ul className="presence-list" aria-label="People in this document">
        {people.map((p) => (
          <li
            key={p.clientId}
            title={p.self ? `${p.name} (you)` : p.name}
            style={{ '--presence-color': p.color } as CSSProperties}
            data-presence={p.name}
          >
            {p.name
              .split(/\s+/)
              .map((s) => s[0])
              .slice(0, 2)
              .join('')}
            <span className="sr-only">{p.self ? `${p.name} (you)` : p.name}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Renders another person's caret: a coloured bar with their name. */
function renderCaret(user: Record<string, unknown>): HTMLElement {
  const caret = document.createElement('span');
  caret.classList.add('collab-caret');
  caret.style.borderColor = String(user.color ?? '#64748b');
  caret.setAttribute('data-user', String(user.name ?? ''));
  const label = document.createElement('span');
  label.classList.add('collab-caret-label');
  label.style.backgroundColor = String(user.color ?? '#64748b');
  label.textContent = String(user.name ?? '');
  caret.appendChild(label);
  return caret;
}

/**
 * A rich-text editor bound to one Y.XmlFragment (`field`) of a Hocuspocus document, with other
 * people's coloured carets. History (undo) comes from Yjs, so StarterKit's own is off.
 */
export function CollabEditor({
  provider,
  field,
  user,
  label,
  readOnly = false,
  placeholder,
  onEditor,
}: {
  provider: HocuspocusProvider;
  field: string;
  user: { name: string; color: string };
  label: string;
  readOnly?: boolean;
  placeholder?: string;
  onEditor?: (editor: Editor | null) => void;
}) {
  const labelId = useId();
  const editor = useEditor(
    {
      extensions: [
        StarterKit.configure({ undoRedo: false }),
        Collaboration.configure({ document: provider.document, field }),
        CollaborationCaret.configure({ provider, user, render: renderCaret }),
      ],
      editable: !readOnly,
      // Tiptap would add its base styles as an inline <style> element, which the
      // Content-Security-Policy refuses (style-src 'self'); they are in collab.css instead.
      injectCSS: false,
      editorProps: {
        attributes: {
          class: 'prose',
          role: 'textbox',
          'aria-multiline': 'true',
          'aria-labelledby': labelId,
          'data-field': field,
          ...(placeholder ? { 'data-placeholder': placeholder } : {}),
        },
      },
    },
    [provider, field],
  );
  useEffect(() => {
    editor?.setEditable(!readOnly);
  }, [editor, readOnly]);
  useEffect(() => {
    onEditor?.(editor);
    return () => onEditor?.(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editor]);
  return (
    <div className={`collab-editor${readOnly ? ' read-only' : ''}`}>
      <span id={labelId} className="sr-only">
        {label}
        {readOnly ? ' (read only)' : ''}
      </span>
      {!readOnly && editor && (
        <div className="editor-toolbar" role="toolbar" aria-label={`${label} formatting`}>
          <button
            type="button"
            className={editor.isActive('heading', { level: 2 }) ? 'on' : ''}
            onClick={() => editor.chain().focus().toggleHeading({ level: 2 }).run()}
            aria-pressed={editor.isActive('heading', { level: 2 })}
          >
            H
          </button>
          <button
            type="button"
            className={editor.isActive('bold') ? 'on' : ''}
            onClick={() => editor.chain().focus().toggleBold().run()}
            aria-pressed={editor.isActive('bold')}
            aria-label="Bold"
          >
            <b>B</b>
          </button>
          <button
            type="button"
            className={editor.isActive('italic') ? 'on' : ''}
            onClick={() => editor.chain().focus().toggleItalic().run()}
            aria-pressed={editor.isActive('italic')}
            aria-label="Italic"
          >
            <i>I</i>
          </button>
          <button
            type="button"
            className={editor.isActive('bulletList') ? 'on' : ''}
            onClick={() => editor.chain().focus().toggleBulletList().run()}
            aria-pressed={editor.isActive('bulletList')}
          >
            Bulleted list
          </button>
          <button
            type="button"
            className={editor.isActive('orderedList') ? 'on' : ''}
            onClick={() => editor.chain().focus().toggleOrderedList().run()}
            aria-pressed={editor.isActive('orderedList')}
          >
            Numbered list
          </button>
        </div>
      )}
      <EditorContent editor={editor} />
    </div>
  );
}
