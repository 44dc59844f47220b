import type { Server as HttpServer } from 'node:http';
import type { ServerExtension } from '../server-host.js';
import { CollabServer } from './collab-server.js';
import type { DocumentSeeds } from './document-store.js';

const running = new WeakMap<HttpServer, CollabServer>();

/** The collaboration server of a running HTTP server (tests use it for counters and fault injection). */
export function collabServerOf(httpServer: HttpServer): CollabServer | undefined {
  return running.get(httpServer);
}

/**
 * Yjs co-editing (Hocuspocus protocol) on the same HTTP server, at `/collab`; `seeds` come from
 * the domain modules. Rights are re-checked on graph events from the host's event bus.
 */
export const collabExtension = (seeds: DocumentSeeds): ServerExtension => ({
  name: 'collaboration',
  async start(host) {
    const collab = new CollabServer({
      db: host.db,
      databaseUrl: host.databaseUrl,
      logger: host.logger,
      instanceId: host.instanceId,
      graphEvents: host.bus,
      seeds,
      clock: host.clock,
    });
    await collab.start();
    host.onUpgrade('/collab', (req, socket, head) => collab.handleUpgrade(req, socket, head));
    running.set(host.httpServer, collab);
    return {
      async stop() {
        running.delete(host.httpServer);
        await collab.stop();
      },
    };
  },
});
