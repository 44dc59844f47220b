import type {
  Document,
  Extension,
  Hocuspocus,
  afterLoadDocumentPayload,
  onConfigurePayload,
} from '@hocuspocus/server';
import pg from 'pg';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { COLLAB_CHANNEL, CollabNotice, readUpdates } from '../document-store.js';
import { RELAY_ORIGIN } from './connection-state.js';

export interface RelayOptions {
  db: DataSource;
  /** For the dedicated LISTEN connection (outside the pool). */
  databaseUrl: string;
  logger: Logger;
  /** This instance: its own notifications are ignored. */
  instanceId: string;
  /** Applies what the database holds for a loaded document (storage's catch-up). */
  catchUp(document: Document): Promise<void>;
  /** After the LISTEN connection came back: notifications sent meanwhile are lost, catch up on everything. */
  onReconnected(): Promise<void>;
  /** Wait before reconnecting a lost LISTEN connection (ms). */
  reconnectMs?: number;
}

/**
 * Several server instances on one database, as Hocuspocus' Redis extension does it but through
 * PostgreSQL: every commit of stored updates is announced with one NOTIFY on `throughline_collab`
 * (by `storeUpdates`, in the same statement: document names and seqs only); this extension LISTENs on a dedicated
 * connection and applies other instances' updates to the documents loaded here (origin
 * RELAY_ORIGIN: broadcast to local clients, never stored again). Presence (awareness) travels
 * inline in the notification. A lost LISTEN connection is reopened, then `onReconnected` catches up.
 */
export class Relay implements Extension {
  readonly extensionName = 'throughline-relay';
  /** Before storage: a loaded document relays its presence before storage's catch-up read. */
  readonly priority = 200;
  readonly stats = { relayedUpdates: 0 };
  private instance: Hocuspocus | null = null;
  private listener: pg.Client | null = null;
  private retry: NodeJS.Timeout | null = null;
  private stopping = false;

  constructor(private readonly opts: RelayOptions) {}

  async onConfigure({ instance }: Pick<onConfigurePayload, 'instance'>) {
    this.instance = instance;
  }

  async afterLoadDocument({ document }: Pick<afterLoadDocumentPayload, 'document'>) {
    this.relayAwarenessOf(document);
  }

  /** Opens the LISTEN connection. */
  async start(): Promise<void> {
    await this.connect();
  }

  /** Closes the LISTEN connection; nothing more is relayed either way. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.retry) clearTimeout(this.retry);
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.opts.databaseUrl,
      application_name: 'throughline-collab-listen',
    });
    client.on('notification', (n) => this.onNotification(n.channel, n.payload ?? ''));
    const reconnect = (err?: unknown) => {
      if (this.listener !== client || this.stopping) return;
      this.opts.logger.warn({ err }, 'collaboration LISTEN connection lost; reconnecting');
      this.listener = null;
      client.end().catch(() => undefined);
      this.retry = setTimeout(() => {
        this.retry = null;
        this.connect()
          // Notifications are never replayed: catch up from the database for everything loaded here.
          .then(() => this.opts.onReconnected())
          .catch((e) => reconnect(e));
      }, this.opts.reconnectMs ?? 500);
    };
    client.on('error', reconnect);
    client.on('end', () => reconnect());
    await client.connect();
    await client.query(`LISTEN ${COLLAB_CHANNEL}`);
    this.listener = client;
  }

  private onNotification(channel: string, payload: string): void {
    if (channel !== COLLAB_CHANNEL) return;
    let notice: CollabNotice;
    try {
      notice = JSON.parse(payload);
    } catch {
      return;
    }
    if (notice.instanceId === this.opts.instanceId) return;
    if (notice.awareness) {
      const document = notice.doc ? this.instance?.documents.get(notice.doc) : undefined;
      if (document && !document.isDestroyed)
        applyAwarenessUpdate(document.awareness, Buffer.from(notice.awareness, 'base64'), RELAY_ORIGIN);
      return;
    }
    const updates = notice.updates ?? (notice.doc && notice.seq ? { [notice.doc]: [notice.seq] } : {});
    void this.applyRelayed(updates).catch((e) =>
      this.opts.logger.error({ err: e, notice }, 'relaying updates failed'),
    );
  }

  /**
   * Applies another instance's commit to the documents loaded here: one read of the seqs of those
   * documents, then per document one Yjs transaction (one broadcast to its clients). A seq that is
   * missing was folded into the snapshot meanwhile: that document catches up from the database.
   */
  private async applyRelayed(updates: Record<string, string[]>): Promise<void> {
    const instance = this.instance;
    const documents = new Map<string, Document>();
    for (const name of Object.keys(updates)) {
      const document =
        instance?.documents.get(name) ?? (await instance?.loadingDocuments.get(name)?.catch(() => undefined));
      // Not loaded here: it will be read from the database when it is.
      if (document && !document.isDestroyed) documents.set(name, document);
    }
    if (!documents.size) return;
    const rows = await readUpdates(
      this.opts.db,
      [...documents.keys()].flatMap((name) => updates[name]),
    );
    for (const [name, document] of documents) {
      if (document.isDestroyed) continue;
      const mine = rows.filter((r) => r.documentName === name);
      if (mine.length)
        Y.transact(
          document,
          () => {
            for (const r of mine) Y.applyUpdate(document, r.update, RELAY_ORIGIN);
          },
          RELAY_ORIGIN,
        );
      if (mine.length < updates[name].length) await this.opts.catchUp(document);
      this.stats.relayedUpdates += updates[name].length;
    }
  }

  /**
   * Presence across instances: awareness changes made by this instance's clients are sent to the
   * others inline in a NOTIFY (awareness is ephemeral: nothing is stored, nothing to catch up;
   * clients renew their state every 15 s). Payloads over ~7 kB (many users at once) are not
   * relayed rather than hitting NOTIFY's 8,000-byte limit; those cursors stay per instance.
   */
  private relayAwarenessOf(document: Document): void {
    document.awareness.on(
      'update',
      (
        { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
        origin: unknown,
      ) => {
        if (origin === RELAY_ORIGIN || this.stopping || !this.listener) return;
        const clients = [...added, ...updated, ...removed];
        if (!clients.length) return;
        const update = Buffer.from(encodeAwarenessUpdate(document.awareness, clients)).toString('base64');
        if (update.length > 7_000) return;
        const payload = JSON.stringify({
          doc: document.name,
          awareness: update,
          instanceId: this.opts.instanceId,
        });
        this.opts.db
          .query(`SELECT pg_notify($1, $2)`, [COLLAB_CHANNEL, payload])
          .catch((e) => this.opts.logger.warn({ err: e }, 'relaying presence failed'));
      },
    );
  }
}
