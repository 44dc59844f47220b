import { createReadStream, existsSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { createDataSource } from '../data-source.js';
import { migrations } from '../migrations/index.js';
import {
  ARCHIVE_FORMAT,
  ARCHIVE_VERSION,
  ArchiveError,
  type ArchiveHeader,
  LineDigest,
} from './archive-format.js';
import { appliedMigrations, openClient, serialSequences } from './export-organisation.js';
import { ident, planLoad, readCatalog, type Sql, type TableInfo } from './tables.js';

/** Tables that may hold rows in a database that is still "empty" (bookkeeping, not data). */
const IGNORED_WHEN_EMPTY = new Set(['migrations', 'typeorm_metadata', 'login_throttle']);

/** Rows (or bytes of JSON) sent to PostgreSQL per INSERT. */
const BATCH_ROWS = 1000;
const BATCH_BYTES = 4 * 1024 * 1024;

export interface ImportSummary {
  header: ArchiveHeader;
  /** Migrations run on the target (before and after loading). */
  migrationsApplied: string[];
  /** Active people without a password: each needs a password reset or an invitation. */
  peopleWithoutPassword: number;
}

/** Names of this build's migrations, oldest first (as TypeORM records them). */
function migrationNames(): string[] {
  return migrations.map((m) => m.name);
}

/** Reads the archive line by line; a damaged gzip stream becomes one clear sentence. */
async function* archiveLines(file: string): AsyncGenerator<string> {
  const gunzip = createGunzip();
  const input = createReadStream(file).pipe(gunzip);
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of lines) yield line;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(String(e)))
      throw new ArchiveError(
        `${file} is damaged or incomplete (${(e as Error).message}): nothing was imported.`,
      );
    throw e;
  } finally {
    lines.close();
    gunzip.destroy();
  }
}

function parseLine<T>(line: string | undefined, what: string, file: string): T {
  if (line === undefined)
    throw new ArchiveError(
      `${file} ends before its ${what}: the archive is incomplete; nothing was imported.`,
    );
  try {
    return JSON.parse(line) as T;
  } catch {
    throw new ArchiveError(`${file} is damaged (its ${what} is not valid JSON): nothing was imported.`);
  }
}

/** Rows of every table that holds data; empty means the database may receive an import. */
async function rowsPresent(sql: Sql): Promise<{ table: string; rows: number }[]> {
  const catalog = await readCatalog(sql);
  const found: { table: string; rows: number }[] = [];
  for (const name of catalog.keys()) {
    if (IGNORED_WHEN_EMPTY.has(name)) continue;
    const [r] = await sql(`SELECT count(*)::int AS n FROM (SELECT 1 FROM ${ident(name)} LIMIT 1000) x`);
    if (r.n > 0) found.push({ table: name, rows: r.n });
  }
  return found;
}

function notEmpty(found: { table: string; rows: number }[]): ArchiveError {
  const first = ['person', 'unit', 'plan', 'measurement'];
  const rank = (t: string) => (first.includes(t) ? first.indexOf(t) : first.length);
  const what = [...found]
    .sort((x, y) => rank(x.table) - rank(y.table))
    .slice(0, 4)
    .map((f) => `${f.rows >= 1000 ? '1000+' : f.rows} ${f.table} rows`)
    .join(', ');
  return new ArchiveError(
    `The target database is not empty (it has ${what}): import only into a new, empty database; nothing was imported.`,
  );
}

