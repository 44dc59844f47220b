import { CollabCloseCode, parseDocumentName } from '@throughline/shared';
import type { Connection, Extension, Hocuspocus, onConfigurePayload } from '@hocuspocus/server';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { viewersFromTokens } from '../../auth/authenticate.js';
import { TOKEN_REVOKED_TOPIC } from '../../auth/tokens.js';
import { Clock, systemClock } from '../../clock.js';
import { OrgTree } from '../../auth/org-tree.js';
import { DocumentAccess, Policy, Viewer } from '../../auth/policy.js';
import { loadDocumentSubject } from '../document-subjects.js';
import { connectionStateOf } from './connection-state.js';

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

  constructor(private readonly opts: RightsOptions) {}

  async onConfigure({ instance }: Pick<onConfigurePayload, 'instance'>) {
    this.instance = instance;
  }

  /** Subscribes to the event bus. */
  start(): void {
    this.unsubscribe = this.opts.graphEvents.subscribe({
      deliver: (env) => {
        if (RIGHTS_TOPICS.has(env.event.topic) && this.instance?.documents.size) this.schedule();
      },
      close: () => undefined,
    });
  }

  stop(): void {
    this.stopping = true;
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
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

  /** Re-evaluates every connection now. */
  async recheck(): Promise<void> {
    const { db, logger } = this.opts;
    this.stats.rightsChecks++;
    const tree = await OrgTree.load(db);
    const viewers = new Map<string, Promise<Viewer | null>>();
    for (const document of [...(this.instance?.documents.values() ?? [])]) {
      const connections = document.getConnections();
      if (!connections.length) continue;
      const parsed = parseDocumentName(document.name);
      const subject = parsed ? await loadDocumentSubject(db, parsed.kind, parsed.id) : null;
      for (const connection of connections) {
        const state = connectionStateOf(connection);
        if (!state) continue;
        let viewerP = viewers.get(state.token);
        if (!viewerP)
          viewers.set(
            state.token,
            (viewerP = viewersFromTokens(db, [state.token], (this.opts.clock ?? systemClock).now()).then(
              ([v]) => v,
            )),
          );
        const viewer = await viewerP;
        const access: DocumentAccess =
          viewer && subject ? new Policy(viewer, tree).documentAccess(subject) : 'none';
        if (access === state.access) continue;
        logger.info(
          { doc: document.name, person: state.viewer.personId, from: state.access, to: access },
          'collaboration rights changed',
        );
        if (access !== 'write') connection.readOnly = true;
        state.access = access;
        closeForRightsChange(connection);
      }
    }
  }
}

function closeForRightsChange(connection: Connection): void {
  const reason = `${CollabCloseCode.RIGHTS_CHANGED} rights-changed`;
  connection.close({ code: CollabCloseCode.RIGHTS_CHANGED, reason });
  // The per-document close leaves the provider attached but unsynced; closing the socket makes
  // it reconnect and authenticate again (other documents on the socket simply resync).
  connection.webSocket.close(CollabCloseCode.RIGHTS_CHANGED, 'rights-changed');
}
