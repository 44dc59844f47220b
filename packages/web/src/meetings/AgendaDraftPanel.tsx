import { AgendaDraftDocument } from '@throughline/shared/graphql';
import { useQuery } from '@apollo/client/react';
import type { Editor } from '@tiptap/react';
import { useEffect, useState } from 'react';
import { ErrorState } from '../ui/components';
import { formatDateTime } from '../ui/format';
import { draftItemsHtml, missingItems } from './agenda-draft';

/**
 * What live data would add to the co-edited agenda: the drafted items the agenda does not hold
 * yet (a new agenda starts from the whole draft, so usually none). "Insert into agenda" adds
 * exactly those, once, in the agenda's own structure and dated; then the banner goes away.
 * Shown only once the agenda is synced, so it never offers what is about to arrive.
 */
export function AgendaDraftPanel({ meetingId, editor }: { meetingId: string; editor: Editor | null }) {
  const { data, error } = useQuery(AgendaDraftDocument, { variables: { meetingId } });
  const [agendaText, setAgendaText] = useState(() => editor?.getText() ?? '');
  useEffect(() => {
    if (!editor) return;
    const read = () => setAgendaText(editor.getText());
    read();
    editor.on('update', read);
    return () => {
      editor.off('update', read);
    };
  }, [editor]);
  if (error) return <ErrorState error={error} title="The agenda draft could not be made" />;
  if (!data || !editor) return null;
  const missing = missingItems(data.draftAgendaFromLiveData.items, agendaText);
  if (missing.length === 0) return null;
  const insert = () => {
    editor
      .chain()
      .focus('end')
      .insertContent(draftItemsHtml(missing, formatDateTime(new Date().toISOString())))
      .run();
  };
  return (
    <div className="agenda-draft row" data-testid="agenda-draft">
      {/* The button sits beside the disclosure, not in its summary: a control inside another
          control is unreachable for some assistive technology. */}
      <details className="grow">
        <summary>
          <strong>
            {missing.length} {missing.length === 1 ? 'item' : 'items'} from live data not on the agenda
          </strong>
        </summary>
        <ul className="small">
          {missing.slice(0, 8).map((i, n) => (
            <li key={n}>
              <span className="faint">{i.section}:</span> {i.title}
            </li>
          ))}
          {missing.length > 8 && <li className="faint">and {missing.length - 8} more</li>}
        </ul>
      </details>
      {editor.isEditable && (
        <button type="button" className="btn btn-sm" onClick={insert}>
          Insert into agenda
        </button>
      )}
    </div>
  );
}
