import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { fillFragmentFromMarkdown, fragmentToPlainText } from './document-text.js';

describe('fillFragmentFromMarkdown', () => {
  const fill = (md: string) => {
    const doc = new Y.Doc();
    const f = doc.getXmlFragment('agenda');
    fillFragmentFromMarkdown(f, md);
    return f;
  };

  it('turns **bold** and *italic* into marks, not literal asterisks', () => {
    const f = fill('- **Final-QC yield** (owner: *Jonas*): latest 83.7\n# Decisions');
    expect(fragmentToPlainText(f)).toBe('Final-QC yield (owner: Jonas): latest 83.7\nDecisions');
    const text = ((f.get(0) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlElement;
    const delta = (text.get(0) as Y.XmlText).toDelta();
    expect(delta[0]).toEqual({ insert: 'Final-QC yield', attributes: { bold: {} } });
    expect(delta[2]).toEqual({ insert: 'Jonas', attributes: { italic: {} } });
    expect(delta[1].attributes).toBeUndefined();
  });

  it('keeps escaped characters as text', () => {
    expect(fragmentToPlainText(fill('Cost \\*per\\* call \\# 2'))).toBe('Cost *per* call # 2');
  });
});
