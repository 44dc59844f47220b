/**
 * Seeds the demo organisation into the database at DATABASE_URL:
 *
 *   DATABASE_URL=postgres://… pnpm --filter @throughline/server seed:demo
 *
 * Runs pending migrations first. Does nothing (exit 0) when the database already has
 * people, so it is safe to run on every deploy.
 */
import 'reflect-metadata';
import { realpathSync } from 'node:fs';
import { systemClock } from '../../clock.js';
import { createDataSource } from '../data-source.js';
import { DEMO_FACTS, seedDemoOrganisationIfEmpty, type DemoSummary } from './demo-organisation.js';

export function formatSummary(summary: DemoSummary, ms: number): string {
  const c = summary.counts;
  return [
    `Seeded the demo organisation "${DEMO_FACTS.company}" in ${ms} ms (data relative to ${summary.now.toISOString()}):`,
    `  ${c.unit} units, ${c.person} people, ${c.plan} plan, ${c.objective} objectives, ${c.kpi} KPIs with ${c.kpi_target} targets and ${c.measurement} measurements,`,
    `  ${c.initiative} initiatives with ${c.milestone} milestones, ${c.objective_kpi + c.initiative_objective + c.initiative_kpi} links, ${c.history_entry} history entries.`,
    `Log in with password "demo" as: ${Object.values(DEMO_FACTS.logins).join(', ')}.`,
  ].join('\n');
}

async function main(): Promise<number> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error(
      'DATABASE_URL is not set: the PostgreSQL database to seed, e.g. postgres://user:password@localhost:5432/throughline',
    );
    return 2;
  }
  const ds = createDataSource(url, { poolSize: 2, applicationName: 'throughline-seed' });
  await ds.initialize();
  try {
    const applied = await ds.runMigrations();
    if (applied.length)
      console.log(`Applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}`);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM person`);
    if (n > 0) {
      console.log(`Already seeded: the database has ${n} people. Nothing to do.`);
      return 0;
    }
    const started = Date.now();
    // Re-checks inside its transaction under an advisory lock, in case another process seeded meanwhile.
    const summary = await seedDemoOrganisationIfEmpty(ds, { now: systemClock.now() });
    if (!summary) {
      console.log('Already seeded by another process. Nothing to do.');
      return 0;
    }
    console.log(formatSummary(summary, Date.now() - started));
    return 0;
  } finally {
    await ds.destroy();
  }
}

// Run as a program (`node dist/db/seed/seed-cli.js`), not when imported.
if (process.argv[1] && realpathSync(process.argv[1]) === import.meta.filename) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      console.error('Seeding the demo organisation failed; nothing was written.', err);
      process.exitCode = 1;
    },
  );
}
