/**
 * Export and import of an organisation, from the command line:
 *
 *   npm run export -- <file>    everything of the organisation → one archive file
 *   npm run import -- <file>    that file → an empty database
 *
 * The database is DATABASE_URL's, or (when it is not set) the embedded PostgreSQL in
 * THROUGHLINE_DATA_DIR — the same choice `main.ts` makes. See docs/operations.md.
 */
import 'reflect-metadata';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, loadConfig, type Config } from '../../config.js';
import { keyIdOf, decodeKey } from '../../auth/secret-box.js';
import {
  EmbeddedDatabaseSetupError,
  startEmbeddedDatabase,
  type EmbeddedDatabase,
} from '../embedded-database.js';
import { ArchiveError, type ArchiveHeader } from './archive-format.js';
import { exportOrganisation } from './export-organisation.js';
import { importOrganisation } from './import-organisation.js';

const HELP = `Throughline: export and import an organisation.

Usage:
  npm run export -- <file>   Write everything of the organisation to <file>, a gzip archive
                             (graph, history, measurements, meetings, decisions, co-edited
                             documents, people without password hashes, webhooks, tokens).
  npm run import -- <file>   Load <file> into an empty database, all or nothing.
  (in packages/server: npm run export|import -- <file>, from the built dist)

Database: DATABASE_URL when set (postgres://user:password@host:5432/db), otherwise the embedded
PostgreSQL in THROUGHLINE_DATA_DIR (default .data/postgres); stop the server using it first.
Webhook secrets stay sealed with the instance key: the server that runs on the imported data
needs the same THROUGHLINE_SECRET_KEY (or the key file beside the data, .data/postgres-secret.key).
Imported people have no password: each needs a password reset (or an invitation) to sign in.

Options:
  -h, --help                 This text.
`;

/** A relative path is relative to where the command was typed (npm and pnpm set INIT_CWD). */
function resolveFile(file: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), file);
}

/** The database to use, as main.ts chooses it; `create` says whether a new embedded cluster may be made. */
async function openDatabase(
  config: Config,
  create: boolean,
): Promise<{ url: string; embedded: EmbeddedDatabase | null; where: string }> {
  if (config.databaseUrl)
    return { url: config.databaseUrl, embedded: null, where: redact(config.databaseUrl) };
  if (!create && !existsSync(join(config.dataDir, 'PG_VERSION')))
    throw new ArchiveError(
      `There is no embedded database in ${config.dataDir} to export: set DATABASE_URL to export another PostgreSQL database (or THROUGHLINE_DATA_DIR to another data folder).`,
    );
  const embedded = await startEmbeddedDatabase({
    dataDir: config.dataDir,
    port: config.embeddedPgPort ?? undefined,
  });
  return { url: embedded.url, embedded, where: `the embedded database in ${config.dataDir}` };
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'DATABASE_URL';
  }
}

function countsTable(counts: Record<string, number>): string {
  const width = Math.max(...Object.keys(counts).map((k) => k.length));
  return Object.entries(counts)
    .map(([t, n]) => `    ${t.padEnd(width)} ${n.toLocaleString('en-GB').padStart(10)}`)
    .join('\n');
}

/** Id of the key this environment seals with (without generating one), or null when there is none yet. */
function currentKeyIds(config: Config): string[] {
  const ids: string[] = [];
  try {
    if (config.secrets.key) ids.push(keyIdOf(decodeKey('THROUGHLINE_SECRET_KEY', config.secrets.key)));
    else if (existsSync(config.secrets.keyFile))
      ids.push(keyIdOf(decodeKey('the key file', readFileSync(config.secrets.keyFile, 'utf8'))));
    if (config.secrets.previousKey)
      ids.push(keyIdOf(decodeKey('THROUGHLINE_SECRET_KEY_PREVIOUS', config.secrets.previousKey)));
  } catch {
    // a bad key is reported by the server at start
  }
  return ids;
}

