import type { ServerExtension } from '../../server-extensions';
import { registerDriftHooks } from './drift-hooks';
import { runDriftScan } from './drift.service';

/** Default interval of the scheduled scan (stale KPIs, overdue milestones, owners who left). */
const DEFAULT_INTERVAL_MS = 5 * 60_000;

/**
 * Drift detection: registers the change hooks, and every DRIFT_SCAN_INTERVAL_MS (default five
 * minutes; 0 turns the schedule off) runs the scan for time-based rules. With several
 * instances each one ticks, but an advisory lock lets one scan at a time.
 */
export const driftSchedulerExtension: ServerExtension = {
  name: 'driftScheduler',
  async start(host) {
    registerDriftHooks();
    const raw = process.env.DRIFT_SCAN_INTERVAL_MS;
    const interval = raw !== undefined && raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : DEFAULT_INTERVAL_MS;
    if (interval <= 0) return;
    const log = host.logger.child({ module: 'drift-scheduler' });
    let running: Promise<void> | null = null;
    const tick = () => {
      if (running) return;
      running = runDriftScan(host.db, host.clock.now())
        .then((r) => {
          if (!r.skipped && (r.raised || r.resolved)) log.info(r, 'drift scan');
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
