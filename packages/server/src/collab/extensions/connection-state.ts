import type { DocumentKind } from '@throughline/shared';
import type { Connection } from '@hocuspocus/server';
import type { DocumentAccess, Viewer } from '../../auth/policy.js';

/**
 * Transaction origin of updates that came from another instance or from the database (a load or
 * a catch-up read). It is the origin Hocuspocus' own Redis extension uses, which Hocuspocus
 * recognises: such updates are broadcast to this instance's clients but not handed to the store
 * hooks again.
 */
export const RELAY_ORIGIN = '__hocuspocus__redis__origin__';

/**
 * What the collaboration server keeps per connection, in the Hocuspocus context under `collab`.
 * The authentication extension creates it; storage and rights read it.
 */
export interface CollabConnectionState {
  viewer: Viewer;
  /**
   * What the connection authenticated with, re-resolved when rights are re-checked (revoked
   * sessions lose access): a partner token, or a session's `sid:` key (see `credentialKey`).
   */
  token: string;
  kind: DocumentKind;
  id: string;
  access: DocumentAccess;
  /**
   * Updates this connection had stored and Hocuspocus is about to apply (it does so in the same
   * tick the hook resolves). Lets the read-only guard tell them from updates that bypassed us.
   */
  approvedPending: number;
  /**
   * When the credential ends by itself (session expiry in real time, partner token expiry by the
   * server's clock); rights arms a timer for it while the connection is open.
   */
  expiry?: { at: Date; by: 'real-time' | 'server-clock' } | null;
  /** The armed expiry timer (rights clears it when the connection goes). */
  expiryTimer?: NodeJS.Timeout | null;
}

/** The state of a connection, if it authenticated through us. */
export function connectionStateOf(
  connection: Pick<Connection, 'context'>,
): CollabConnectionState | undefined {
  return (connection.context as { collab?: CollabConnectionState } | undefined)?.collab;
}

/** A refusal Hocuspocus sends as `permission-denied` with this reason: "<close code> <word>". */
export function refusal(code: number, word: string): { code: number; reason: string } {
  return { code, reason: `${code} ${word}` };
}
