import { CollabCloseCode, parseDocumentName } from '@throughline/shared';
import type {
  Connection,
  connectedPayload,
  Document,
  Extension,
  Hocuspocus,
  onConfigurePayload,
  onDisconnectPayload,
} from '@hocuspocus/server';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { credentialExpiry, viewersFromTokens } from '../../auth/authenticate.js';
import { TOKEN_REVOKED_TOPIC } from '../../auth/tokens.js';
import { Clock, systemClock } from '../../clock.js';
import { OrgTree } from '../../auth/org-tree.js';
import { DocumentAccess, Policy } from '../../auth/policy.js';
import { DocumentSubject, loadDocumentSubject } from '../document-subjects.js';
import { CollabConnectionState, connectionStateOf } from './connection-state.js';

/** Graph event topics after which connected viewers' rights are re-evaluated. */
export const RIGHTS_TOPICS = new Set([
  'unitChanged',
  'personChanged',
  'objectiveChanged',
  'initiativeChanged',
  'meetingChanged',
  'planChanged',
  TOKEN_REVOKED_TOPIC,
]);

/** Longest single wait of an expiry timer (setTimeout's limit); it re-arms. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** A partner token's expiry follows the server's clock, which may be moved: looked at this often (no query). */
const CLOCK_LOOK_MS = 1_000;
/** Past its expiry but still valid (clocks a little apart): looked at again after this. */
const EXPIRED_RECHECK_MS = 250;

/** The server's event bus as far as rights need it: the topic of each graph event, in process. */
export interface GraphEventSource {
  subscribe(listener: { deliver(env: { event: { topic: string } }): void; close(): void }): () => void;
}

export interface RightsOptions {
  db: DataSource;
  logger: Logger;
  /** The server's event bus (required: there is no fallback LISTEN of its own). */
  graphEvents: GraphEventSource;
  /** Events arriving within this window are handled by one pass (ms). */
  batchMs?: number;
  /** The server's clock: partner tokens expire by it. Default: real time. */
  clock?: Clock;
}

/**
 * Rights follow the graph: after a graph event that may change who sees or edits what (a unit made
 * RESTRICTED, a person moved or demoted, a meeting's participants or status changed, a session
 * revoked…), every connection is evaluated again with the one policy. A connection that lost write
 * access is made read-only at once; any change of access closes it with RIGHTS_CHANGED so the
 * client reconnects and learns its new rights (or is refused).
 */
export class Rights implements Extension {
  readonly extensionName = 'throughline-rights';
  readonly stats = { rightsChecks: 0 };
  private instance: Hocuspocus | null = null;
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private stopping = false;
  private readonly expiryTimers = new Set<NodeJS.Timeout>();
  /** Counts rights events; a connection notes it before it authenticates (see `connected`). */
  private epoch = 0;

  constructor(private readonly opts: RightsOptions) {}

  async onConfigure({ instance }: Pick<onConfigurePayload, 'instance'>) {
    this.instance = instance;
  }

  /** Subscribes to the event bus. */
  start(): void {
    this.unsubscribe = this.opts.graphEvents.subscribe({
      deliver: (env) => {
        if (!RIGHTS_TOPICS.has(env.event.topic)) return;
        this.epoch++;
        if (this.instance?.documents.size) this.schedule();
      },
      close: () => undefined,
    });
  }

  stop(): void {
    this.stopping = true;
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
    for (const t of this.expiryTimers) clearTimeout(t);
    this.expiryTimers.clear();
  }

  /** Whether a re-check is scheduled and has not run yet. */
  get pending(): boolean {
    return this.timer !== null;
  }

