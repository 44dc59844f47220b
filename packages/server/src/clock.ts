/**
 * Where the server's "now" comes from.
 *
 * Every domain fact that depends on the date (drift rules: stale KPIs, declines, overdue
 * milestones and actions; health; the target in force; agenda and briefing texts; when a
 * meeting opened or closed, a decision's action completed, an alert was raised, resolved or
 * acknowledged, a measurement superseded, a subject archived; the "not more than a day in
 * the future" check on measurements) reads the `Clock` the server was started with:
 * `startServer({ clock })` puts it on the GraphQL context (`ctx.clock`) and on the
 * `ServerHost` (`host.clock`) for extensions (drift scan, collaboration's agenda drafting).
 * Functions below take `now` (or the clock) as a parameter rather than reading a global.
 * Where SQL records such a fact, the clock's instant is passed as a parameter, not `now()`.
 *
 * A partner token's expiry (chosen by people on the Integrations screen) follows the Clock, so
 * tests can move past it: authentication compares `expires_at` with the clock's instant.
 *
 * Left on real time on purpose (technical timing, not domain facts): session expiry and
 * API-token use ("last used") and revocation, login rate limits, webhook retry and lease timers and webhook
 * deletion, the collaboration flush debounce, the event bus's timers, `updated_at`/`created_at`
 * bookkeeping columns, and history's `clock_timestamp()` (it orders the audit trail, so it must follow real time).
 *
 * Time zone: the server computes every date in UTC, whatever the process's TZ: a day is the
 * UTC calendar day (`toISOString().slice(0, 10)`), periods are UTC months/quarters/ISO weeks
 * (`periodContaining` in @throughline/shared), and a due date `D` is overdue after
 * `D`T23:59:59.999Z. Never use the local-time Date getters (`getMonth`, `getDate`, …) here.
 *
 * Tests run the whole server at a fixed instant with `new ManualClock('2027-01-31T12:00:00Z')`
 * (`startTestServer({ clock })`), and move it with `set` / `advance`.
 */
export interface Clock {
  now(): Date;
}

/** Real time. */
export const systemClock: Clock = {
  now: () => new Date(),
};

/** A clock that stands still until told: for tests (and tools) that need a fixed "now". */
export class ManualClock implements Clock {
  private ms: number;

  constructor(at: string | Date | number = new Date()) {
    this.ms = ManualClock.toMs(at);
  }

  now(): Date {
    return new Date(this.ms);
  }

  /** Moves the clock to an instant (ISO string, Date or epoch ms). */
  set(at: string | Date | number): this {
    this.ms = ManualClock.toMs(at);
    return this;
  }

  /** Moves the clock forward (or back, with a negative value) by `ms` milliseconds. */
  advance(ms: number): this {
    this.ms += ms;
    return this;
  }

  private static toMs(at: string | Date | number): number {
    const ms = typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : at.getTime();
    if (!Number.isFinite(ms)) throw new RangeError(`ManualClock: not an instant: ${String(at)}`);
    return ms;
  }
}

/** The UTC calendar day of an instant, `YYYY-MM-DD`. */
export const utcDay = (d: Date): string => d.toISOString().slice(0, 10);

/**
 * `d` moved by `months` calendar months in UTC, keeping the time of day; the day is clamped to
 * the target month's last day (31 Mar − 1 month = 28/29 Feb, not 3 Mar; 29 Feb 2028 + 12 = 28 Feb 2029).
 */
export function addUtcMonths(d: Date, months: number): Date {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const r = new Date(d);
  r.setUTCFullYear(y, m, Math.min(d.getUTCDate(), lastDay));
  return r;
}
