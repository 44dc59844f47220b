import type { ServerExtension } from '../../server-extensions.js';
import { EventBus, setEventBus } from './event-bus.js';

/**
 * Starts the event bus with the server: the LISTEN connection, catch-up and fan-out that
 * subscriptions and webhooks read from. Reports itself on /healthz.
 */
export const eventBusExtension: ServerExtension = {
  name: 'eventBus',
  async start(host) {
    const bus = new EventBus(host.db, host.databaseUrl, host.logger.child({ module: 'event-bus' }), {
      pollMs: host.config.eventBus.pollMs ?? undefined,
      reconnectMs: host.config.eventBus.reconnectMs ?? undefined,
      clock: host.clock,
    });
    await bus.start();
    setEventBus(host.db, bus);
    host.addHealthCheck?.('eventBus', () => bus.status());
    return {
      async stop() {
        setEventBus(host.db, null);
        await bus.stop();
      },
    };
  },
};
