import type { ServerExtension } from '../../server-host.js';
import { processAssignments, runDigestRound, type NotificationDeps } from './notification.service.js';
import { mountUnsubscribeRoute } from './unsubscribe.route.js';

/**
 * Email notifications outside the app: immediate "you were given an action/decision" messages
 * (woken by the event bus, and by the tick as a safety net and after a restart) and the digest
 * rounds (every DIGEST_CHECK_INTERVAL_MS, default a minute; 0 turns the schedule off). Both are
 * safe with several instances: see `notification.service.ts`. Also serves the unsubscribe link.
 */
export const notificationsExtension: ServerExtension = {
  name: 'notifications',
  async start(host) {
    const log = host.logger.child({ module: 'notifications' });
    const deps: NotificationDeps = {
      db: host.db,
      mailer: host.mailer,
      clock: host.clock,
      config: host.config,
      secretBox: host.secretBox,
      logger: log,
    };
    mountUnsubscribeRoute(host.app, deps);
    let stopped = false;
    let assigning: Promise<void> | null = null;
    let again = false;
    const assign = () => {
      if (stopped) return;
      if (assigning) {
        again = true;
        return;
      }
      assigning = (async () => {
        do {
          again = false;
          try {
            await processAssignments(deps);
          } catch (e) {
            log.warn({ err: e }, 'assignment messages failed; will retry');
          }
        } while (again && !stopped);
      })().finally(() => (assigning = null));
    };
    let digesting: Promise<void> | null = null;
    const digest = () => {
      if (stopped || digesting || !host.mailer) return;
      digesting = runDigestRound(deps)
        .then((r) => {
          if (r.sent || r.failed) log.info(r, 'digest round');
        })
        .catch((e) => log.warn({ err: e }, 'digest round failed; will retry at the next tick'))
        .finally(() => (digesting = null));
    };
    const unsubscribe = host.bus.subscribe({
      deliver: (env) => {
        const type = (env.event.payload as { subjectType?: string } | undefined)?.subjectType;
        if (type === 'ACTION' || type === 'DECISION') assign();
      },
      close: () => undefined,
    });
    // At start: catch up on what happened (and fell due) while no instance was running.
    assign();
    digest();
    const interval = host.config.notifications.checkIntervalMs;
    const timer =
      interval > 0
        ? setInterval(() => {
            assign();
            digest();
          }, interval)
        : null;
    timer?.unref();
    return {
      async stop() {
        stopped = true;
        unsubscribe();
        if (timer) clearInterval(timer);
        await Promise.all([assigning, digesting]);
      },
    };
  },
};
