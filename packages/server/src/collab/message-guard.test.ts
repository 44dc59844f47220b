import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkCollabMessage, MAX_STATE_VECTOR_CLIENTS } from './message-guard.js';
import {
  authMessage,
  awarenessMessage,
  hugeStateVector,
  MALFORMED_KINDS,
  malformedMessage,
  seededRandom,
  syncStep1Message,
  updateMessage,
} from './testing/hostile-messages.js';

const NAME = 'meeting/00000000-0000-4000-8000-000000000001';
const honest = () => {
  const d = new Y.Doc();
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText('Decided: ship the pilot')]);
  d.getXmlFragment('minutes').insert(0, [p]);
  return d;
};

describe('checkCollabMessage', () => {
  it('accepts what the provider sends', () => {
    const d = honest();
    for (const m of [
      authMessage(NAME, 'tl_s_token'),
      syncStep1Message(NAME, Y.encodeStateVector(d)),
      updateMessage(NAME, Y.encodeStateAsUpdate(d), 1),
      updateMessage(NAME, Y.encodeStateAsUpdate(d), 2),
      awarenessMessage(NAME, [{ clientId: d.clientID, clock: 3, state: '{"user":{"name":"Ana"}}' }]),
      awarenessMessage(NAME, [{ clientId: d.clientID, clock: 4, state: 'null' }]),
    ])
      expect(checkCollabMessage(m)).toMatchObject({ ok: true, documentName: NAME });
  });

  it('refuses every malformed kind, whatever the seed, with a reason', () => {
    const valid = Y.encodeStateAsUpdate(honest());
    for (let seed = 1; seed <= 10; seed++) {
      const rnd = seededRandom(seed);
      for (const kind of MALFORMED_KINDS) {
        const r = checkCollabMessage(malformedMessage(rnd, kind, NAME, valid));
        expect(r.ok, `${kind} seed ${seed}`).toBe(false);
        if (!r.ok) expect(r.reason.length).toBeGreaterThan(0);
      }
    }
  });

  it('refuses state vectors over the limit and accepts large ones under it', () => {
    expect(
      checkCollabMessage(syncStep1Message(NAME, hugeStateVector(MAX_STATE_VECTOR_CLIENTS + 1))),
    ).toMatchObject({
      ok: false,
    });
    expect(checkCollabMessage(syncStep1Message(NAME, hugeStateVector(1_000))).ok).toBe(true);
  });
});
