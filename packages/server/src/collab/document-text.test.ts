import { describe, expect, it } from 'vitest';
// @ts-ignore TS1479: ships a CommonJS build (package exports `require`) that Node and Vitest load; only its typings are ESM.
import * as encoding from 'lib0/encoding';
// @ts-ignore TS1479: ships a CommonJS build (package exports `require`) that Node and Vitest load; only its typings are ESM.
import * as Y from 'yjs';
import { fillFragmentFromMarkdown, fragmentToPlainText } from './document-text';
import { readDocumentUpdate } from './sync-message';

describe('fragmentToPlainText', () => {
  it('gives one line per block, list items included, marks dropped', () => {
    const doc = new Y.Doc();
    const f = doc.getXmlFragment('minutes');
    fillFragmentFromMarkdown(f, '# Review\nOpening remarks\n- Uptime 97%\n- Scrap down\n1. Decide budget\n\nClosing');
    expect(fragmentToPlainText(f)).toBe('Review\nOpening remarks\nUptime 97%\nScrap down\nDecide budget\nClosing');
    const p = f.get(1) as Y.XmlElement;
    (p.get(0) as Y.XmlText).format(0, 7, { bold: true });
    expect(fragmentToPlainText(f).split('\n')[1]).toBe('Opening remarks');
    expect((f.get(0) as Y.XmlElement).getAttribute('level')).toBe(1);
  });

  it('reads Markdown escapes as text', () => {
    const doc = new Y.Doc();
    const f = doc.getXmlFragment('agenda');
    fillFragmentFromMarkdown(f, '# Q3 \\#1 review\n- Scrap \\*rate\\* (owner: Ann)');
    expect(fragmentToPlainText(f)).toBe('Q3 #1 review\nScrap *rate* (owner: Ann)');
  });

  it('keeps hard breaks as new lines and is empty for an empty field', () => {
    const doc = new Y.Doc();
    const f = doc.getXmlFragment('agenda');
    expect(fragmentToPlainText(f)).toBe('');
    const p = new Y.XmlElement('paragraph');
    f.insert(0, [p]);
    p.insert(0, [new Y.XmlText('one'), new Y.XmlElement('hardBreak'), new Y.XmlText('two')]);
    expect(fragmentToPlainText(f)).toBe('one\ntwo');
  });
});

describe('readDocumentUpdate', () => {
  const message = (type: number, syncType: number, payload: Uint8Array) => {
    const e = encoding.createEncoder();
    encoding.writeVarString(e, 'plan/x');
    encoding.writeVarUint(e, type);
    encoding.writeVarUint(e, syncType);
    encoding.writeVarUint8Array(e, payload);
    return encoding.toUint8Array(e);
  };
  it('finds updates in sync step 2 and update messages, and nothing elsewhere', () => {
    const u = new Uint8Array([1, 2, 3]);
    expect(readDocumentUpdate(message(0, 2, u))).toEqual({ kind: 'update', update: u });
    expect(readDocumentUpdate(message(4, 1, u))).toEqual({ kind: 'step2', update: u });
    expect(readDocumentUpdate(message(0, 0, u))).toBeNull(); // step 1: a state vector
    expect(readDocumentUpdate(message(1, 0, u))).toBeNull(); // awareness
    expect(readDocumentUpdate(new Uint8Array([200]))).toBeNull();
  });
});
