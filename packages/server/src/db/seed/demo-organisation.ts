/**
 * The demo organisation: Halden Industrial and its strategy "From pumps to uptime"
 * (shared/demo-organisation.md). Seeded by the default start (embedded database, first
 * run) and by `seed-cli.ts`.
 *
 * - The story is data: `story/*.json`, one file per part, read and checked by `story/story.ts`.
 * - Relative to `now`: `calendar.ts` lays it out (about 13–14 months of measurements ending at
 *   `now`, initiative dates, milestones and reviews around it), so the demo always looks current.
 * - `load-organisation.ts` and `reviews/` write it through the row builders the tests'
 *   factories use (`db/builders/rows.ts`), in one transaction: a failure leaves nothing behind.
 * - Deterministic: every number comes from a seeded PRNG (per KPI, keyed by its name), so the
 *   same `now` gives the same data (ids and the password salt excepted).
 * - Demo passwords exist only here: every demo person logs in with `demo`.
 */
import type { DataSource } from 'typeorm';
import { hashPassword } from '../../auth/passwords.js';
import { calendarFor } from './calendar.js';
import { loadDemoOrganisation, type DemoSummary } from './load-organisation.js';

export { DEMO_FACTS, DEMO_REVIEW_FACTS } from './demo-facts.js';
export { demoKpiSeries, type DemoKpiSeries } from './kpi-series.js';
export { DEMO_TABLES, type DemoSummary } from './load-organisation.js';

/** Password of every demo login. Exists only in the demo seed. */
const DEMO_PASSWORD = 'demo';

/**
 * Seeds the demo organisation in one transaction and returns what it created.
 * Fails (leaving nothing) if any of its people already exist.
 */
export async function seedDemoOrganisation(db: DataSource, opts: { now?: Date } = {}): Promise<DemoSummary> {
  const passwordHash = await hashPassword(DEMO_PASSWORD); // once: scrypt is deliberately slow
  return db.transaction((m) => loadDemoOrganisation(m, calendarFor(opts.now ?? new Date()), passwordHash));
}

/**
 * Seeds the demo organisation unless the database already has people; safe to call from
 * several server instances at once (an advisory lock serialises them). Returns null when
 * there was nothing to do.
 */
export async function seedDemoOrganisationIfEmpty(
  db: DataSource,
  opts: { now?: Date } = {},
): Promise<DemoSummary | null> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (m) => {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('throughline:demo-seed'))`);
    const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM person`);
    if (n > 0) return null;
    return loadDemoOrganisation(m, calendarFor(opts.now ?? new Date()), passwordHash);
  });
}
