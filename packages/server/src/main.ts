import 'reflect-metadata';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { startServer } from './app';
import { systemClock } from './clock';
import { createDataSource } from './db/data-source';
import { EmbeddedDatabase, startEmbeddedDatabase } from './db/embedded-database';
import { seedDemoOrganisationIfEmpty } from './db/seed/demo-organisation';
import { runDriftScan } from './modules/drift/drift.service';

const logger = pino({ level: process.env.LOG_LEVEL ?? 'info', transport: undefined });

const DEMO_LOGINS = [
  ['ceo@demo.test', 'executive: sees and may edit everything'],
  ['ops.head@demo.test', 'head of Operations'],
  ['analyst@demo.test', 'member of Quality Control (Operations); owns a KPI'],
  ['sales.head@demo.test', 'head of Sales'],
];

/**
 * Starts Throughline. With DATABASE_URL it migrates that database and seeds nothing unless
 * asked (`pnpm seed:demo`); without it, an embedded PostgreSQL in `.data/` (kept between runs)
 * with the demo organisation seeded on first start.
 */
async function main() {
  // The one place the server's clock is chosen (real time); everything else is handed it (see clock.ts).
  const clock = systemClock;
  const port = Number(process.env.PORT ?? 4000);
  let embedded: EmbeddedDatabase | null = null;
  let url = process.env.DATABASE_URL;
  if (!url) {
    const dataDir = resolve(process.env.THROUGHLINE_DATA_DIR ?? join(__dirname, '..', '..', '..', '.data', 'postgres'));
    logger.info({ dataDir }, 'starting embedded PostgreSQL');
    embedded = await startEmbeddedDatabase({ dataDir, port: Number(process.env.EMBEDDED_PG_PORT ?? 0) || undefined, log: (l) => logger.debug(l) });
    url = embedded.url;
  }
  const db = createDataSource(url);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: stopping`);
    await server?.close().catch((e) => logger.error(e));
    await db.destroy().catch(() => undefined);
    await embedded?.stop().catch((e) => logger.error(e));
    logger.info('stopped cleanly');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  await db.initialize();
  const applied = await db.runMigrations({ transaction: 'all' });
  if (applied.length) logger.info(`applied ${applied.length} migration(s)`);
  const seed = embedded ? embedded.created || process.env.SEED_DEMO === '1' : process.env.SEED_DEMO === '1';
  if (seed) {
    // Advisory-locked and skipped when people exist, so several instances may start at once.
    const summary = await seedDemoOrganisationIfEmpty(db, { now: clock.now() });
    if (summary) logger.info({ counts: summary.counts }, 'seeded the demo organisation (Halden Industrial)');
  }
  // Time-driven drift (stale KPIs, overdue milestones and actions) now, not one interval later.
  const scan = await runDriftScan(db, clock.now());
  if (!scan.skipped) logger.info({ raised: scan.raised, resolved: scan.resolved }, 'drift scan at start');
  server = await startServer({ db, databaseUrl: url, port, logger, clock });
  const demo = seed || (await db.query(`SELECT 1 FROM person WHERE email = 'ceo@demo.test'`)).length > 0;
  const lines = [
    ``,
    `  Throughline is running at ${server.url.replace(/:\d+$/, `:${server.port}`)}`,
    `  GraphQL: ${server.url}/graphql   health: ${server.url}/healthz`,
  ];
  if (demo) lines.push(`  Demo logins (password "demo"):`, ...DEMO_LOGINS.map(([e, r]) => `    ${e.padEnd(22)} ${r}`));
  lines.push(`  Ctrl-C stops the server${embedded ? ' and its PostgreSQL' : ''}.`, ``);
  console.log(lines.join('\n'));
}

let server: Awaited<ReturnType<typeof startServer>> | undefined;
main().catch((e) => {
  logger.fatal({ err: e }, 'failed to start');
  process.exit(1);
});
