import 'reflect-metadata';
import pino from 'pino';
import { ConfigError, loadConfig } from './config.js';
import { usePasswordHashCost } from './auth/passwords.js';
import { assertPortFree, PortInUseError, startServer } from './app.js';
import { systemClock } from './clock.js';
import { createDataSource } from './db/data-source.js';
import {
  EmbeddedDatabase,
  EmbeddedDatabaseSetupError,
  startEmbeddedDatabase,
} from './db/embedded-database.js';
import { seedDemoOrganisationIfEmpty } from './db/seed/demo-organisation.js';
import { runDriftScan } from './modules/drift/drift.service.js';

let logger = pino({ level: 'info' });

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
  const config = loadConfig();
  logger = pino({ level: config.logLevel });
  // The demo seed hashes its password too: the configured work factor from the start.
  usePasswordHashCost(config.passwordHashCost);
  // The one place the server's clock is chosen (real time); everything else is handed it (see clock.ts).
  const clock = systemClock;
  const port = config.port;
  // Before anything starts: a taken port is said in one sentence, and nothing else is touched.
  await assertPortFree(port);
  let embedded: EmbeddedDatabase | null = null;
  let url = config.databaseUrl;
  if (!url) {
    const dataDir = config.dataDir;
    logger.info({ dataDir }, 'starting embedded PostgreSQL');
    embedded = startedEmbedded = await startEmbeddedDatabase({
      dataDir,
      port: config.embeddedPgPort ?? undefined,
      log: (l) => logger.debug(l),
    });
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
  const seed = embedded ? embedded.created || config.seedDemo : config.seedDemo;
  if (seed) {
    // Advisory-locked and skipped when people exist, so several instances may start at once.
    const summary = await seedDemoOrganisationIfEmpty(db, { now: clock.now() });
    if (summary) logger.info({ counts: summary.counts }, 'seeded the demo organisation (Halden Industrial)');
  }
  // Time-driven drift (stale KPIs, overdue milestones and actions) now, not one interval later.
  const scan = await runDriftScan(db, clock.now());
  if (!scan.skipped) logger.info({ raised: scan.raised, resolved: scan.resolved }, 'drift scan at start');
  server = await startServer({ db, databaseUrl: url, port, logger, config, clock });
  const demo = seed || (await db.query(`SELECT 1 FROM person WHERE email = 'ceo@demo.test'`)).length > 0;
  const lines = [
    ``,
    `  Throughline is running at ${server.url.replace(/:\d+$/, `:${server.port}`)}`,
    `  GraphQL: ${server.url}/graphql   health: ${server.url}/healthz`,
  ];
  if (demo)
    lines.push(
      `  Demo logins (password "demo"):`,
      ...DEMO_LOGINS.map(([e, r]) => `    ${e.padEnd(22)} ${r}`),
    );
  lines.push(`  Ctrl-C stops the server${embedded ? ' and its PostgreSQL' : ''}.`, ``);
  console.log(lines.join('\n'));
}

let server: Awaited<ReturnType<typeof startServer>> | undefined;
let startedEmbedded: EmbeddedDatabase | null = null;
main().catch(async (e) => {
  if (e instanceof PortInUseError || e instanceof EmbeddedDatabaseSetupError || e instanceof ConfigError) {
    // A problem of this machine, not a bug: one sentence that says what to do, no stack trace.
    console.error(`\nThroughline did not start. ${e.message}\n`);
  } else {
    logger.fatal({ err: e }, 'failed to start');
  }
  await startedEmbedded?.stop().catch(() => undefined);
  process.exit(1);
});