function secretKeyNote(header: ArchiveHeader, config: Config): string | null {
  if (!header.secretKeyIds.length) return null;
  const mine = currentKeyIds(config);
  const missing = header.secretKeyIds.filter((k) => !mine.includes(k));
  if (!missing.length) return null;
  return (
    `  Webhook secrets in the archive are sealed with key ${missing.join(', ')}, which this environment does not have` +
    `${mine.length ? ` (it has ${mine.join(', ')})` : ''}: start the server with the exporting instance's key as` +
    ` THROUGHLINE_SECRET_KEY (from its THROUGHLINE_SECRET_KEY or its key file, .data/postgres-secret.key), or as THROUGHLINE_SECRET_KEY_PREVIOUS to re-encrypt them.`
  );
}

export async function run(argv: string[], print: (s: string) => void = console.log): Promise<number> {
  const [command, ...rest] = argv;
  if (
    !command ||
    command === '-h' ||
    command === '--help' ||
    rest.includes('-h') ||
    rest.includes('--help')
  ) {
    print(HELP);
    return command ? 0 : 2;
  }
  if (command !== 'export' && command !== 'import') {
    print(`Unknown command "${command}": use export or import.\n\n${HELP}`);
    return 2;
  }
  const files = rest.filter((a) => !a.startsWith('-'));
  const unknown = rest.filter((a) => a.startsWith('-'));
  if (unknown.length) {
    print(`Unknown option ${unknown[0]}.\n\n${HELP}`);
    return 2;
  }
  if (files.length !== 1) {
    print(`Name one archive file: npm run ${command} -- <file>`);
    return 2;
  }
  const file = resolveFile(files[0]);
  const config = loadConfig();
  const db = await openDatabase(config, command === 'import');
  try {
    const started = Date.now();
    if (command === 'export') {
      const s = await exportOrganisation({ databaseUrl: db.url, file });
      const total = Object.values(s.header.counts).reduce((a, b) => a + b, 0);
      print(
        [
          `Exported ${db.where} to ${file} (${(s.bytes / 1024 / 1024).toFixed(1)} MB, ${total.toLocaleString('en-GB')} rows, schema ${s.header.schemaMigration}, ${Date.now() - started} ms):`,
          countsTable(s.header.counts),
          `  Not in the archive: password hashes (${s.peopleWithPassword} people had one), sessions, the sign-in throttle.`,
          s.header.secretKeyIds.length
            ? `  Webhook secrets are sealed with key ${s.header.secretKeyIds.join(', ')}: keep that key (THROUGHLINE_SECRET_KEY or .data/postgres-secret.key) with the archive, apart from it.`
            : `  No webhook secrets to carry.`,
        ].join('\n'),
      );
    } else {
      const s = await importOrganisation({ databaseUrl: db.url, file });
      const total = Object.values(s.header.counts).reduce((a, b) => a + b, 0);
      const note = secretKeyNote(s.header, config);
      print(
        [
          `Imported ${file} (exported ${s.header.exportedAt}) into ${db.where}: ${total.toLocaleString('en-GB')} rows in ${Date.now() - started} ms.`,
          countsTable(s.header.counts),
          s.migrationsApplied.length ? `  Migrations run: ${s.migrationsApplied.length}.` : null,
          `  ${s.peopleWithoutPassword} people have no password yet: each needs a password reset (or an invitation) before signing in.`,
          note,
        ]
          .filter(Boolean)
          .join('\n'),
      );
    }
    return 0;
  } finally {
    await db.embedded?.stop().catch(() => undefined);
  }
}

// Run as a program (`node dist/db/archive/archive-cli.js export <file>`), not when imported.
if (process.argv[1] && realpathSync(process.argv[1]) === import.meta.filename) {
  run(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      if (e instanceof ArchiveError || e instanceof ConfigError || e instanceof EmbeddedDatabaseSetupError)
        console.error(`\n${e.message}\n`);
      else console.error('The command failed; nothing was written.', e);
      process.exitCode = 1;
    },
  );
}
