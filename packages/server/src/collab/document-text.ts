import * as Y from 'yjs';

/**
 * Plain text of a ProseMirror/Tiptap document held in a Y.XmlFragment: one line per block
 * (paragraph, heading, list item…), inline text concatenated, hard breaks as newlines.
 * This is what GraphQL shows and what search matches; formatting is dropped on purpose.
 */
export function fragmentToPlainText(fragment: Y.XmlFragment): string {
  return linesOf(fragment)
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

type XmlNode = Y.XmlElement | Y.XmlText | Y.XmlHook;

function isInline(n: XmlNode): boolean {
  return (
    n instanceof Y.XmlText ||
    (n instanceof Y.XmlElement && (INLINE.has(n.nodeName) || n.nodeName === 'hardBreak'))
  );
}

function inlineText(n: XmlNode): string {
  if (n instanceof Y.XmlText)
    return n
      .toDelta()
      .map((d: { insert?: unknown }) => (typeof d.insert === 'string' ? d.insert : ''))
      .join('');
  if (n instanceof Y.XmlElement && n.nodeName === 'hardBreak') return '\n';
  return '';
}

/** A block holding only inline content is one line; a container (list, quote, fragment) yields its children's lines. */
function linesOf(node: Y.XmlFragment | XmlNode): string[] {
  if (node instanceof Y.XmlText) return [inlineText(node)];
  if (node instanceof Y.XmlHook) return [];
  const children = node.toArray() as XmlNode[];
  if (!(node instanceof Y.XmlElement) || children.some((c) => !isInline(c)))
    return children.flatMap((c) => (isInline(c) ? [inlineText(c)] : linesOf(c)));
  return [children.map(inlineText).join('')];
}

/** Inline node names of the Tiptap schema (they never end a line). */
const INLINE = new Set(['text', 'mention', 'image', 'emoji']);

/** Plain text of every field of a document, as `{ field: text }`. */
export function documentTexts(doc: Y.Doc, fields: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) out[f] = fragmentToPlainText(doc.getXmlFragment(f));
  return out;
}

/**
 * Fills an empty fragment from Markdown-ish lines, in the node names Tiptap's StarterKit
 * uses (`heading` with `level`, `bulletList`/`orderedList` > `listItem` > `paragraph`,
 * `paragraph`), so the seeded agenda opens as real structure in the editor.
 */
export function fillFragmentFromMarkdown(fragment: Y.XmlFragment, markdown: string): void {
  const blocks: Y.XmlElement[] = [];
  // Counted here: reading `length` of a type not yet in a document only warns and returns 0.
  let list: { el: Y.XmlElement; ordered: boolean; items: number } | null = null;
  const paragraph = (text: string) => {
    const p = new Y.XmlElement('paragraph');
    if (text) p.insert(0, [inlineMarkdown(text)]);
    return p;
  };
  for (const raw of markdown.replace(/\r\n/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const ordered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    if (bullet || ordered) {
      const isOrdered = !!ordered;
      if (!list || list.ordered !== isOrdered) {
        list = {
          el: new Y.XmlElement(isOrdered ? 'orderedList' : 'bulletList'),
          ordered: isOrdered,
          items: 0,
        };
        blocks.push(list.el);
      }
      const item = new Y.XmlElement('listItem');
      item.insert(0, [paragraph((bullet ?? ordered)![1])]);
      list.el.insert(list.items++, [item]);
      continue;
    }
    list = null;
    if (heading) {
      const h = new Y.XmlElement('heading');
      h.setAttribute('level', heading[1].length as unknown as string);
      h.insert(0, [inlineMarkdown(heading[2])]);
      blocks.push(h);
    } else if (line.trim() !== '') {
      blocks.push(paragraph(line.trim()));
    }
  }
  if (blocks.length) fragment.insert(fragment.length, blocks);
}

/**
 * One line of inline Markdown as Tiptap text: `**bold**` and `*italic*`/`_italic_` become the
 * `bold`/`italic` marks (y-prosemirror stores marks as text attributes); escapes (`\\*`, `\\#`…)
 * are literal text.
 */
export function inlineMarkdown(line: string): Y.XmlText {
  const text = new Y.XmlText();
  let offset = 0;
  let bold = false;
  let italic = false;
  let run = '';
  const flush = () => {
    if (!run) return;
    text.insert(offset, run, { bold: bold ? {} : null, italic: italic ? {} : null });
    offset += run.length;
    run = '';
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\' && i + 1 < line.length && /[\\`*_[\]<>#|]/.test(line[i + 1])) {
      run += line[++i];
    } else if (c === '*' && line[i + 1] === '*') {
      flush();
      bold = !bold;
      i++;
    } else if ((c === '*' || c === '_') && (italic || /\S/.test(line[i + 1] ?? ''))) {
      flush();
      italic = !italic;
    } else {
      run += c;
    }
  }
  flush();
  return text;
}
