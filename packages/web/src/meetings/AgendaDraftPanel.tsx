import { AgendaDraftDocument } from '@throughline/shared/graphql';
import { useQuery } from '@apollo/client/react';
import type { Editor } from '@tiptap/react';
import { ErrorState, Loading } from '../ui/components';
import { humanize } from '../ui/format';

/** Draft agenda items from live data, insertable into the co-edited agenda. */
export function AgendaDraftPanel({ meetingId, editor }: { meetingId: string; editor: Editor | null }) {
  const { data, error } = useQuery(AgendaDraftDocument, { variables: { meetingId } });
  if (error) return <ErrorState error={error} title="The agenda draft could not be made" />;
  if (!data) return <Loading label="Drafting from live data" />;
  const items = data.draftAgendaFromLiveData.items;
  const insert = () => {
    if (!editor) return;
    const groups = new Map<string, typeof items>();
    for (const i of items) groups.set(i.kind, [...(groups.get(i.kind) ?? []), i]);
    const esc = (s: string) =>
      s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
    const html = [...groups.entries()]
      .map(
        ([kind, list]) =>
          `<h2>${esc(humanize(kind))}</h2><ul>${list.map((i) => `<li><p>${esc(i.title)}${i.detail ? ' — ' + esc(i.detail) : ''}${i.ownerName ? ' (' + esc(i.ownerName) + ')' : ''}</p></li>`).join('')}</ul>`,
      )
      .join('');
    editor.chain().focus('end').insertContent(html).run();
  };
  return (
    <details className="agenda-draft">
      <summary className="row">
        <strong className="grow">Fresh draft from live data · {items.length} items</strong>
        <button
          type="button"
          className="btn btn-sm"
          disabled={!editor || !editor.isEditable}
          onClick={insert}
        >
          Insert into agenda
        </button>
      </summary>
      <ul className="small">
        {items.slice(0, 8).map((i, n) => (
          <li key={n}>
            <span className="faint">{humanize(i.kind)}:</span> {i.title}
          </li>
        ))}
        {items.length > 8 && <li className="faint">and {items.length - 8} more</li>}
      </ul>
    </details>
  );
}