/** Migrations of `known` the database at `url` does not have yet, run in one transaction; their names. */
async function migrate(url: string, known: Function[]): Promise<string[]> {
  const ds = createDataSource(url, { poolSize: 1, applicationName: 'throughline-import', migrations: known });
  await ds.initialize();
  try {
    return (await ds.runMigrations({ transaction: 'all' })).map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

/**
 * Loads an archive (archive-format.ts) into the empty database at `databaseUrl`: migrates it to
 * the archive's schema, inserts every table in one transaction (all or nothing: a damaged,
 * truncated or altered archive, or rows the schema refuses, leave the database without data),
 * sets the deferred references and the sequences, then runs this build's later migrations.
 */
export async function importOrganisation(opts: {
  databaseUrl: string;
  file: string;
}): Promise<ImportSummary> {
  const { file } = opts;
  if (!existsSync(file) || !statSync(file).isFile()) throw new ArchiveError(`There is no file ${file}.`);
  const lines = archiveLines(file)[Symbol.asyncIterator]();
  const next = async () => {
    const r = await lines.next();
    return r.done ? undefined : r.value;
  };
  try {
    const headerLine = await next().catch((e) => {
      if (e instanceof ArchiveError)
        throw new ArchiveError(`${file} is not a Throughline export (not a gzip archive).`);
      throw e;
    });
    let header: ArchiveHeader;
    try {
      header = JSON.parse(headerLine ?? '') as ArchiveHeader;
    } catch {
      throw new ArchiveError(`${file} is not a Throughline export (its first line is not a header).`);
    }
    if (header?.format !== ARCHIVE_FORMAT)
      throw new ArchiveError(
        `${file} is not a Throughline export (its header names no "${ARCHIVE_FORMAT}").`,
      );
    if (!Number.isInteger(header.version) || header.version > ARCHIVE_VERSION)
      throw new ArchiveError(
        `${file} has archive format version ${header.version}, newer than this Throughline reads (${ARCHIVE_VERSION}): upgrade Throughline, then import.`,
      );
    const known = migrationNames();
    const wanted = Array.isArray(header.appliedMigrations) ? header.appliedMigrations : [];
    const unknown = wanted.filter((m) => !known.includes(m));
    if (unknown.length)
      throw new ArchiveError(
        `${file} was exported by a newer Throughline (its schema has migration ${unknown[unknown.length - 1]}, which this version does not have): upgrade Throughline, then import.`,
      );

    // The target: empty, and not past the archive's schema.
    const probe = await openClient(opts.databaseUrl, 'throughline-import');
    try {
      const sql: Sql = async (text, params) => (await probe.query(text, params)).rows;
      const found = await rowsPresent(sql);
      if (found.length) throw notEmpty(found);
      const beyond = (await appliedMigrations(sql)).filter((m) => !wanted.includes(m));
      if (beyond.some((m) => !known.includes(m)))
        throw new ArchiveError(
          `The target database was migrated by a newer Throughline (migration ${beyond[beyond.length - 1]}): import with that version.`,
        );
      if (beyond.length)
        throw new ArchiveError(
          `The target database's schema (migration ${beyond[beyond.length - 1]}) is newer than the archive's (${header.schemaMigration}): import into a new, empty database.`,
        );
    } finally {
      await probe.end().catch(() => undefined);
    }
    const applied = await migrate(
      opts.databaseUrl,
      migrations.filter((m) => wanted.includes(m.name)),
    );

    const client = await openClient(opts.databaseUrl, 'throughline-import');
    const sql: Sql = async (text, params) => (await client.query(text, params)).rows;
    try {
      await sql('BEGIN');
      // Two imports at once: the second waits, then finds the database no longer empty.
      await sql(`SELECT pg_advisory_xact_lock(hashtext('throughline-import'))`);
      const found = await rowsPresent(sql);
      if (found.length) throw notEmpty(found);
      const catalog = await readCatalog(sql);
      const archived = new Map(header.tables.map((t) => [t.name, t]));
      const targets: TableInfo[] = [];
      for (const t of header.tables) {
        const target = catalog.get(t.name);
        if (!target)
          throw new ArchiveError(
            `${file} has a table ${t.name} this database's schema does not have: the archive does not match its own schema; nothing was imported.`,
          );
        const missing = t.columns.filter((c) => !target.columns.some((x) => x.name === c.name));
        if (missing.length)
          throw new ArchiveError(
            `${file} has columns ${t.name}.${missing.map((c) => c.name).join(', ')} this database's schema does not have: nothing was imported.`,
          );
        targets.push(target);
      }
      const plan = planLoad(targets);
      const position = new Map(header.tables.map((t, i) => [t.name, i]));
      for (const t of targets)
        for (const fk of t.foreignKeys) {
          const deferred = plan.deferred.get(t.name) ?? [];
          if (fk.columns.every((c) => deferred.includes(c))) continue;
          if ((position.get(fk.references) ?? -1) > position.get(t.name)!)
            throw new ArchiveError(
              `${file} lists ${t.name} before ${fk.references}, which it references: the archive is damaged; nothing was imported.`,
            );
        }
      for (const [table, cols] of plan.deferred) {
        const keys = [...catalog.get(table)!.primaryKey, ...cols].map(ident).join(', ');
        await sql(
          `CREATE TEMP TABLE ${ident(`deferred_${table}`)} ON COMMIT DROP AS SELECT ${keys} FROM ${ident(table)} WITH NO DATA`,
        );
      }

      const digest = new LineDigest();
      digest.add(headerLine!);
      const loaded: Record<string, number> = {};
      let total = 0;
      for (;;) {
        const line = await next();
        const marker = parseLine<{ table?: string; rows?: number; end?: boolean; sha256?: string }>(
          line,
          'next section',
          file,
        );
        if (marker.end) {
          if (marker.sha256 !== digest.hex() || marker.rows !== total)
            throw new ArchiveError(
              `${file} does not match its checksum (it was altered or damaged after the export): nothing was imported.`,
            );
          if ((await next()) !== undefined)
            throw new ArchiveError(
              `${file} has data after its end: the archive is damaged; nothing was imported.`,
            );
          break;
        }
        digest.add(line!);
        const table = marker.table ?? '';
        const info = archived.get(table);
        if (!info || table in loaded || marker.rows !== header.counts[table])
          throw new ArchiveError(
            `${file} is damaged (an unexpected section ${JSON.stringify(table)}): nothing was imported.`,
          );
        const deferred = plan.deferred.get(table) ?? [];
        const insertCols = info.columns
          .map((c) => c.name)
          .filter((c) => !deferred.includes(c))
          .map(ident)
          .join(', ');
        const keys = [...catalog.get(table)!.primaryKey, ...deferred].map(ident).join(', ');
        let batch: string[] = [];
        let bytes = 0;
        const flush = async () => {
          if (!batch.length) return;
          const json = `[${batch.join(',')}]`;
          batch = [];
          bytes = 0;
          await sql(
            `INSERT INTO ${ident(table)} (${insertCols}) SELECT ${insertCols} FROM json_populate_recordset(NULL::${ident(table)}, $1::json)`,
            [json],
          );
          if (deferred.length)
            await sql(
              `INSERT INTO ${ident(`deferred_${table}`)} SELECT ${keys} FROM json_populate_recordset(NULL::${ident(table)}, $1::json)`,
              [json],
            );
        };
        for (let i = 0; i < marker.rows!; i++) {
          const row = await next();
          if (row === undefined)
            throw new ArchiveError(
              `${file} ends inside table ${table}: the archive is incomplete; nothing was imported.`,
            );
          if (!row.startsWith('{'))
            throw new ArchiveError(
              `${file} is damaged (a row of ${table} is not an object): nothing was imported.`,
            );
          digest.add(row);
          batch.push(row);
          bytes += row.length;
          if (batch.length >= BATCH_ROWS || bytes >= BATCH_BYTES) await flush();
        }
        await flush();
        loaded[table] = marker.rows!;
        total += marker.rows!;
      }
      const absent = header.tables.filter((t) => !(t.name in loaded));
      if (absent.length)
        throw new ArchiveError(`${file} lacks the rows of ${absent[0].name}: nothing was imported.`);

      for (const [table, cols] of plan.deferred) {
        const pk = catalog.get(table)!.primaryKey;
        await sql(
          `UPDATE ${ident(table)} t SET ${cols.map((c) => `${ident(c)} = d.${ident(c)}`).join(', ')}
             FROM ${ident(`deferred_${table}`)} d WHERE ${pk.map((c) => `t.${ident(c)} = d.${ident(c)}`).join(' AND ')}`,
        );
      }
      for (const [column, seq] of await serialSequences(sql)) {
        const [table, col] = column.split('.');
        if (!archived.has(table)) continue;
        const kept = header.sequences[column] ?? '0';
        await sql(
          `SELECT setval($1, greatest($2::bigint, coalesce((SELECT max(${ident(col)}) FROM ${ident(table)}), 0), 1),
                  greatest($2::bigint, coalesce((SELECT max(${ident(col)}) FROM ${ident(table)}), 0)) > 0)`,
          [seq, kept],
        );
      }
      const [{ n: peopleWithoutPassword }] = await sql(
        `SELECT count(*)::int AS n FROM person WHERE password_hash IS NULL AND archived_at IS NULL`,
      );
      await sql('COMMIT');
      applied.push(...(await migrate(opts.databaseUrl, migrations)));
      return { header, migrationsApplied: applied, peopleWithoutPassword };
    } catch (e) {
      await sql('ROLLBACK').catch(() => undefined);
      const pgError = e as { code?: string; message?: string; detail?: string };
      if (!(e instanceof ArchiveError) && typeof pgError.code === 'string' && /^(22|23)/.test(pgError.code))
        throw new ArchiveError(
          `${file} holds rows this database refuses (${pgError.message}${pgError.detail ? `: ${pgError.detail}` : ''}): nothing was imported.`,
        );
      throw e;
    } finally {
      await client.end().catch(() => undefined);
    }
  } finally {
    await lines.return?.(undefined);
  }
}