  /** Schedules a re-check of every connection, batching bursts (a mutation may publish several events) into one pass. */
  schedule(): void {
    if (this.timer || this.stopping) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.recheck().catch((e) => this.opts.logger.error({ err: e }, 'rights re-check failed'));
    }, this.opts.batchMs ?? 50);
  }

  /** Re-evaluates every connection now: one query re-validates every open connection's credential. */
  async recheck(): Promise<void> {
    const { db, logger } = this.opts;
    this.stats.rightsChecks++;
    const open: { document: Document; connection: Connection; state: CollabConnectionState }[] = [];
    for (const document of [...(this.instance?.documents.values() ?? [])])
      for (const connection of document.getConnections()) {
        const state = connectionStateOf(connection);
        if (state) open.push({ document, connection, state });
      }
    if (!open.length) return;
    const tokens = [...new Set(open.map((o) => o.state.token))];
    const [tree, found] = await Promise.all([
      OrgTree.load(db),
      viewersFromTokens(db, tokens, (this.opts.clock ?? systemClock).now()),
    ]);
    const viewers = new Map(tokens.map((t, i) => [t, found[i]]));
    const subjects = new Map<string, Promise<DocumentSubject | null>>();
    for (const { document, connection, state } of open) {
      const viewer = viewers.get(state.token) ?? null;
      if (!viewer) {
        logger.info(
          { doc: document.name, person: state.viewer.personId },
          'collaboration credential ended (signed out, revoked, expired or person archived); closing',
        );
        state.access = 'none';
        connection.readOnly = true;
        closeWith(connection, CollabCloseCode.UNAUTHORIZED, 'unauthorized');
        continue;
      }
      let subjectP = subjects.get(document.name);
      if (!subjectP) {
        const parsed = parseDocumentName(document.name);
        subjectP = parsed ? loadDocumentSubject(db, parsed.kind, parsed.id) : Promise.resolve(null);
        subjects.set(document.name, subjectP);
      }
      const subject = await subjectP;
      const access: DocumentAccess = subject ? new Policy(viewer, tree).documentAccess(subject) : 'none';
      if (access === state.access) continue;
      logger.info(
        { doc: document.name, person: state.viewer.personId, from: state.access, to: access },
        'collaboration rights changed',
      );
      if (access !== 'write') connection.readOnly = true;
      state.access = access;
      closeWith(connection, CollabCloseCode.RIGHTS_CHANGED, 'rights-changed');
    }
  }

  /** Notes the rights events seen so far, before the credential is read (runs before onAuthenticate). */
  async onConnect(): Promise<{ rightsEpoch: number }> {
    return { rightsEpoch: this.epoch };
  }

  /**
   * A connection is set up (its document loaded). A rights event that arrived between its
   * authentication and now found no connection to check (a first open waits for the document
   * to load, which can take a while): it is checked now. If its credential expires, a timer ends
   * it then (see `armExpiry`).
   */
  async connected({ connection, context }: Pick<connectedPayload, 'connection' | 'context'>) {
    if (this.stopping) return;
    if ((context as { rightsEpoch?: number } | undefined)?.rightsEpoch !== this.epoch) this.schedule();
    const state = connectionStateOf(connection);
    if (state?.expiry) this.armExpiry(connection, state);
  }

  async onDisconnect({ context }: Pick<onDisconnectPayload, 'context'>) {
    const state = (context as { collab?: CollabConnectionState } | undefined)?.collab;
    if (state?.expiryTimer) {
      clearTimeout(state.expiryTimer);
      this.expiryTimers.delete(state.expiryTimer);
      state.expiryTimer = null;
    }
  }

  /**
   * One timer per connection whose credential expires, at that instant: nothing runs while it
   * waits (no polling of 1,000 connections), and the credential is re-validated only when it is
   * due. A session expires in real time (the database's `now()`); a partner token by the server's
   * clock, whose "now" may be moved (tests), so that timer looks at the clock at least every
   * second without querying. When it fires, the credential is re-validated with the same query as
   * every re-check: gone → closed UNAUTHORIZED; still valid (a renewed session) → armed again.
   */
  private armExpiry(connection: Connection, state: CollabConnectionState): void {
    if (!state.expiry) return;
    const { at, by } = state.expiry;
    const now = by === 'real-time' ? Date.now() : (this.opts.clock ?? systemClock).now().getTime();
    const left = at.getTime() - now;
    const wait =
      left > 0
        ? Math.min(left + 20, by === 'server-clock' ? CLOCK_LOOK_MS : MAX_TIMER_MS)
        : EXPIRED_RECHECK_MS;
    const timer = setTimeout(() => {
      this.expiryTimers.delete(timer);
      state.expiryTimer = null;
      if (this.stopping) return;
      const due =
        (by === 'real-time' ? Date.now() : (this.opts.clock ?? systemClock).now().getTime()) >= at.getTime();
      if (!due) return this.armExpiry(connection, state);
      this.revalidate(connection, state).catch((e) =>
        this.opts.logger.error({ err: e }, 'collaboration credential expiry check failed'),
      );
    }, wait);
    timer.unref();
    state.expiryTimer = timer;
    this.expiryTimers.add(timer);
  }

  private async revalidate(connection: Connection, state: CollabConnectionState): Promise<void> {
    const { db, logger } = this.opts;
    const [viewer] = await viewersFromTokens(db, [state.token], (this.opts.clock ?? systemClock).now());
    if (!viewer) {
      logger.info(
        { doc: connection.document.name, person: state.viewer.personId },
        'collaboration credential expired; closing',
      );
      state.access = 'none';
      connection.readOnly = true;
      return closeWith(connection, CollabCloseCode.UNAUTHORIZED, 'unauthorized');
    }
    state.expiry = await credentialExpiry(db, state.token, viewer);
    if (!this.stopping) this.armExpiry(connection, state);
  }
}

function closeWith(connection: Connection, code: number, word: string): void {
  connection.close({ code, reason: `${code} ${word}` });
  // The per-document close leaves the provider attached but unsynced; closing the socket makes
  // it reconnect and authenticate again (other documents on the socket simply resync).
  connection.webSocket.close(code, word);
}
