import { CollabCloseCode, DOCUMENT_FIELDS, DocumentKind, parseDocumentName } from '@throughline/shared';
import { Connection, Document, Hocuspocus } from '@hocuspocus/server';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import pg from 'pg';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { WebSocketServer } from 'ws';
import { applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { viewerFromToken } from '../auth/authenticate.js';
import { OrgTree } from '../auth/org-tree.js';
import { DocumentAccess, Policy, Viewer } from '../auth/policy.js';
import { GRAPH_EVENTS_CHANNEL } from '../modules/events/graph-events.js';
import { loadDocumentSubject } from './document-subjects.js';
import {
  applyStoredDocument,
  COLLAB_CHANNEL,
  CollabNotice,
  compactDocument,
  DocumentSeeds,
  initialiseDocument,
  readStoredDocument,
  readUpdate,
  storeUpdate,
} from './document-store.js';
import { Clock, systemClock } from '../clock.js';
import { readDocumentUpdate } from './sync-message.js';

/**
 * Transaction origin of updates that came from another instance (or a catch-up read). It is
 * the origin Hocuspocus' own Redis extension uses, which Hocuspocus recognises: such updates
 * are broadcast to this instance's clients but not handed to the store hooks again.
 */
export const RELAY_ORIGIN = '__hocuspocus__redis__origin__';

/** Graph event topics after which connected viewers' rights are re-evaluated. */
const RIGHTS_TOPICS = new Set(['unitChanged', 'personChanged', 'objectiveChanged', 'initiativeChanged', 'meetingChanged', 'planChanged']);

/** What the collaboration server keeps per connection (in the Hocuspocus context). */
export interface CollabConnectionState {
  viewer: Viewer;
  /** The token the connection authenticated with: re-resolved when rights are re-checked (revoked sessions lose access). */
  token: string;
  kind: DocumentKind;
  id: string;
  access: DocumentAccess;
  /**
   * Updates this connection had stored and Hocuspocus is about to apply (it does so in the same
   * tick the hook resolves). Lets the read-only guard tell them from updates that bypassed us.
   */
  approvedPending: number;
}

/** Options, mostly seams for tests (slow or failing stores, timings). */
export interface CollabServerOptions {
  db: DataSource;
  databaseUrl: string;
  logger: Logger;
  instanceId: string;
  /** Quiet period before an edited document is compacted and its text written back (ms). */
  flushDebounceMs?: number;
  /**
   * The server's event bus (in-process fan-out of graph events). When absent, the collaboration
   * server LISTENs on the graph events channel itself.
   */
  graphEvents?: { subscribe(listener: { deliver(env: { event: { topic: string } }): void; close(): void }): () => void };
  /** Longest an edited document waits for compaction while edits keep coming (ms): "readable within about a second". */
  flushMaxWaitMs?: number;
  /** First text of new documents from the modules that own it (a meeting's drafted agenda). */
  seeds: DocumentSeeds;
  /** The server's clock: a new meeting document's agenda is drafted as of its now (see clock.ts). Default: real time. */
  clock?: Clock;
}

/** Fault and delay injection for tests. */
export interface CollabTestHooks {
  /** Runs before each update is stored; throw to simulate a failing database write. */
  beforeStoreUpdate?: (documentName: string) => Promise<void> | void;
  /** Runs before each compaction; throw or delay to simulate a failing or slow store. */
  beforeCompact?: (documentName: string) => Promise<void> | void;
}

/** A refusal Hocuspocus sends as `permission-denied` with this reason: "<close code> <word>". */
function refusal(code: number, word: string) {
  return { code, reason: `${code} ${word}` };
}

/**
 * The collaboration server: Hocuspocus without a listener of its own, on the HTTP server's
 * `/collab` upgrades. Authorizes with the one policy, stores every update in PostgreSQL before
 * it is acknowledged, compacts in the background, relays updates between instances through
 * LISTEN/NOTIFY, and re-checks rights when the graph changes.
 */
export class CollabServer {
  readonly hocuspocus: Hocuspocus;
  readonly testHooks: CollabTestHooks = {};
  /** Counters for tests and diagnostics. */
  readonly stats = { storedUpdates: 0, compactions: 0, compactionFailures: 0, relayedUpdates: 0, rightsChecks: 0 };

  private readonly db: DataSource;
  private readonly logger: Logger;
  private readonly instanceId: string;
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 16 << 20 });
  /** Per-document chain of stores, so one document's updates are stored (and get their seq) in arrival order. */
  private readonly storeChains = new Map<string, Promise<unknown>>();
  private readonly flushes = new Map<string, { timer: NodeJS.Timeout | null; firstAt: number; running: Promise<void> | null; again: boolean }>();
  private readonly flushDebounceMs: number;
  private readonly flushMaxWaitMs: number;
  private listener: pg.Client | null = null;
  private listenerRetry: NodeJS.Timeout | null = null;
  private rightsTimer: NodeJS.Timeout | null = null;
  private unsubscribeGraphEvents: (() => void) | null = null;
  private stopping = false;

  constructor(private readonly opts: CollabServerOptions) {
    this.db = opts.db;
    this.logger = opts.logger.child({ component: 'collab' });
    this.instanceId = opts.instanceId;
    this.flushDebounceMs = opts.flushDebounceMs ?? 250;
    this.flushMaxWaitMs = opts.flushMaxWaitMs ?? 800;
    this.hocuspocus = new Hocuspocus({
      name: `throughline-${opts.instanceId.slice(0, 8)}`,
      quiet: true,
      // Persistence does not use onStoreDocument (see beforeHandleMessage); nothing waits on this debounce.
      debounce: 2_000,
      maxDebounce: 10_000,
      unloadImmediately: true,
      extensions: [
        {
          extensionName: 'throughline-collab',
          onAuthenticate: (data) => this.authenticate(data.token, data.documentName, data.connectionConfig),
          onLoadDocument: (data) => this.loadDocument(data.documentName, data.document),
          afterLoadDocument: async (data) => {
            this.relayAwarenessOf(data.document);
            await this.catchUp(data.documentName, data.document);
          },
          beforeHandleMessage: (data) => this.beforeHandleMessage(data.connection, data.document, data.update),
          onChange: async (data) => this.guardChange(data.document, data.transactionOrigin),
        },
      ],
    });
  }

  /** Routes an upgrade on `/collab` to Hocuspocus. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.stopping) return void socket.destroy();
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      // A socket error (e.g. a frame over maxPayload: WS_ERR_UNSUPPORTED_MESSAGE_LENGTH) with no
      // listener is an uncaught exception that would stop the server for everyone. With a
      // listener, ws closes just this connection itself (1009 "message too big").
      ws.on('error', (err) => this.logger.warn({ err: (err as Error).message }, 'collab: socket error; connection closed'));
      this.hocuspocus.handleConnection(ws, req);
    });
  }

  /** Starts listening for other instances' updates and for graph events. */
  async start(): Promise<void> {
    await this.connectListener();
    this.unsubscribeGraphEvents =
      this.opts.graphEvents?.subscribe({
        deliver: (env) => {
          if (RIGHTS_TOPICS.has(env.event.topic) && this.hocuspocus.documents.size) this.scheduleRightsCheck();
        },
        close: () => undefined,
      }) ?? null;
  }

  // ---------------------------------------------------------------- authorization

  private async authenticate(token: string, documentName: string, connectionConfig: { readOnly: boolean }) {
    const parsed = parseDocumentName(documentName);
    if (!parsed) throw refusal(CollabCloseCode.FORBIDDEN, 'unknown-document');
    const viewer = await viewerFromToken(this.db, token || null);
    if (!viewer) throw refusal(CollabCloseCode.UNAUTHORIZED, 'unauthorized');
    const subject = await loadDocumentSubject(this.db, parsed.kind, parsed.id);
    // A missing subject and an invisible one get the same answer: ids leak nothing.
    if (!subject) throw refusal(CollabCloseCode.FORBIDDEN, 'forbidden');
    const access = new Policy(viewer, await OrgTree.load(this.db)).documentAccess(subject);
    if (access === 'none') throw refusal(CollabCloseCode.FORBIDDEN, 'forbidden');
    connectionConfig.readOnly = access !== 'write';
    const state: CollabConnectionState = { viewer, token, kind: parsed.kind, id: parsed.id, access, approvedPending: 0 };
    return { collab: state };
  }

  /**
   * Re-evaluates every connection after graph events (a unit made RESTRICTED, a person moved or
   * demoted, a meeting's participants or status changed, a session revoked…). A connection that
   * lost write access is made read-only at once; any change of access closes the connection with
   * RIGHTS_CHANGED so the client reconnects and learns its new rights (or is refused).
   */
  async recheckRights(): Promise<void> {
    this.stats.rightsChecks++;
    const tree = await OrgTree.load(this.db);
    const viewers = new Map<string, Promise<Viewer | null>>();
    for (const document of [...this.hocuspocus.documents.values()]) {
      const connections = document.getConnections();
      if (!connections.length) continue;
      const parsed = parseDocumentName(document.name);
      const subject = parsed ? await loadDocumentSubject(this.db, parsed.kind, parsed.id) : null;
      for (const connection of connections) {
        const state = (connection.context as { collab?: CollabConnectionState }).collab;
        if (!state) continue;
        let viewerP = viewers.get(state.token);
        if (!viewerP) viewers.set(state.token, (viewerP = viewerFromToken(this.db, state.token)));
        const viewer = await viewerP;
        const access: DocumentAccess = viewer && subject ? new Policy(viewer, tree).documentAccess(subject) : 'none';
        if (access === state.access) continue;
        this.logger.info({ doc: document.name, person: state.viewer.personId, from: state.access, to: access }, 'collaboration rights changed');
        if (access !== 'write') connection.readOnly = true;
        state.access = access;
        this.closeForRightsChange(connection);
      }
    }
  }

  private closeForRightsChange(connection: Connection): void {
    const reason = `${CollabCloseCode.RIGHTS_CHANGED} rights-changed`;
    connection.close({ code: CollabCloseCode.RIGHTS_CHANGED, reason });
    // The per-document close leaves the provider attached but unsynced; closing the socket makes
    // it reconnect and authenticate again (other documents on the socket simply resync).
    connection.webSocket.close(CollabCloseCode.RIGHTS_CHANGED, 'rights-changed');
  }

  private scheduleRightsCheck(): void {
    if (this.rightsTimer || this.stopping) return;
    // Batch bursts of events (a mutation may publish several) into one pass.
    this.rightsTimer = setTimeout(() => {
      this.rightsTimer = null;
      this.recheckRights().catch((e) => this.logger.error({ err: e }, 'rights re-check failed'));
    }, 50);
  }

  // ---------------------------------------------------------------- loading

  private async loadDocument(name: string, document: Document): Promise<void> {
    const parsed = parseDocumentName(name);
    if (!parsed) throw refusal(CollabCloseCode.FORBIDDEN, 'unknown-document');
    await initialiseDocument(this.db, parsed, name, this.opts.seeds, (this.opts.clock ?? systemClock).now());
    const stored = await readStoredDocument(this.db, name);
    applyStoredDocument(document, stored, RELAY_ORIGIN, this.logger);
    // A long tail of updates (e.g. after a crash) is folded soon rather than replayed on every load.
    if (stored.updates.length > 50) this.scheduleFlush(name);
  }

  /**
   * Applies whatever is stored for a loaded document (snapshot + remaining updates). Yjs ignores
   * what the document already has, so this is safe to repeat: used after loading (updates other
   * instances stored while we loaded), after a LISTEN reconnect, and when a relayed seq was
   * already folded away.
   */
  private async catchUp(name: string, document: Document): Promise<void> {
    const stored = await readStoredDocument(this.db, name);
    if (document.isDestroyed) return;
    applyStoredDocument(document, stored, RELAY_ORIGIN, this.logger);
  }

  // ---------------------------------------------------------------- durability

  /**
   * Stores a client's update before Hocuspocus applies and acknowledges it. Hocuspocus awaits
   * `beforeHandleMessage` before it hands the message to its MessageReceiver, which applies the
   * update and only then replies with the sync status the provider counts as "synced"
   * (Connection.handleMessage in @hocuspocus/server 3.4.4). onChange/onStoreDocument run after
   * the update is applied and acknowledged, so they cannot keep that promise. If the store
   * fails, the message is not applied, not acknowledged, and the socket is closed: the provider
   * reconnects and sends the edit again in its sync step 2.
   */
  private async beforeHandleMessage(connection: Connection, document: Document, data: Uint8Array): Promise<void> {
    const state = (connection.context as { collab?: CollabConnectionState }).collab;
    // Defence in depth: our own record of the rights decides, whatever the flag says now.
    if (!state || state.access !== 'write') connection.readOnly = true;
    const incoming = readDocumentUpdate(data);
    if (!incoming) return; // awareness (cursors) passes, read-only or not
    if (connection.readOnly) return; // Hocuspocus answers "not applied"; nothing is stored
    const { update } = incoming;
    if (update.length <= 2) return; // an empty update: no structs, no deletions
    if (incoming.kind === 'step2' && Y.snapshotContainsUpdate(Y.snapshot(document), update)) return; // nothing new
    try {
      Y.decodeUpdate(update); // refuse garbage before it is stored: a stored bad update would break every later load
    } catch (e) {
      throw { code: 1003, reason: 'malformed update' };
    }
    try {
      await this.inDocumentOrder(document.name, async () => {
        await this.testHooks.beforeStoreUpdate?.(document.name);
        await storeUpdate(this.db, {
          documentName: document.name,
          update,
          actorId: state!.viewer.personId,
          clientId: connection.socketId,
          instanceId: this.instanceId,
        });
      });
    } catch (e) {
      this.logger.error({ err: e, doc: document.name }, 'storing an update failed; the client will resend it');
      connection.webSocket.close(1011, 'store failed');
      throw { code: 1011, reason: 'store failed' };
    }
    this.stats.storedUpdates++;
    state!.approvedPending++;
    setImmediate(() => state!.approvedPending--);
    this.scheduleFlush(document.name);
    // hocuspocus#995: the document may have been unloaded (last client gone) and loaded again while
    // this store was in flight; the new copy read the database before our commit. Hand it the update.
    const current = this.hocuspocus.documents.get(document.name) ?? (await this.hocuspocus.loadingDocuments.get(document.name)?.catch(() => undefined));
    if (current && current !== document && !current.isDestroyed) Y.applyUpdate(current, update, RELAY_ORIGIN);
  }

  private inDocumentOrder<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.storeChains.get(name) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const settled = next.catch(() => undefined);
    this.storeChains.set(name, settled);
    void settled.then(() => {
      if (this.storeChains.get(name) === settled) this.storeChains.delete(name);
    });
    return next;
  }

  /**
   * Second line of defence: an update applied from a connection we consider read-only means the
   * flag was bypassed. It was never stored; drop the in-memory copy (close its connections, which
   * unloads it) so the next load comes from the database, the only truth.
   */
  private guardChange(document: Document, origin: unknown): void {
    if (!(origin instanceof Connection)) return;
    const state = (origin.context as { collab?: CollabConnectionState }).collab;
    if (state && (state.access === 'write' || state.approvedPending > 0)) return;
    this.logger.error(
      { doc: document.name, socket: origin.socketId },
      'an update from a read-only connection was applied in memory; reloading the document from the database',
    );
    for (const c of document.getConnections()) c.webSocket.close(1011, 'document reloaded');
  }

  // ---------------------------------------------------------------- compaction and text

  /**
   * Schedules compaction + plain-text write-back of a document: after a quiet period, at most
   * `flushMaxWaitMs` after the first edit, one run at a time per document, coalescing every
   * request that arrives while one runs into a single follow-up. Unlike Hocuspocus' debounce
   * (hocuspocus#1110: a store slower than maxDebounce makes every update trigger a store), a slow
   * store here never multiplies stores.
   */
  scheduleFlush(name: string): void {
    if (this.stopping) return;
    let f = this.flushes.get(name);
    if (!f) this.flushes.set(name, (f = { timer: null, firstAt: Date.now(), running: null, again: false }));
    if (f.running) {
      f.again = true;
      return;
    }
    if (f.timer) clearTimeout(f.timer);
    else f.firstAt = Date.now();
    const wait = Math.max(0, Math.min(this.flushDebounceMs, f.firstAt + this.flushMaxWaitMs - Date.now()));
    f.timer = setTimeout(() => void this.runFlush(name), wait);
  }

  private runFlush(name: string): Promise<void> {
    const f = this.flushes.get(name);
    if (!f) return Promise.resolve();
    if (f.timer) clearTimeout(f.timer);
    f.timer = null;
    if (f.running) return f.running;
    const parsed = parseDocumentName(name);
    if (!parsed) return Promise.resolve();
    f.running = (async () => {
      try {
        this.stats.compactions++;
        await this.testHooks.beforeCompact?.(name);
        await compactDocument(this.db, name, parsed.kind, parsed.id);
      } catch (e) {
        // Nothing is lost: the updates stay in collab_update and are folded by a later run.
        this.stats.compactionFailures++;
        this.logger.error({ err: e, doc: name }, 'compacting a document failed; will retry');
        f.again = true;
      }
    })().finally(() => {
      f.running = null;
      const again = f.again;
      f.again = false;
      if (again && !this.stopping) {
        f.firstAt = Date.now();
        f.timer = setTimeout(() => void this.runFlush(name), this.flushDebounceMs);
      } else if (!again && !f.timer) this.flushes.delete(name);
      // (while stopping, a document that needs another run stays listed for flushAll's next round)
    });
    return f.running;
  }

  /** Runs every pending compaction now and waits for them (shutdown: hocuspocus#738). */
  async flushAll(): Promise<void> {
    for (const f of this.flushes.values()) f.again = f.again || !!f.timer;
    for (let round = 0; round < 3 && this.flushes.size; round++) {
      await Promise.all([...this.flushes.keys()].map((name) => this.runFlush(name)));
    }
  }

  // ---------------------------------------------------------------- several instances

  private async connectListener(): Promise<void> {
    const client = new pg.Client({ connectionString: this.opts.databaseUrl, application_name: 'throughline-collab-listen' });
    client.on('notification', (n) => this.onNotification(n.channel, n.payload ?? ''));
    const reconnect = (err?: unknown) => {
      if (this.listener !== client || this.stopping) return;
      this.logger.warn({ err }, 'collaboration LISTEN connection lost; reconnecting');
      this.listener = null;
      client.end().catch(() => undefined);
      this.listenerRetry = setTimeout(() => {
        this.listenerRetry = null;
        this.connectListener()
          // Notifications are never replayed: catch up from the database for everything loaded here.
          .then(() => this.catchUpAll())
          .catch((e) => reconnect(e));
      }, 500);
    };
    client.on('error', reconnect);
    client.on('end', () => reconnect());
    await client.connect();
    await client.query(`LISTEN ${COLLAB_CHANNEL}`);
    if (!this.opts.graphEvents) await client.query(`LISTEN ${GRAPH_EVENTS_CHANNEL}`);
    this.listener = client;
  }

  /** Applies the stored state of every loaded document and re-checks rights (after a missed-notification window). */
  async catchUpAll(): Promise<void> {
    for (const document of [...this.hocuspocus.documents.values()])
      await this.catchUp(document.name, document).catch((e) => this.logger.error({ err: e }, 'catch-up failed'));
    this.scheduleRightsCheck();
  }

  private onNotification(channel: string, payload: string): void {
    if (channel === GRAPH_EVENTS_CHANNEL) return void this.onGraphEvent(payload);
    if (channel !== COLLAB_CHANNEL) return;
    let notice: CollabNotice;
    try {
      notice = JSON.parse(payload);
    } catch {
      return;
    }
    if (notice.instanceId === this.instanceId) return;
    if (notice.awareness) {
      const document = this.hocuspocus.documents.get(notice.doc);
      if (document && !document.isDestroyed) applyAwarenessUpdate(document.awareness, Buffer.from(notice.awareness, 'base64'), RELAY_ORIGIN);
      return;
    }
    void this.applyRelayed(notice).catch((e) => this.logger.error({ err: e, notice }, 'relaying an update failed'));
  }

  private async applyRelayed(notice: CollabNotice): Promise<void> {
    const document = this.hocuspocus.documents.get(notice.doc) ?? (await this.hocuspocus.loadingDocuments.get(notice.doc)?.catch(() => undefined));
    if (!document || document.isDestroyed) return; // not loaded here: it will be read from the database when it is
    const update = await readUpdate(this.db, notice.seq!);
    if (document.isDestroyed) return;
    if (update) Y.applyUpdate(document, update, RELAY_ORIGIN);
    else await this.catchUp(notice.doc, document); // already folded into the snapshot
    this.stats.relayedUpdates++;
  }

  /**
   * Presence across instances: awareness changes made by this instance's clients are sent to the
   * others inline in a NOTIFY (awareness is ephemeral: nothing is stored, nothing to catch up;
   * clients renew their state every 15 s). Payloads over ~7 kB (many users at once) are not
   * relayed rather than hitting NOTIFY's 8,000-byte limit; those cursors stay per instance.
   */
  private relayAwarenessOf(document: Document): void {
    document.awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      if (origin === RELAY_ORIGIN || this.stopping || !this.listener) return;
      const clients = [...added, ...updated, ...removed];
      if (!clients.length) return;
      const update = Buffer.from(encodeAwarenessUpdate(document.awareness, clients)).toString('base64');
      if (update.length > 7_000) return;
      const payload = JSON.stringify({ doc: document.name, awareness: update, instanceId: this.instanceId });
      this.db.query(`SELECT pg_notify($1, $2)`, [COLLAB_CHANNEL, payload]).catch((e) => this.logger.warn({ err: e }, 'relaying presence failed'));
    });
  }

  private async onGraphEvent(seq: string): Promise<void> {
    if (!this.hocuspocus.documents.size) return;
    try {
      const [row] = await this.db.query(`SELECT topic FROM graph_event WHERE seq = $1`, [seq]);
      if (row && !RIGHTS_TOPICS.has(row.topic)) return;
    } catch (e) {
      this.logger.warn({ err: e }, 'reading a graph event failed; re-checking rights anyway');
    }
    this.scheduleRightsCheck();
  }

  // ---------------------------------------------------------------- shutdown

  /**
   * Stops accepting connections, waits for in-flight stores, closes the sockets, runs pending
   * compactions (hocuspocus#738: nothing pending is dropped on shutdown) and closes LISTEN.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.unsubscribeGraphEvents?.();
    if (this.rightsTimer) clearTimeout(this.rightsTimer);
    if (this.listenerRetry) clearTimeout(this.listenerRetry);
    await Promise.all([...this.storeChains.values()]);
    for (const ws of this.wss.clients) ws.close(1001, 'server shutting down');
    this.hocuspocus.closeConnections();
    for (const document of this.hocuspocus.documents.values()) this.hocuspocus.debouncer.executeNow(`onStoreDocument-${document.name}`);
    await this.flushAll();
    for (const f of this.flushes.values()) if (f.timer) clearTimeout(f.timer);
    this.flushes.clear();
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((r) => this.wss.close(() => r()));
  }

  /** Fields of every document kind, re-exported for callers that list them. */
  static readonly fields = DOCUMENT_FIELDS;
}
