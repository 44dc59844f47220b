import DataLoader from 'dataloader';
import pg from 'pg';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { viewersFromTokens } from '../../auth/authenticate.js';
import { OrgTree } from '../../auth/org-tree.js';
import type { Viewer } from '../../auth/policy.js';
import { Clock, systemClock } from '../../clock.js';
import { createLoaders, Loaders } from '../../graphql/loaders.js';
import { GRAPH_EVENTS_CHANNEL } from './graph-events.js';

/** A graph event as subscribers receive it (one row of the `graph_event` outbox). */
export interface DeliveredEvent {
  /** Outbox sequence number (bigint as a string). */
  seq: string;
  topic: string;
  subjectId: string;
  unitId: string | null;
  payload: Record<string, unknown>;
  at: Date;
}

/**
 * What the bus hands to in-process listeners: the event, and the organisation tree as it is
 * now, loaded at most once per delivered batch however many subscribers ask for it.
 */
export interface EventEnvelope {
  event: DeliveredEvent;
  tree(): Promise<OrgTree>;
  /** The viewer a bearer token acts for now (null: revoked, expired, person left); batched across subscribers. */
  viewerFor(token: string): Promise<Viewer | null>;
  /**
   * DataLoaders shared by every subscriber of this delivery. Loaders hold rows, not decisions:
   * each subscriber's own policy still filters every field, so sharing is safe, and a thousand
   * subscribers to one KPI cost one read instead of a thousand.
   */
  loaders(): Loaders;
}

/** Tunables of the bus (tests shorten them). */
export interface EventBusOptions {
  /** Safety-net poll for notifications missed on a live connection. */
  pollMs?: number;
  /** First reconnect delay; doubles up to `maxReconnectMs`. */
  reconnectMs?: number;
  maxReconnectMs?: number;
  /**
   * How long a hole in the sequence (an insert not yet committed, or rolled back) is
   * waited for before it is given up. Sequence values are taken at insert and become
   * visible at commit, so a later seq can be read before an earlier one.
   */
  gapTimeoutMs?: number;
  /** The server's clock, for the per-delivery loaders (health "now"); see clock.ts. */
  clock?: Clock;
}

const BUS_DEFAULTS: Required<EventBusOptions> = {
  pollMs: 2_000,
  reconnectMs: 100,
  maxReconnectMs: 5_000,
  gapTimeoutMs: 60_000,
  clock: systemClock,
};

/**
 * The bus's settings: each one given, else its default. An option passed as `undefined` (a
 * setting left unset in the environment) keeps the default; spreading it over the defaults would
 * turn the 2 s poll into `setInterval(…, undefined)`, a read of the outbox every millisecond.
 */
export function busOptions(opts: EventBusOptions = {}): Required<EventBusOptions> {
  const given = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined));
  return { ...BUS_DEFAULTS, ...given };
}

type Listener = { deliver(env: EventEnvelope): void; close(): void };

const FETCH_BATCH = 500;
const MAX_TRACKED_GAPS = 10_000;

/**
 * Carries graph events between server instances. One dedicated connection (outside the
 * pool) LISTENs on `throughline_graph_events`; a notification only says "something new"
 * (it carries a seq), and the bus then reads every row after the last one it saw, so a
 * reconnect, a missed notification or a burst are all handled by the same catch-up read.
 * Events are fanned out in process to listeners (subscriptions, webhooks).
 */
export class EventBus {
  private client: pg.Client | null = null;
  private listening = false;
  private stopping = false;
  private reconnectDelay: number;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private readonly listeners = new Set<Listener>();
  /** Highest seq read so far. */
  private maxSeq = 0;
  /** Seqs below `maxSeq` not read yet, with when the hole was first seen. */
  private readonly gaps = new Map<number, number>();
  private pumping: Promise<void> | null = null;
  private pumpAgain = false;
  private lastReadOk = true;
  private readonly opts: Required<EventBusOptions>;

  constructor(
    private readonly db: DataSource,
    private readonly databaseUrl: string,
    private readonly logger: Logger,
    opts: EventBusOptions = {},
  ) {
    this.opts = busOptions(opts);
    this.reconnectDelay = this.opts.reconnectMs;
  }

  /** Starts after the newest event already stored: history is not replayed to subscribers. */
  async start(): Promise<void> {
    const [row] = await this.db.query(`SELECT coalesce(max(seq), 0)::text AS seq FROM graph_event`);
    this.maxSeq = Number(row.seq);
    await this.connect();
    this.pollTimer = setInterval(() => void this.tick(), this.opts.pollMs);
    this.pollTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    for (const l of [...this.listeners]) l.close();
    this.listeners.clear();
    await this.pumping?.catch(() => undefined);
    const c = this.client;
    this.client = null;
    this.listening = false;
    await c?.end().catch(() => undefined);
  }

  /** Registers an in-process listener; returns the function that removes it. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Number of in-process listeners (tests wait for a subscription to be live). */
  get listenerCount(): number {
    return this.listeners.size;
  }

  /** For /healthz: is the LISTEN connection up, and did the last catch-up read work? */
  status(): { ok: boolean; listening: boolean; lastSeq: string; pendingGaps: number } {
    return {
      ok: this.listening && this.lastReadOk,
      listening: this.listening,
      lastSeq: String(this.maxSeq),
      pendingGaps: this.gaps.size,
    };
  }

