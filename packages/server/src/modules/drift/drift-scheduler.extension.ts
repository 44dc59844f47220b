import type { ServerExtension } from '../../server-host.js';
import { runDriftScan } from './drift.service.js';

/**
 * Time-based drift (stale KPIs, overdue milestones and actions, escalation of unacknowledged alerts): every DRIFT_SCAN_INTERVAL_MS
 * (default five minutes; 0 turns the schedule off) runs the scan. Change-driven drift needs no
 * extension: the write paths call the drift service in their own transactions. With several
 * instances each one ticks, but an advisory lock lets one scan at a time.
 */
export const driftSchedulerExtension: ServerExtension = {
  name: 'driftScheduler',
  async start(host) {
    const interval = host.config.driftScanIntervalMs;
    if (interval <= 0) return;
    const log = host.logger.child({ module: 'drift-scheduler' });
    let running: Promise<void> | null = null;
    const tick = () => {
      if (running) return;
      running = runDriftScan(host.db, host.clock.now())
        .then((r) => {
          if (!r.skipped && (r.raised || r.resolved || r.escalated)) log.info(r, 'drift scan');
        })
        .catch((e) => log.warn({ err: e }, 'drift scan failed; will retry at the next tick'))
        .finally(() => (running = null));
    };
    // First scan one interval after start, not at once: instances started together (and test
    // servers) do not all scan in their first seconds.
    const timer = setInterval(tick, interval);
    timer.unref();
    return {
      async stop() {
        clearInterval(timer);
        await running;
      },
    };
  },
};
