import type { ServerExtension } from '../../server-extensions';
import { eventBusFor } from '../events/event-bus';
import { deliverDueWebhooks, enqueueWebhookDeliveries, retryPolicyFromEnv } from './webhook.service';

/**
 * Webhook deliveries driven by the event bus: each instance enqueues the events it sees
 * (deduplicated per hook and event), and a worker claims due deliveries with SKIP LOCKED,
 * so one instance delivers each. Polls every WEBHOOK_POLL_MS (default 1 s) for retries and
 * for deliveries enqueued elsewhere; wakes at once for its own.
 */
export const webhookDeliveryExtension: ServerExtension = {
  name: 'webhooks',
  async start(host) {
    const log = host.logger.child({ module: 'webhooks' });
    const retry = retryPolicyFromEnv();
    const pollMs = Number(process.env.WEBHOOK_POLL_MS) > 0 ? Number(process.env.WEBHOOK_POLL_MS) : 1_000;
    let stopped = false;
    let running: Promise<void> | null = null;
    let again = false;
    const work = () => {
      if (stopped) return;
      if (running) {
        again = true;
        return;
      }
      running = (async () => {
        try {
          do {
            again = false;
            while (!stopped && (await deliverDueWebhooks(host.db, retry, log)) > 0) {
              /* drain what is due */
            }
          } while (again && !stopped);
        } catch (e) {
          log.warn({ err: e }, 'webhook delivery round failed; will retry');
        } finally {
          running = null;
        }
      })();
    };
    const unsubscribe = eventBusFor(host.db).subscribe({
      deliver: (env) => {
        enqueueWebhookDeliveries(host.db, env.event, env.tree)
          .then((n) => n > 0 && work())
          .catch((e) => log.warn({ err: e, seq: env.event.seq }, 'could not enqueue webhook deliveries'));
      },
      close: () => undefined,
    });
    const timer = setInterval(work, pollMs);
    timer.unref();
    return {
      async stop() {
        stopped = true;
        unsubscribe();
        clearInterval(timer);
        await running;
      },
    };
  },
};
