import { CollabCloseCode } from '@throughline/shared';
import * as decoding from 'lib0/decoding';
import type { WebSocket } from 'ws';
import { messageYjsSyncStep1, messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync';
import * as Y from 'yjs';

/** Longest document name a client may send (ours are `kind/uuid`, under 50 characters). */
export const MAX_DOCUMENT_NAME_LENGTH = 200;
/** Clients a state vector may name (a long-lived document has a few thousand at most). */
export const MAX_STATE_VECTOR_CLIENTS = 100_000;
/** Awareness states one message may carry (one per open editor of the document). */
export const MAX_AWARENESS_STATES = 1_000;
/** Different documents one socket may open or try to open (the web app opens one or two). */
export const MAX_DOCUMENTS_PER_SOCKET = 100;

/** Hocuspocus message types a client may send (its MessageType, @hocuspocus/server 3.4.4). */
const SYNC = 0;
const AWARENESS = 1;
const AUTH = 2;
const QUERY_AWARENESS = 3;
const SYNC_REPLY = 4;
const STATELESS = 5;
const CLOSE = 7;
/** AuthMessageType.Token: the only auth message a client sends. */
const AUTH_TOKEN = 0;

/** What a raw client message is, or why it was refused. */
export type MessageCheck =
  | { ok: true; documentName: string; type: number }
  | { ok: false; documentName?: string; reason: string };

/**
 * Checks a raw `/collab` message completely before Hocuspocus sees any of it: the lib0 framing
 * (document name, message type) and what is inside — a sync step 1's state vector, a step 2's or
 * update's Yjs update (decoded struct by struct), an awareness update's states (valid JSON), an
 * auth token. Truncated or over-long varints, lengths that claim more bytes than the message has,
 * unknown message or sync types, trailing garbage and broadcast-to-everyone messages (which the
 * app never sends) are refused with a reason the server logs. Never throws.
 */
export function checkCollabMessage(data: Uint8Array): MessageCheck {
  const d = decoding.createDecoder(data);
  let documentName: string | undefined;
  try {
    documentName = decoding.readVarString(d);
    if (documentName.length > MAX_DOCUMENT_NAME_LENGTH)
      return { ok: false, reason: `document name longer than ${MAX_DOCUMENT_NAME_LENGTH} characters` };
    const type = decoding.readVarUint(d);
    const refused = checkBody(type, d);
    if (refused) return { ok: false, documentName, reason: refused };
    if (decoding.hasContent(d))
      return { ok: false, documentName, reason: `${d.arr.length - d.pos} bytes after the message` };
    return { ok: true, documentName, type };
  } catch (e) {
    return { ok: false, documentName, reason: `undecodable: ${(e as Error)?.message ?? String(e)}` };
  }
}

/** Reads the body of a message of `type`; the reason it is refused, or null. */
function checkBody(type: number, d: decoding.Decoder): string | null {
  switch (type) {
    case SYNC:
    case SYNC_REPLY: {
      const syncType = decoding.readVarUint(d);
      const payload = decoding.readVarUint8Array(d);
      if (syncType === messageYjsSyncStep1) {
        const clients = Y.decodeStateVector(payload).size;
        return clients > MAX_STATE_VECTOR_CLIENTS
          ? `state vector names ${clients} clients (limit ${MAX_STATE_VECTOR_CLIENTS})`
          : null;
      }
      if (syncType === messageYjsSyncStep2 || syncType === messageYjsUpdate) {
        Y.decodeUpdate(payload); // throws on anything that is not a well-formed update
        return null;
      }
      return `unknown sync message type ${syncType}`;
    }
    case AWARENESS: {
      const a = decoding.createDecoder(decoding.readVarUint8Array(d));
      const n = decoding.readVarUint(a);
      if (n > MAX_AWARENESS_STATES)
        return `awareness update with ${n} states (limit ${MAX_AWARENESS_STATES})`;
      for (let i = 0; i < n; i++) {
        decoding.readVarUint(a); // client id
        decoding.readVarUint(a); // clock
        JSON.parse(decoding.readVarString(a));
      }
      return decoding.hasContent(a) ? 'bytes after the awareness states' : null;
    }
    case AUTH: {
      const authType = decoding.readVarUint(d);
      if (authType !== AUTH_TOKEN) return `unknown auth message type ${authType}`;
      decoding.readVarString(d);
      return null;
    }
    case QUERY_AWARENESS:
    case CLOSE:
      return null;
    case STATELESS:
      decoding.readVarString(d);
      return null;
    default:
      return `message type ${type} is not accepted from clients`;
  }
}

/** Why a socket was closed by the guard, for the server's log. */
export type GuardRefusal = (reason: string, detail: { documentName?: string; bytes: number }) => void;

/**
 * Puts `checkCollabMessage` in front of Hocuspocus on one socket: a message that fails it never
 * reaches Hocuspocus (whose own handling of undecodable bytes closes with a misleading 4401 or
 * queues messages for unknown documents without bound); the socket is closed with
 * INVALID_MESSAGE (4400) and `onRefused` says why. So is a socket that names more than
 * `MAX_DOCUMENTS_PER_SOCKET` documents. Nothing after a refusal is handled.
 */
export function guardMessages(ws: WebSocket, onRefused: GuardRefusal): void {
  const names = new Set<string>();
  let refused = false;
  const emit = ws.emit.bind(ws);
  const refuse = (reason: string, documentName: string | undefined, bytes: number) => {
    refused = true;
    onRefused(reason, { documentName: documentName?.slice(0, MAX_DOCUMENT_NAME_LENGTH), bytes });
    ws.close(CollabCloseCode.INVALID_MESSAGE, 'invalid-message');
  };
  ws.emit = ((event: string | symbol, ...args: unknown[]) => {
    if (event !== 'message') return emit(event, ...args);
    if (refused) return false;
    const bytes = toBytes(args[0]);
    const check = checkCollabMessage(bytes);
    if (!check.ok) return (refuse(check.reason, check.documentName, bytes.length), false);
    if (!names.has(check.documentName)) {
      if (names.size >= MAX_DOCUMENTS_PER_SOCKET)
        return (
          refuse(
            `more than ${MAX_DOCUMENTS_PER_SOCKET} documents on one socket`,
            check.documentName,
            bytes.length,
          ),
          false
        );
      names.add(check.documentName);
    }
    return emit(event, ...args);
  }) as typeof ws.emit;
}

function toBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (Array.isArray(data)) return Buffer.concat(data as Buffer[]);
  return new Uint8Array(data as ArrayBuffer);
}
