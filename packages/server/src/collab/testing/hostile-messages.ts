/**
 * Raw `/collab` messages as a hostile client would send them, for the collaboration tests and
 * the reliability suite's fuzz check (tools/chaos/collab-fuzz.mjs loads the built copy). Framing
 * is Hocuspocus' (varString document name, varUint message type, then the y-sync or awareness
 * message); everything is built with lib0 as the provider does. Never loaded by the server.
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

const SYNC = 0;
const AWARENESS = 1;
const AUTH = 2;

/** A deterministic random source (mulberry32) so a fuzz run replays from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const frame = (name: string, type: number, body: (e: encoding.Encoder) => void): Uint8Array => {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, name);
  encoding.writeVarUint(e, type);
  body(e);
  return encoding.toUint8Array(e);
};

/** The token message that opens a document. */
export const authMessage = (name: string, token: string) =>
  frame(name, AUTH, (e) => {
    encoding.writeVarUint(e, 0);
    encoding.writeVarString(e, token);
  });

/** A sync step 1 carrying `stateVector` (encoded). */
export const syncStep1Message = (name: string, stateVector: Uint8Array) =>
  frame(name, SYNC, (e) => {
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint8Array(e, stateVector);
  });

/** A live update (sync type 2) or a step 2 (sync type 1) carrying `update`. */
export const updateMessage = (name: string, update: Uint8Array, syncType: 1 | 2 = 2) =>
  frame(name, SYNC, (e) => {
    encoding.writeVarUint(e, syncType);
    encoding.writeVarUint8Array(e, update);
  });

/** An awareness message with raw states (`state` is sent as given: it may be invalid JSON). */
export const awarenessMessage = (
  name: string,
  states: { clientId: number; clock: number; state: string }[],
) =>
  frame(name, AWARENESS, (e) => {
    const a = encoding.createEncoder();
    encoding.writeVarUint(a, states.length);
    for (const s of states) {
      encoding.writeVarUint(a, s.clientId);
      encoding.writeVarUint(a, s.clock);
      encoding.writeVarString(a, s.state);
    }
    encoding.writeVarUint8Array(e, encoding.toUint8Array(a));
  });

/** A state vector naming `clients` clients, encoded. */
export function hugeStateVector(clients: number): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, clients);
  for (let i = 0; i < clients; i++) {
    encoding.writeVarUint(e, i + 1);
    encoding.writeVarUint(e, 1_000_000 + i);
  }
  return encoding.toUint8Array(e);
}

/**
 * An update that writes `text` as a paragraph of `field` under `clientId` — someone else's id
 * when `clientId` is another editor's — on top of `current` (the document as the sender sees it).
 */
export function updateUnderClientId(
  current: Y.Doc,
  field: string,
  clientId: number,
  text: string,
): Uint8Array {
  const d = new Y.Doc();
  Y.applyUpdate(d, Y.encodeStateAsUpdate(current));
  d.clientID = clientId; // after the state: Yjs moves a doc off a client id it sees in an update
  const before = Y.encodeStateVector(d);
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(text)]);
  d.getXmlFragment(field).insert(d.getXmlFragment(field).length, [p]);
  const update = Y.encodeStateAsUpdate(d, before);
  d.destroy();
  return update;
}

/** Kinds of malformed message the fuzz sends; each must close the sender with INVALID_MESSAGE. */
export const MALFORMED_KINDS = [
  'random-bytes',
  'garbage-update',
  'mutated-update',
  'truncated-varint',
  'huge-claimed-length',
  'huge-state-vector',
  'garbage-awareness',
  'unknown-message-type',
  'unknown-sync-type',
  'trailing-bytes',
] as const;
export type MalformedKind = (typeof MALFORMED_KINDS)[number];

const bytes = (rnd: () => number, n: number) => {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(rnd() * 256);
  return b;
};

/**
 * One malformed message of `kind` for document `name`: valid lib0 framing where the kind says so,
 * garbage inside. `validUpdate` is an honest update the mutations start from.
 */
export function malformedMessage(
  rnd: () => number,
  kind: MalformedKind,
  name: string,
  validUpdate: Uint8Array,
): Uint8Array {
  switch (kind) {
    case 'random-bytes':
      return bytes(rnd, 1 + Math.floor(rnd() * 64));
    case 'garbage-update': {
      // One struct of a real shape (client, clock, info, parent) whose content type does not
      // exist, then random bytes: never a valid update, whatever the random bytes are.
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 1); // clients
      encoding.writeVarUint(e, 1 + Math.floor(rnd() * 5)); // structs
      encoding.writeVarUint(e, 1 + Math.floor(rnd() * 2 ** 30)); // client id
      encoding.writeVarUint(e, 0); // clock
      encoding.writeUint8(e, 0x1f); // info: content type 31 (there are 11)
      encoding.writeVarUint(e, 1); // parent is a root type…
      encoding.writeVarString(e, 'minutes'); // …by name
      encoding.writeUint8Array(e, bytes(rnd, Math.floor(rnd() * 200)));
      return updateMessage(name, encoding.toUint8Array(e), rnd() < 0.5 ? 1 : 2);
    }
    case 'mutated-update': {
      // An honest update cut short: its last struct or its delete set is missing.
      const cut = validUpdate.slice(0, Math.max(1, Math.floor(validUpdate.length * (0.2 + rnd() * 0.6))));
      if (cut.length >= 3) cut[cut.length - 1] = 0xff; // a varint that never ends
      return updateMessage(name, cut, 2);
    }
    case 'truncated-varint': {
      const e = encoding.createEncoder();
      encoding.writeVarString(e, name);
      encoding.writeUint8(e, 0x80 | Math.floor(rnd() * 127));
      encoding.writeUint8(e, 0xff);
      return encoding.toUint8Array(e);
    }
    case 'huge-claimed-length': {
      const e = encoding.createEncoder();
      encoding.writeVarString(e, name);
      encoding.writeVarUint(e, SYNC);
      encoding.writeVarUint(e, 2);
      encoding.writeVarUint(e, 2 ** 31 + Math.floor(rnd() * 2 ** 20)); // claims 2 GiB
      encoding.writeUint8Array(e, bytes(rnd, 16));
      return encoding.toUint8Array(e);
    }
    case 'huge-state-vector':
      return syncStep1Message(name, hugeStateVector(150_000));
    case 'garbage-awareness':
      return awarenessMessage(name, [
        { clientId: Math.floor(rnd() * 2 ** 30), clock: 1, state: '{"user": {"name": "x"' },
      ]);
    case 'unknown-message-type':
      return frame(name, [6, 8, 9, 42, 1000][Math.floor(rnd() * 5)], (e) =>
        encoding.writeVarString(e, 'everyone'),
      );
    case 'unknown-sync-type':
      return frame(name, SYNC, (e) => {
        encoding.writeVarUint(e, 3 + Math.floor(rnd() * 100));
        encoding.writeVarUint8Array(e, validUpdate);
      });
    case 'trailing-bytes': {
      const m = updateMessage(name, validUpdate, 2);
      const out = new Uint8Array(m.length + 8);
      out.set(m);
      out.set(bytes(rnd, 8), m.length);
      return out;
    }
  }
}
