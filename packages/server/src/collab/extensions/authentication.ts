import { CollabCloseCode, parseDocumentName } from '@throughline/shared';
import {
  Connection,
  Extension,
  beforeHandleMessagePayload,
  onAuthenticatePayload,
  onChangePayload,
} from '@hocuspocus/server';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { credentialExpiry, viewerFromToken } from '../../auth/authenticate.js';
import { sessionTokenFromCookieHeader } from '../../auth/session-cookie.js';
import { credentialKey } from '../../auth/sessions.js';
import type { Clock } from '../../clock.js';
import { OrgTree } from '../../auth/org-tree.js';
import { Policy } from '../../auth/policy.js';
import { loadDocumentSubject } from '../document-subjects.js';
import { CollabConnectionState, connectionStateOf, refusal } from './connection-state.js';

export interface AuthenticationOptions {
  db: DataSource;
  logger: Logger;
  /** The server's clock: partner tokens expire by it. Default: real time. */
  clock?: Clock;
}

/**
 * Who may open a document, and how: token → viewer → `policy.documentAccess` of the document's
 * subject. Refusals carry the shared close codes (unknown name, no or bad token, invisible or
 * missing subject: ids leak nothing). Readers get a read-only connection, whose document updates
 * are dropped before anything else sees them (their cursors still pass); an update that is
 * applied from a read-only connection all the same makes the document reload from the database.
 *
 * It runs before every other extension (priority), so storage only ever sees writable connections.
 */
export class Authentication implements Extension {
  readonly extensionName = 'throughline-authentication';
  readonly priority = 1_000;

  constructor(private readonly opts: AuthenticationOptions) {}

  async onAuthenticate({
    token,
    documentName,
    connectionConfig,
    requestHeaders,
  }: Pick<onAuthenticatePayload, 'token' | 'documentName' | 'connectionConfig'> &
    Partial<Pick<onAuthenticatePayload, 'requestHeaders'>>) {
    const { db } = this.opts;
    const parsed = parseDocumentName(documentName);
    if (!parsed) throw refusal(CollabCloseCode.FORBIDDEN, 'unknown-document');
    // Scripts send a bearer token in the provider's auth message; browsers send none and are
    // authenticated by the session cookie of the upgrade request (its Origin checked before).
    const credential = token || sessionTokenFromCookieHeader(requestHeaders?.cookie) || null;
    const viewer = await viewerFromToken(db, credential, { clock: this.opts.clock });
    if (!viewer || !credential) throw refusal(CollabCloseCode.UNAUTHORIZED, 'unauthorized');
    const subject = await loadDocumentSubject(db, parsed.kind, parsed.id);
    // A missing subject and an invisible one get the same answer: ids leak nothing.
    if (!subject) throw refusal(CollabCloseCode.FORBIDDEN, 'forbidden');
    const access = new Policy(viewer, await OrgTree.load(db)).documentAccess(subject);
    if (access === 'none') throw refusal(CollabCloseCode.FORBIDDEN, 'forbidden');
    connectionConfig.readOnly = access !== 'write';
    const state: CollabConnectionState = {
      viewer,
      // Re-checked by the session's id (a rotation of the browser's token keeps the connection).
      token: credentialKey(viewer, credential),
      kind: parsed.kind,
      id: parsed.id,
      access,
      approvedPending: 0,
      expiry: await credentialExpiry(db, credential, viewer),
    };
    return { collab: state };
  }

  /** Defence in depth: our own record of the rights decides, whatever the connection's flag says now. */
  async beforeHandleMessage({ connection }: Pick<beforeHandleMessagePayload, 'connection'>) {
    const state = connectionStateOf(connection);
    if (!state || state.access !== 'write') connection.readOnly = true;
  }

  /**
   * Second line of defence: an update applied from a connection we consider read-only means the
   * flag was bypassed. It was never stored; drop the in-memory copy (close its connections, which
   * unloads it) so the next load comes from the database, the only truth.
   */
  async onChange({ document, transactionOrigin }: Pick<onChangePayload, 'document' | 'transactionOrigin'>) {
    const origin: unknown = transactionOrigin;
    if (!(origin instanceof Connection)) return;
    const state = connectionStateOf(origin);
    if (state && (state.access === 'write' || state.approvedPending > 0)) return;
    this.opts.logger.error(
      { doc: document.name, socket: origin.socketId },
      'an update from a read-only connection was applied in memory; reloading the document from the database',
    );
    for (const c of document.getConnections()) c.webSocket.close(1011, 'document reloaded');
  }
}
