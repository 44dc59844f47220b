import type { ServerExtension } from '../../server-host.js';
import {
  deliverDueWebhooks,
  enqueueWebhookDeliveries,
  msUntilNextWebhookAttempt,
  resealWebhookSecrets,
  WebhookDeps,
} from './webhook.service.js';

/**
 * Webhook deliveries driven by the event bus: each instance enqueues the events it sees
 * (deduplicated per hook and event), and a worker claims due deliveries with SKIP LOCKED,
 * so one instance delivers each. Wakes at once for what it enqueues, at the next due retry
 * after a round, and otherwise every WEBHOOK_POLL_MS (default 30 s) as a safety net (e.g. for
 * retries left behind by an instance that stopped).
 */
export const webhookDeliveryExtension: ServerExtension = {
  name: 'webhooks',
  async start(host) {
    const log = host.logger.child({ module: 'webhooks' });
    // Secrets stored in plain text (before encryption at rest) or under the previous key are sealed anew.
    const resealed = await resealWebhookSecrets(host.db, host.secretBox);
    if (resealed > 0) log.info({ resealed }, 'encrypted webhook secrets under the current key');
    const deps: WebhookDeps = {
      box: host.secretBox,
      allow: host.config.webhooks.allowedHosts,
      publicUrl: host.config.publicUrl,
      retry: {
        baseMs: host.config.webhooks.retryBaseMs,
        maxMs: 3_600_000,
        maxAttempts: host.config.webhooks.maxAttempts,
      },
      logger: log,
    };
    const idleMs = host.config.webhooks.pollMs;
    let timer: NodeJS.Timeout | null = null;
    const schedule = (ms: number) => {
      if (stopped) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(
        () => {
          timer = null;
          work();
        },
        Math.max(0, Math.min(ms, idleMs)),
      );
      timer.unref();
    };
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
        let next = idleMs;
        try {
          let attempted = 0;
          do {
            again = false;
            let n: number;
            while (!stopped && (n = await deliverDueWebhooks(host.db, deps)) > 0) attempted += n;
          } while (again && !stopped);
          // Always ask when the next attempt is due: a retry may fall due a few ms after this
          // round looked (the database clock, not ours, decides), and must not wait for the idle poll.
          if (!stopped) {
            const due = await msUntilNextWebhookAttempt(host.db);
            if (due !== null) next = attempted > 0 ? due : Math.max(due, 20) + 5;
          }
        } catch (e) {
          log.warn({ err: e }, 'webhook delivery round failed; will retry');
        } finally {
          running = null;
          schedule(next);
        }
      })();
    };
    const unsubscribe = host.bus.subscribe({
      deliver: (env) => {
        enqueueWebhookDeliveries(host.db, env.event, env.tree, host.config.publicUrl)
          .then((n) => n > 0 && work())
          .catch((e) => log.warn({ err: e, seq: env.event.seq }, 'could not enqueue webhook deliveries'));
      },
      close: () => undefined,
    });
    schedule(idleMs);
    return {
      async stop() {
        stopped = true;
        unsubscribe();
        if (timer) clearTimeout(timer);
        await running;
      },
    };
  },
};
