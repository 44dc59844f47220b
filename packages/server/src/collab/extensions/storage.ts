import { CollabCloseCode, parseDocumentName } from '@throughline/shared';
import type {
  Document,
  Extension,
  Hocuspocus,
  afterLoadDocumentPayload,
  beforeHandleMessagePayload,
  onConfigurePayload,
  onLoadDocumentPayload,
} from '@hocuspocus/server';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import * as Y from 'yjs';
import type { Clock } from '../../clock.js';
import {
  applyStoredDocument,
  DocumentSeeds,
  initialiseDocument,
  readStoredDocument,
  storeUpdates,
} from '../document-store.js';
import { GroupCommit } from '../group-commit.js';
import { readDocumentUpdate } from '../sync-message.js';
import { connectionStateOf, RELAY_ORIGIN, refusal } from './connection-state.js';

export interface StorageOptions {
  db: DataSource;
  logger: Logger;
  instanceId: string;
  /** First text of new documents from the modules that own it (a meeting's drafted agenda). */
  seeds: DocumentSeeds;
  /** A new meeting document's agenda is drafted as of this clock's now. */
  clock: Clock;
  /** Called after each stored update, and when a document loads with a long tail of updates: compaction is due. */
  onStored(documentName: string): void;
  /**
   * Fault injection for tests: runs before each update is stored, for every update of a group
   * before the group's commit (throw to simulate a failing write: the whole group fails). Read at each store.
   */
  testHooks?: { beforeStoreUpdate?: (documentName: string) => Promise<void> | void };
}

/** Stored updates above which a document is compacted soon after it loads rather than replayed on every load. */
const LONG_TAIL = 50;

/**
 * PostgreSQL is the only truth of a document. Loading: seed a never-stored document once
 * (hocuspocus#344), then apply snapshot + updates. Editing: every client update is stored in
 * `collab_update` **before** Hocuspocus applies and acknowledges it, one document's updates in
 * arrival order. Read-only connections never get here with an update (authentication runs first
 * and flags them; their updates are skipped).
 */
export class Storage implements Extension {
  readonly extensionName = 'throughline-storage';
  readonly stats = { storedUpdates: 0 };
  /** All documents' stores, one commit in flight at a time, arrival order kept (its stats count commits). */
  readonly groupCommit: GroupCommit;
  private instance: Hocuspocus | null = null;

  constructor(private readonly opts: StorageOptions) {
    this.groupCommit = new GroupCommit(async (group) => {
      for (const u of group) await opts.testHooks?.beforeStoreUpdate?.(u.documentName);
      await storeUpdates(opts.db, group, opts.instanceId);
    }, opts.instanceId);
  }

  async onConfigure({ instance }: Pick<onConfigurePayload, 'instance'>) {
    this.instance = instance;
  }

  async onLoadDocument({
    documentName: name,
    document,
  }: Pick<onLoadDocumentPayload, 'documentName' | 'document'>) {
    const parsed = parseDocumentName(name);
    if (!parsed) throw refusal(CollabCloseCode.FORBIDDEN, 'unknown-document');
    await initialiseDocument(this.opts.db, parsed, name, this.opts.seeds, this.opts.clock.now());
    const stored = await readStoredDocument(this.opts.db, name);
    applyStoredDocument(document, stored, RELAY_ORIGIN, this.opts.logger);
    if (stored.updates.length > LONG_TAIL) this.opts.onStored(name);
  }

  /** Updates other instances stored while this one was loading the document. */
  async afterLoadDocument({ document }: Pick<afterLoadDocumentPayload, 'document'>) {
    await this.catchUp(document);
  }

  /**
   * Applies whatever is stored for a loaded document (snapshot + remaining updates). Yjs ignores
   * what the document already has, so this is safe to repeat: used after loading, after the relay
   * missed notifications, and when a relayed seq was already folded away.
   */
  async catchUp(document: Document): Promise<void> {
    const stored = await readStoredDocument(this.opts.db, document.name);
    if (document.isDestroyed) return;
    applyStoredDocument(document, stored, RELAY_ORIGIN, this.opts.logger);
  }

  /**
   * Stores a client's update before Hocuspocus applies and acknowledges it. Hocuspocus awaits
   * `beforeHandleMessage` before it hands the message to its MessageReceiver, which applies the
   * update and only then replies with the sync status the provider counts as "synced"
   * (Connection.handleMessage in @hocuspocus/server 3.4.4). onChange/onStoreDocument run after
   * the update is applied and acknowledged, so they cannot keep that promise. If the store
   * fails, the message is not applied, not acknowledged, and the socket is closed: the provider
   * reconnects and sends the edit again in its sync step 2.
   */
  async beforeHandleMessage({
    connection,
    document,
    update: data,
  }: Pick<beforeHandleMessagePayload, 'connection' | 'document' | 'update'>) {
    const incoming = readDocumentUpdate(data);
    if (!incoming) return; // awareness (cursors) passes, read-only or not
    if (connection.readOnly) return; // Hocuspocus answers "not applied"; nothing is stored
    const state = connectionStateOf(connection);
    const { update } = incoming;
    if (update.length <= 2) return; // an empty update: no structs, no deletions
    if (incoming.kind === 'step2' && Y.snapshotContainsUpdate(Y.snapshot(document), update)) return; // nothing new
    try {
      Y.decodeUpdate(update); // refuse garbage before it is stored: a stored bad update would break every later load
    } catch {
      throw { code: 1003, reason: 'malformed update' };
    }
    try {
      await this.groupCommit.store({
        documentName: document.name,
        update,
        actorId: state?.viewer.personId ?? null,
        clientId: connection.socketId,
      });
    } catch (e) {
      this.opts.logger.error(
        { err: e, doc: document.name },
        'storing an update failed; the client will resend it',
      );
      connection.webSocket.close(1011, 'store failed');
      throw { code: 1011, reason: 'store failed' };
    }
    this.stats.storedUpdates++;
    if (state) {
      state.approvedPending++;
      setImmediate(() => state.approvedPending--);
    }
    this.opts.onStored(document.name);
    // hocuspocus#995: the document may have been unloaded (last client gone) and loaded again while
    // this store was in flight; the new copy read the database before our commit. Hand it the update.
    const instance = this.instance;
    const current =
      instance?.documents.get(document.name) ??
      (await instance?.loadingDocuments.get(document.name)?.catch(() => undefined));
    if (current && current !== document && !current.isDestroyed) Y.applyUpdate(current, update, RELAY_ORIGIN);
  }

  /** Waits for every store in flight (shutdown). */
  async drain(): Promise<void> {
    await this.groupCommit.drain();
  }
}
