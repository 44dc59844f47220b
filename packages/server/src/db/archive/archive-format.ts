/**
 * The organisation archive: one gzip file of JSON lines.
 *
 *   line 1      the header (`ArchiveHeader`): format, version, the schema's last migration, counts
 *   per table   a section line `{"table": name, "rows": n}`, then n lines, one row each — the
 *               row as PostgreSQL's `row_to_json` writes it (timestamps to the microsecond,
 *               bytea as `\x…` hex, jsonb as JSON), so the import gives PostgreSQL back exactly
 *               what it wrote (`json_populate_recordset`)
 *   last line   the trailer `{"end": true, "rows": total, "sha256": …}`: SHA-256 of every line
 *               before it (each with its newline), so a truncated or altered archive is refused
 *
 * Tables come in load order (`planLoad`), so the import streams it in one pass.
 */
import { createHash, type Hash } from 'node:crypto';
import type { ColumnInfo } from './tables.js';

export const ARCHIVE_FORMAT = 'throughline-export';
/** Bumped when the layout of the file changes (not when the schema does: that is `schemaMigration`). */
export const ARCHIVE_VERSION = 1;

export interface ArchiveHeader {
  format: typeof ARCHIVE_FORMAT;
  version: number;
  /** Name of the last migration applied to the exported database (its schema). */
  schemaMigration: string | null;
  /** Every migration applied to it (the import brings the target to exactly these before loading). */
  appliedMigrations: string[];
  exportedAt: string;
  /** Rows per table, in load order. */
  counts: Record<string, number>;
  /** The columns written per table, in load order (scrubbed columns are absent). */
  tables: { name: string; columns: ColumnInfo[] }[];
  /** Last value of each sequence (`table.column`), so new ids never reuse pruned ones. */
  sequences: Record<string, string>;
  /** What was left out on purpose: tables, and columns of exported tables. */
  notExported: string[];
  scrubbed: Record<string, readonly string[]>;
  /** Ids of the instance keys that sealed the webhook secrets in the archive (auth/secret-box.ts). */
  secretKeyIds: string[];
}

export interface ArchiveSection {
  table: string;
  rows: number;
}

export interface ArchiveTrailer {
  end: true;
  rows: number;
  sha256: string;
}

/** A problem of the archive or the target database, said in one sentence for the person running the command. */
export class ArchiveError extends Error {
  readonly name = 'ArchiveError';
}

/** SHA-256 over lines, each followed by a newline: what the trailer records. */
export class LineDigest {
  private readonly hash: Hash = createHash('sha256');
  add(line: string): void {
    this.hash.update(line);
    this.hash.update('\n');
  }
  hex(): string {
    return this.hash.digest('hex');
  }
}
