import { Hocuspocus } from '@hocuspocus/server';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { WebSocketServer } from 'ws';
import { Clock, systemClock } from '../clock.js';
import type { DocumentSeeds } from './document-store.js';
import { Authentication } from './extensions/authentication.js';
import { Compaction } from './extensions/compaction.js';
import { Relay } from './extensions/relay.js';
import { GraphEventSource, Rights } from './extensions/rights.js';
import { Storage } from './extensions/storage.js';
import { ClientIds } from './extensions/client-ids.js';
import { guardMessages } from './message-guard.js';

export { RELAY_ORIGIN } from './extensions/connection-state.js';
export type { CollabConnectionState } from './extensions/connection-state.js';

/** Options, mostly seams for tests (slow or failing stores, timings). */
export interface CollabServerOptions {
  db: DataSource;
  databaseUrl: string;
  logger: Logger;
  instanceId: string;
  /** The server's event bus: rights are re-checked on its graph events. */
  graphEvents: GraphEventSource;
  /** First text of new documents from the modules that own it (a meeting's drafted agenda). */
  seeds: DocumentSeeds;
  /** Quiet period before an edited document is compacted and its text written back (ms). */
  flushDebounceMs?: number;
  /** Longest an edited document waits for compaction while edits keep coming (ms): "readable within about a second". */
  flushMaxWaitMs?: number;
  /** The server's clock: a new meeting document's agenda is drafted as of its now, partner tokens expire by it (see clock.ts). Default: real time. */
  clock?: Clock;
}

/** Fault and delay injection for tests (read by storage and compaction at each store and run). */
export interface CollabTestHooks {
  /** Runs before each update is stored; throw to simulate a failing database write. */
  beforeStoreUpdate?: (documentName: string) => Promise<void> | void;
  /** Runs before each compaction; throw or delay to simulate a failing or slow store. */
  beforeCompact?: (documentName: string) => Promise<void> | void;
}

/**
 * The collaboration server: Hocuspocus without a listener of its own, on the HTTP server's
 * `/collab` upgrades, composed of one extension per concern (`extensions/`): authentication
 * (the one policy, read-only connections), storage (every update in PostgreSQL before it is
 * acknowledged), compaction (in the background), relay (between instances through LISTEN/NOTIFY)
 * and rights (re-checked on graph events).
 */
export class CollabServer {
  readonly hocuspocus: Hocuspocus;
  readonly testHooks: CollabTestHooks = {};
  readonly authentication: Authentication;
  readonly storage: Storage;
  readonly compaction: Compaction;
  readonly relay: Relay;
  readonly rights: Rights;
  readonly clientIds: ClientIds;

  private readonly logger: Logger;
  /** A frame over 16 MiB closes that connection alone (1009), see handleUpgrade. */
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 16 << 20 });
  private stopping = false;

  constructor(opts: CollabServerOptions) {
    const { db, instanceId } = opts;
    const logger = (this.logger = opts.logger.child({ component: 'collab' }));
    this.authentication = new Authentication({ db, logger, clock: opts.clock ?? systemClock });
    this.compaction = new Compaction({
      db,
      logger,
      debounceMs: opts.flushDebounceMs,
      maxWaitMs: opts.flushMaxWaitMs,
      testHooks: this.testHooks,
    });
    this.storage = new Storage({
      db,
      logger,
      instanceId,
      seeds: opts.seeds,
      clock: opts.clock ?? systemClock,
      testHooks: this.testHooks,
      onStored: (name) => {
        if (!this.stopping) this.compaction.schedule(name);
      },
    });
    this.relay = new Relay({
      db,
      databaseUrl: opts.databaseUrl,
      logger,
      instanceId,
      catchUp: (document) => this.storage.catchUp(document),
      onReconnected: () => this.catchUpAll(),
    });
    this.rights = new Rights({
      db,
      logger,
      graphEvents: opts.graphEvents,
      clock: opts.clock ?? systemClock,
    });
    this.clientIds = new ClientIds({ logger, catchUp: (document) => this.storage.catchUp(document) });
    this.hocuspocus = new Hocuspocus({
      name: `throughline-${instanceId.slice(0, 8)}`,
      quiet: true,
      // Persistence does not use onStoreDocument (see Storage.beforeHandleMessage); nothing waits on this debounce.
      debounce: 2_000,
      maxDebounce: 10_000,
      unloadImmediately: true,
      // Hocuspocus runs each hook in priority order: authentication (1000), client ids (500), relay (200), then the rest.
      extensions: [
        this.authentication,
        this.clientIds,
        this.relay,
        this.storage,
        this.compaction,
        this.rights,
      ],
    });
  }

  /** Counters for tests and diagnostics. */
  get stats() {
    return { ...this.storage.stats, ...this.compaction.stats, ...this.relay.stats, ...this.rights.stats };
  }

  /** Routes an upgrade on `/collab` to Hocuspocus. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.stopping) return void socket.destroy();
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      // A socket error (e.g. a frame over maxPayload: WS_ERR_UNSUPPORTED_MESSAGE_LENGTH) with no
      // listener is an uncaught exception that would stop the server for everyone. With a
      // listener, ws closes just this connection itself (1009 "message too big").
      ws.on('error', (err) =>
        this.logger.warn({ err: (err as Error).message }, 'collab: socket error; connection closed'),
      );
      guardMessages(ws, (reason, detail) => {
        this.logger.warn(
          { reason, ...detail, ip: req.socket.remoteAddress },
          'collab: refused a malformed or hostile message; connection closed',
        );
      });
      this.hocuspocus.handleConnection(ws, req);
    });
  }

  /** Starts listening for other instances' updates and for graph events. */
  async start(): Promise<void> {
    await this.relay.start();
    this.rights.start();
  }

  /** Applies the stored state of every loaded document and re-checks rights (after a missed-notification window). */
  async catchUpAll(): Promise<void> {
    for (const document of [...this.hocuspocus.documents.values()])
      await this.storage.catchUp(document).catch((e) => this.logger.error({ err: e }, 'catch-up failed'));
    this.rights.schedule();
  }

  /**
   * Stops accepting connections, waits for in-flight stores, closes the sockets, runs pending
   * compactions (hocuspocus#738: nothing pending is dropped on shutdown) and closes LISTEN.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.rights.stop();
    await this.relay.stop();
    await this.storage.drain();
    for (const ws of this.wss.clients) ws.close(1001, 'server shutting down');
    this.hocuspocus.closeConnections();
    for (const document of this.hocuspocus.documents.values())
      this.hocuspocus.debouncer.executeNow(`onStoreDocument-${document.name}`);
    await this.compaction.stop();
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((r) => this.wss.close(() => r()));
  }
}
