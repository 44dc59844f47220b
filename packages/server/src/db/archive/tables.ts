/**
 * What an organisation archive holds, decided per table and per sensitive column, and the
 * database catalog the export and the import work from.
 *
 * The list of tables is read from PostgreSQL, not written here: a table nobody decided about is
 * exported by default (losing data silently would be worse), and `tables.int.test.ts` fails until
 * it is named below — either in `NOT_EXPORTED` with the reason, or in `EXPORTED`. The same test
 * fails when a column whose name suggests a secret is neither scrubbed nor explained.
 */

/** Tables left out of the archive, and why. */
export const NOT_EXPORTED: Readonly<Record<string, string>> = {
  session: 'browser and script sessions: bearer credentials tied to this instance; everyone signs in anew',
  login_throttle: 'failed sign-in counters: transient, and they name source addresses',
  migrations: "the schema's own record: the import runs the migrations itself",
  login_account_backoff: 'per-account sign-in backoff: transient counters',
  known_device:
    "devices people signed in from (hashed cookie tokens): tied to this instance's browsers; each device is met anew",
  account_token:
    'invitation and password-reset links (hashed, single use, short-lived): imported people ask for a reset or are invited again',
  notification_cursor:
    'how far assignment emails have read the event outbox: starts at the newest event on the importing instance, so nothing is mailed again',
  typeorm_metadata: "TypeORM's own bookkeeping (views, generated columns), rebuilt by the migrations",
};

/** Tables in the archive (everything else the organisation has). */
export const EXPORTED: readonly string[] = [
  'unit',
  'person',
  'plan',
  'objective',
  'kpi',
  'kpi_target',
  'approval_rule',
  'change_request',
  'measurement',
  'objective_kpi',
  'objective_cause_link',
  'initiative',
  'milestone',
  'initiative_objective',
  'initiative_kpi',
  'history_entry',
  'graph_event',
  'alert',
  'meeting',
  'meeting_participant',
  'meeting_snapshot',
  'review_rhythm',
  'decision',
  'action',
  'briefing',
  'check_in',
  'collab_document',
  'collab_update',
  'api_token',
  'webhook',
  'webhook_delivery',
  'webhook_attempt',
  'security_event',
  'notification_preference',
  'notification_delivery',
  'planning_window',
  'negotiation',
  'negotiation_round',
];

/** Columns never written to the archive (they are imported as NULL / their default). */
export const SCRUBBED_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  person: ['password_hash'],
};

/**
 * Columns that look sensitive but are kept, and why. A column whose name matches
 * `SENSITIVE_COLUMN` must be here or in `SCRUBBED_COLUMNS` (the test says so).
 */
export const KEPT_SENSITIVE_COLUMNS: Readonly<Record<string, string>> = {
  'api_token.token_hash':
    'SHA-256 of a 256-bit random token: useless without the token, and partners keep working after a move',
  'webhook.secret': 'sealed (AES-256-GCM) with the instance key, which is not in the archive',
  'webhook.previous_secret': 'sealed like webhook.secret (the secret before a rotation)',
};

/**
 * Column names that suggest a credential. Ids of tokens (`source_token_id`) and instants
 * (`secret_rotated_at`, `previous_secret_valid_until`) do not match.
 */
export const SENSITIVE_COLUMN = /^(?!.*_(at|until)$).*(password|secret|hash|salt|private|credential|_key$)/;

/** Columns holding values sealed with the instance key (auth/secret-box.ts): checked, never opened. */
export const SEALED_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  webhook: ['secret', 'previous_secret'],
};

export interface ColumnInfo {
  name: string;
  /** PostgreSQL's spelling of the type (`uuid`, `timestamp with time zone`, `text[]`…). */
  type: string;
  nullable: boolean;
}

export interface TableInfo {
  name: string;
  columns: ColumnInfo[];
  primaryKey: string[];
  foreignKeys: { columns: string[]; references: string }[];
}

/** Runs one SQL statement and returns its rows (a pg client or a transaction's). */
export type Sql = (text: string, params?: unknown[]) => Promise<any[]>;

