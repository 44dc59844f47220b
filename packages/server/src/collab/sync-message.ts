import * as decoding from 'lib0/decoding';
import { messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync';

/** Hocuspocus message types that carry a y-sync message (`Sync` and `SyncReply`). */
const SYNC_TYPES = new Set([0, 4]);

/** A document change found in a raw Hocuspocus message. */
export interface IncomingDocumentUpdate {
  /** `step2` answers a sync step 1 (on (re)connect it carries edits made offline); `update` is a live edit. */
  kind: 'step2' | 'update';
  update: Uint8Array;
}

/**
 * Reads the Yjs update out of a raw Hocuspocus message (varString document name, varUint
 * message type, then the y-sync message), or null when the message changes no document
 * (awareness, auth, sync step 1, stateless…). Malformed input yields null: Hocuspocus itself
 * rejects it when it parses the same bytes.
 */
export function readDocumentUpdate(data: Uint8Array): IncomingDocumentUpdate | null {
  try {
    const d = decoding.createDecoder(data);
    decoding.readVarString(d);
    if (!SYNC_TYPES.has(decoding.readVarUint(d))) return null;
    const syncType = decoding.readVarUint(d);
    if (syncType !== messageYjsSyncStep2 && syncType !== messageYjsUpdate) return null;
    return {
      kind: syncType === messageYjsSyncStep2 ? 'step2' : 'update',
      update: decoding.readVarUint8Array(d),
    };
  } catch {
    return null;
  }
}
