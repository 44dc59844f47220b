import { CollabCloseCode } from '@throughline/shared';
import type { beforeHandleMessagePayload, Document, Extension } from '@hocuspocus/server';
import type { Logger } from 'pino';
import * as Y from 'yjs';
import { readDocumentUpdate } from '../sync-message.js';
import { connectionStateOf, refusal } from './connection-state.js';

export interface ClientIdsOptions {
  logger: Logger;
  /** Applies what is stored for the document (storage's catch-up): tells a missed relay from a forgery. */
  catchUp(document: Document): Promise<void>;
}

/**
 * Yjs identifies every piece of content by (client id, clock). A writer who sends content under
 * someone else's client id, at clocks that person has not used yet, takes those ids: the real
 * editor's next keystrokes then carry ids the document already has and are silently dropped —
 * acknowledged edits lost without any invalid byte. So, per loaded document, the first person
 * who writes new content under a client id owns it; new content under a client id owned by
 * another person is refused — unless the document merely missed it (another instance's update
 * whose notification was lost: an honest editor's sync may carry it), which a catch-up from the
 * database settles first. The sender is disconnected with INVALID_MESSAGE and the server logs it.
 *
 * Ownership lives in memory with the loaded document (a reload starts afresh): it protects the
 * people editing now. Deletions are not owned (deleting others' text is editing).
 */
export class ClientIds implements Extension {
  readonly extensionName = 'throughline-client-ids';
  /** After authentication (which marks read-only connections), before relay and storage. */
  readonly priority = 500;
  readonly stats = { foreignClientIdRefusals: 0 };
  private readonly owners = new WeakMap<Document, Map<number, string>>();

  constructor(private readonly opts: ClientIdsOptions) {}

  async beforeHandleMessage({
    connection,
    document,
    update: data,
  }: Pick<beforeHandleMessagePayload, 'connection' | 'document' | 'update'>) {
    if (connection.readOnly) return; // its updates are dropped anyway
    const incoming = readDocumentUpdate(data);
    const state = connectionStateOf(connection);
    if (!incoming || !state || incoming.update.length <= 2) return;
    const person = state.viewer.personId;
    let owners = this.owners.get(document);
    if (!owners) this.owners.set(document, (owners = new Map()));
    let claims = newContentClients(document, incoming.update);
    let foreign = claims.filter((c) => (owners.get(c) ?? person) !== person);
    if (foreign.length) {
      await this.opts.catchUp(document);
      claims = newContentClients(document, incoming.update);
      foreign = claims.filter((c) => (owners.get(c) ?? person) !== person);
    }
    if (foreign.length) {
      this.stats.foreignClientIdRefusals++;
      this.opts.logger.warn(
        { doc: document.name, person, socket: connection.socketId, clientIds: foreign.slice(0, 5) },
        "collab: refused an update written under another person's client id; connection closed",
      );
      connection.webSocket.close(CollabCloseCode.INVALID_MESSAGE, 'foreign-client-id');
      throw refusal(CollabCloseCode.INVALID_MESSAGE, 'foreign-client-id');
    }
    for (const c of claims) if (!owners.has(c)) owners.set(c, person);
  }
}

/** Client ids under which `update` adds content the document does not have yet. */
function newContentClients(document: Y.Doc, update: Uint8Array): number[] {
  const { structs } = Y.decodeUpdate(update);
  const out = new Set<number>();
  for (const s of structs) {
    if (s instanceof Y.Skip) continue;
    const { client, clock } = s.id;
    if (clock + s.length > Y.getState(document.store, client)) out.add(client);
  }
  return [...out];
}