/** Every ordinary table of the current schema, with columns, primary key and foreign keys. */
export async function readCatalog(sql: Sql): Promise<Map<string, TableInfo>> {
  const tables = new Map<string, TableInfo>();
  const cols = await sql(
    `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
            NOT a.attnotnull AS nullable
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE n.nspname = current_schema() AND c.relkind = 'r'
      ORDER BY c.relname, a.attnum`,
  );
  for (const r of cols) {
    let t = tables.get(r.table);
    if (!t) tables.set(r.table, (t = { name: r.table, columns: [], primaryKey: [], foreignKeys: [] }));
    t.columns.push({ name: r.column, type: r.type, nullable: r.nullable });
  }
  const constraints = await sql(
    `SELECT con.contype AS kind, cl.relname AS table, rf.relname AS references,
            array(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(num, i)
                    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num ORDER BY k.i)::text[] AS columns
       FROM pg_constraint con
       JOIN pg_class cl ON cl.oid = con.conrelid
       JOIN pg_namespace n ON n.oid = cl.relnamespace
       LEFT JOIN pg_class rf ON rf.oid = con.confrelid
      WHERE n.nspname = current_schema() AND con.contype IN ('p', 'f')
      ORDER BY cl.relname, con.conname`,
  );
  for (const r of constraints) {
    const t = tables.get(r.table);
    if (!t) continue;
    if (r.kind === 'p') t.primaryKey = r.columns;
    else t.foreignKeys.push({ columns: r.columns, references: r.references });
  }
  return tables;
}

/** The tables of the catalog that go into an archive: all but `NOT_EXPORTED` (new ones included). */
export function exportedTables(catalog: Map<string, TableInfo>): TableInfo[] {
  return [...catalog.values()].filter((t) => !(t.name in NOT_EXPORTED));
}

/** The order to load tables in, and the foreign-key columns set only after every table is loaded. */
export interface LoadPlan {
  order: string[];
  /** Per table: columns inserted as NULL and filled in at the end (self references, cycles). */
  deferred: Map<string, string[]>;
}

/**
 * Orders tables so every referenced table comes before the tables that reference it. Self
 * references (an objective's parent) and cycles (a unit's head is a person of a unit) are broken
 * by loading a nullable foreign key afterwards; ties are broken by name, so the plan is the same
 * on the exporting and the importing side.
 */
export function planLoad(tables: TableInfo[]): LoadPlan {
  const names = new Set(tables.map((t) => t.name));
  const deferred = new Map<string, string[]>();
  const defer = (t: TableInfo, columns: string[]) => {
    for (const c of columns) {
      const col = t.columns.find((x) => x.name === c);
      if (!col?.nullable)
        throw new Error(`cannot order ${t.name}: its reference ${c} is part of a cycle and not nullable`);
    }
    deferred.set(t.name, [...new Set([...(deferred.get(t.name) ?? []), ...columns])]);
  };
  // Edges still to satisfy: table → referenced tables (only tables that are loaded).
  const edges = new Map<string, { columns: string[]; references: string }[]>();
  for (const t of tables) {
    const own: { columns: string[]; references: string }[] = [];
    for (const fk of t.foreignKeys) {
      if (!names.has(fk.references)) continue;
      if (fk.references === t.name) defer(t, fk.columns);
      else own.push(fk);
    }
    edges.set(t.name, own);
  }
  const byName = [...tables].sort((a, b) => a.name.localeCompare(b.name));
  const order: string[] = [];
  const placed = new Set<string>();
  while (order.length < tables.length) {
    const ready = byName.filter(
      (t) => !placed.has(t.name) && edges.get(t.name)!.every((fk) => placed.has(fk.references)),
    );
    if (ready.length) {
      for (const t of ready) {
        order.push(t.name);
        placed.add(t.name);
      }
      continue;
    }
    // A cycle: load one nullable reference later.
    let broke = false;
    for (const t of byName) {
      if (placed.has(t.name)) continue;
      const fks = edges.get(t.name)!;
      const i = fks.findIndex(
        (fk) =>
          !placed.has(fk.references) &&
          fk.columns.every((c) => t.columns.find((x) => x.name === c)?.nullable),
      );
      if (i >= 0) {
        defer(t, fks[i].columns);
        fks.splice(i, 1);
        broke = true;
        break;
      }
    }
    if (!broke) throw new Error('the tables reference each other through columns that cannot be empty');
  }
  return { order, deferred };
}

/** Quotes an identifier for SQL. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
