import { createWriteStream, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import pg from 'pg';
import {
  ARCHIVE_FORMAT,
  ARCHIVE_VERSION,
  ArchiveError,
  type ArchiveHeader,
  LineDigest,
} from './archive-format.js';
import {
  exportedTables,
  ident,
  NOT_EXPORTED,
  planLoad,
  readCatalog,
  SCRUBBED_COLUMNS,
  SEALED_COLUMNS,
  type Sql,
} from './tables.js';

export interface ExportSummary {
  file: string;
  bytes: number;
  header: ArchiveHeader;
  /** People whose password hash was left out. */
  peopleWithPassword: number;
}

/** Rows fetched from the cursor at a time: bounded memory whatever the table's size. */
const FETCH_ROWS = 500;

/** Opens a client that reckons in UTC like the server (data-source.ts). */
export async function openClient(databaseUrl: string, applicationName: string): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: databaseUrl,
    application_name: applicationName,
    options: '-c TimeZone=UTC',
  });
  await client.connect();
  return client;
}

/** The sequences of serial columns (`table.column` → sequence name) in the current schema. */
export async function serialSequences(sql: Sql): Promise<Map<string, string>> {
  const rows = await sql(
    `SELECT c.relname AS table, a.attname AS column, pg_get_serial_sequence(quote_ident(c.relname), a.attname) AS seq
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE n.nspname = current_schema() AND c.relkind = 'r'
        AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL
      ORDER BY 1, 2`,
  );
  return new Map(rows.map((r) => [`${r.table}.${r.column}`, r.seq as string]));
}

/** The migrations applied to the database, oldest first (as TypeORM orders them: by timestamp). */
export async function appliedMigrations(sql: Sql): Promise<string[]> {
  const [t] = await sql(`SELECT to_regclass('migrations') IS NOT NULL AS x`);
  if (!t.x) return [];
  return (await sql(`SELECT name FROM migrations ORDER BY "timestamp", id`)).map((r) => r.name as string);
}

async function write(out: Writable, line: string): Promise<void> {
  if (!out.write(line + '\n')) await once(out, 'drain');
}

/**
 * Writes everything of the organisation in the database at `databaseUrl` to `file` (see
 * archive-format.ts), from one consistent snapshot (REPEATABLE READ, read only), streaming each
 * table through a cursor. Password hashes and the tables of `NOT_EXPORTED` are left out. The file
 * appears only when complete (written beside it, then renamed); an existing file is not replaced.
 */
export async function exportOrganisation(opts: {
  databaseUrl: string;
  file: string;
  now?: Date;
}): Promise<ExportSummary> {
  const file = opts.file;
  if (existsSync(file))
    throw new ArchiveError(
      `${file} already exists: choose a new file name (an export never overwrites one).`,
    );
  const client = await openClient(opts.databaseUrl, 'throughline-export');
  const sql: Sql = async (text, params) => (await client.query(text, params)).rows;
  const partial = `${file}.partial-${process.pid}`;
  let out: Writable | null = null;
  try {
    await sql('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const catalog = await readCatalog(sql);
    if (!catalog.has('person'))
      throw new ArchiveError(
        'This database has no Throughline organisation (no person table): nothing to export.',
      );
    const tables = exportedTables(catalog);
    const plan = planLoad(tables);
    const byName = new Map(tables.map((t) => [t.name, t]));
    const counts: Record<string, number> = {};
    for (const name of plan.order)
      counts[name] = Number((await sql(`SELECT count(*)::text AS n FROM ${ident(name)}`))[0].n);

    // Webhook secrets go as they are stored: sealed. A plain one (never resealed) would leak.
    const secretKeyIds = new Set<string>();
    for (const [table, columns] of Object.entries(SEALED_COLUMNS)) {
      if (!byName.has(table)) continue;
      for (const c of columns) {
        if (!byName.get(table)!.columns.some((x) => x.name === c)) continue;
        const rows = await sql(
          `SELECT ${ident(c)} ~ '^v1:[0-9a-f]{8}:' AS sealed, split_part(${ident(c)}, ':', 2) AS key_id, count(*)::int AS n
             FROM ${ident(table)} WHERE ${ident(c)} IS NOT NULL GROUP BY 1, 2`,
        );
        for (const r of rows) {
          if (!r.sealed)
            throw new ArchiveError(
              `${r.n} ${table} ${c} value(s) are stored unencrypted: start the server once (it seals them at start), then export again.`,
            );
          secretKeyIds.add(r.key_id);
        }
      }
    }

    const sequences: Record<string, string> = {};
    for (const [column, seq] of await serialSequences(sql)) {
      if (!byName.has(column.split('.')[0])) continue;
      const [s] = await sql(`SELECT last_value::text AS v, is_called FROM ${seq}`);
      if (s.is_called) sequences[column] = s.v;
    }

    const columnsOf = (name: string) =>
      byName.get(name)!.columns.filter((c) => !(SCRUBBED_COLUMNS[name] ?? []).includes(c.name));
    const applied = await appliedMigrations(sql);
    const header: ArchiveHeader = {
      format: ARCHIVE_FORMAT,
      version: ARCHIVE_VERSION,
      schemaMigration: applied[applied.length - 1] ?? null,
      appliedMigrations: applied,
      exportedAt: (opts.now ?? new Date()).toISOString(),
      counts,
      tables: plan.order.map((name) => ({ name, columns: columnsOf(name) })),
      sequences,
      notExported: Object.keys(NOT_EXPORTED).filter((t) => catalog.has(t)),
      scrubbed: Object.fromEntries(Object.entries(SCRUBBED_COLUMNS).filter(([t]) => byName.has(t))),
      secretKeyIds: [...secretKeyIds].sort(),
    };
    const [{ n: peopleWithPassword }] = await sql(
      `SELECT count(*)::int AS n FROM person WHERE password_hash IS NOT NULL`,
    );

    const gzip = createGzip();
    const fileStream = createWriteStream(partial, { flags: 'wx', mode: 0o600 });
    const written = pipeline(gzip, fileStream);
    written.catch(() => undefined); // awaited below; an early failure surfaces through the writes
    out = gzip;
    const digest = new LineDigest();
    const line = async (text: string) => {
      digest.add(text);
      await write(gzip, text);
    };
    await line(JSON.stringify(header));
    let total = 0;
    for (const name of plan.order) {
      await line(JSON.stringify({ table: name, rows: counts[name] }));
      const cols = columnsOf(name)
        .map((c) => ident(c.name))
        .join(', ');
      await sql(
        `DECLARE archive_rows NO SCROLL CURSOR FOR SELECT row_to_json(x)::text AS j FROM (SELECT ${cols} FROM ${ident(name)}) x`,
      );
      let n = 0;
      for (;;) {
        const rows = await sql(`FETCH ${FETCH_ROWS} FROM archive_rows`);
        for (const r of rows) await line(r.j);
        n += rows.length;
        if (rows.length < FETCH_ROWS) break;
      }
      await sql('CLOSE archive_rows');
      if (n !== counts[name]) throw new Error(`${name}: counted ${counts[name]} rows but read ${n}`);
      total += n;
    }
    const trailer = JSON.stringify({ end: true, rows: total, sha256: digest.hex() });
    await write(gzip, trailer);
    gzip.end();
    await written;
    await sql('COMMIT');
    renameSync(partial, file);
    return { file, bytes: statSync(file).size, header, peopleWithPassword };
  } catch (e) {
    out?.destroy();
    rmSync(partial, { force: true });
    throw e;
  } finally {
    await client.end().catch(() => undefined);
  }
}