  /** Reads and delivers everything not yet seen (over `via` when given, else the pool). */
  catchUp(via: pg.Client | null = null): Promise<void> {
    if (this.pumping) {
      this.pumpAgain = true;
      return this.pumping;
    }
    this.pumping = (async () => {
      try {
        do {
          this.pumpAgain = false;
          while (await this.readBatch(via)) {
            /* keep reading while full batches come back */
          }
        } while (this.pumpAgain && !this.stopping);
        this.lastReadOk = true;
      } catch (e) {
        if (this.lastReadOk) this.logger.warn({ err: e }, 'event bus: catch-up read failed; will retry');
        this.lastReadOk = false;
        // A read that failed on the LISTEN connection means that connection is unusable: drop it, the 'end' handler reconnects.
        if (via && via === this.client) void via.end().catch(() => undefined);
      } finally {
        this.pumping = null;
      }
    })();
    return this.pumping;
  }

  private async connect(): Promise<void> {
    // query_timeout: the periodic read goes over this connection and must not hang on a dead socket.
    const client = new pg.Client({
      connectionString: this.databaseUrl,
      application_name: 'throughline-listener',
      keepAlive: true,
      query_timeout: 5_000,
    });
    let failed = false;
    const onLost = (why: unknown) => {
      if (failed) return;
      failed = true;
      if (this.client === client) {
        this.client = null;
        this.listening = false;
      }
      client.end().catch(() => undefined);
      if (!this.stopping) {
        this.logger.warn(
          { err: why instanceof Error ? why.message : why },
          'event bus: LISTEN connection lost; reconnecting',
        );
        this.scheduleReconnect();
      }
    };
    client.on('error', onLost);
    client.on('end', () => onLost('connection ended'));
    client.on('notification', (msg) => {
      if (msg.channel === GRAPH_EVENTS_CHANNEL) void this.catchUp();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${GRAPH_EVENTS_CHANNEL}`);
    } catch (e) {
      onLost(e);
      return;
    }
    if (this.stopping) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.listening = true;
    if (this.reconnectDelay !== this.opts.reconnectMs)
      this.logger.info('event bus: LISTEN connection restored; catching up');
    this.reconnectDelay = this.opts.reconnectMs;
    // Notifications sent while we were away are lost for good: read what was committed meanwhile.
    await this.catchUp();
  }

  private scheduleReconnect(): void {
    if (this.reconnectTimer || this.stopping) return;
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, this.opts.maxReconnectMs);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, delay);
    this.reconnectTimer.unref();
  }

  /**
   * Periodic safety net: catch up. The read goes over the LISTEN connection when it is up, so
   * the same statement proves that connection alive (a dead one errors and reconnects).
   */
  private async tick(): Promise<void> {
    if (this.stopping) return;
    await this.catchUp(this.listening ? this.client : null);
  }

  /**
   * One read after the newest seen, plus holes still open; true when a full batch came back.
   * Ordered by the bigint column: `ORDER BY seq` would sort the text alias, putting 100 before 99.
   */
  private async readBatch(via: pg.Client | null): Promise<boolean> {
    const gapList = [...this.gaps.keys()];
    const sql = `SELECT seq::text AS seq, topic, subject_id, unit_id, payload, at FROM graph_event
        WHERE seq > $1 OR seq = ANY($2::bigint[]) ORDER BY graph_event.seq LIMIT ${FETCH_BATCH}`;
    type Row = {
      seq: string;
      topic: string;
      subject_id: string;
      unit_id: string | null;
      payload: Record<string, unknown>;
      at: Date;
    };
    const rows: Row[] = via
      ? (await via.query<Row>(sql, [this.maxSeq, gapList])).rows
      : await this.db.query(sql, [this.maxSeq, gapList]);
    const now = Date.now();
    const fresh: DeliveredEvent[] = [];
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq > this.maxSeq) {
        for (let s = this.maxSeq + 1; s < seq && this.gaps.size < MAX_TRACKED_GAPS; s++)
          this.gaps.set(s, now);
        this.maxSeq = seq;
      } else if (this.gaps.has(seq)) {
        this.gaps.delete(seq);
      } else continue;
      fresh.push({
        seq: r.seq,
        topic: r.topic,
        subjectId: r.subject_id,
        unitId: r.unit_id,
        payload: r.payload ?? {},
        at: r.at,
      });
    }
    for (const [s, since] of this.gaps) {
      if (now - since > this.opts.gapTimeoutMs) this.gaps.delete(s);
    }
    if (fresh.length) this.deliver(fresh);
    return rows.length === FETCH_BATCH;
  }

  private deliver(events: DeliveredEvent[]): void {
    let treePromise: Promise<OrgTree> | null = null;
    const tree = () => (treePromise ??= OrgTree.load(this.db));
    let viewers: DataLoader<string, Viewer | null> | null = null;
    const viewerFor = (token: string) =>
      (viewers ??= new DataLoader((tokens) =>
        viewersFromTokens(this.db, tokens, this.opts.clock.now()),
      )).load(token);
    let shared: Loaders | null = null;
    const loaders = () => (shared ??= createLoaders(this.db, this.opts.clock));
    for (const event of events) {
      for (const l of this.listeners) {
        try {
          l.deliver({ event, tree, viewerFor, loaders });
        } catch (e) {
          this.logger.error({ err: e }, 'event bus: listener failed');
        }
      }
    }
  }
}
