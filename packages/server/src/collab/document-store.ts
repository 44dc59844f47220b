import { DOCUMENT_FIELDS, DocumentKind, ParsedDocumentName } from '@throughline/shared';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import * as Y from 'yjs';
import { currentFieldTexts, SUBJECT_TABLES } from './document-subjects.js';
import { documentTexts, fillFragmentFromMarkdown } from './document-text.js';

/** NOTIFY channel relaying stored updates between server instances (payload: ids only). */
export const COLLAB_CHANNEL = 'throughline_collab';

/** Payload of a `throughline_collab` notification. */
export interface CollabNotice {
  /** Stored updates of one commit, by document name: their seqs, ascending (read them from collab_update). */
  updates?: Record<string, string[]>;
  /** Older form (one stored update per notification), still understood during a rolling deploy. */
  doc?: string;
  seq?: string;
  /** Or an awareness (presence) update of `doc`, base64, relayed inline: it is never stored. */
  awareness?: string;
  instanceId: string;
}

/** One client update to store. */
export interface UpdateToStore {
  documentName: string;
  update: Uint8Array;
  actorId: string | null;
  clientId: string | null;
}

/** NOTIFY's payload limit is 8,000 bytes (engineering notes); a group's notice is kept below this. */
export const NOTICE_BUDGET = 7_000;
/** JSON bytes one seq adds to a notice (`"9223372036854775807",`), and one document name beyond its length. */
const SEQ_BYTES = 22;
const NAME_OVERHEAD = 8;
/** A notice's bytes besides its documents and seqs (`{"instanceId":"…","updates":{}}`). */
export function noticeBaseBytes(instanceId: string): number {
  return 32 + Buffer.byteLength(instanceId);
}
/** What adding one update of `documentName` to a group adds to its notice, at most. */
export function noticeBytesOf(documentName: string, newDocument: boolean): number {
  return SEQ_BYTES + (newDocument ? Buffer.byteLength(JSON.stringify(documentName)) + NAME_OVERHEAD : 0);
}

/**
 * Stores a group of updates and notifies the other instances, in ONE statement: one multi-row
 * INSERT (arrays through `unnest`, in the given order, so one document's updates get ascending
 * seqs), one NOTIFY, one implicit transaction (NOTIFY is delivered at commit, so nobody reads a
 * seq before it exists). The payload holds document names and seqs only; callers keep it under
 * NOTICE_BUDGET (see GroupCommit). Returns the seqs, ascending.
 */
export async function storeUpdates(
  db: DataSource,
  updates: UpdateToStore[],
  instanceId: string,
): Promise<string[]> {
  if (!updates.length) return [];
  const [row] = await db.query(
    `WITH ins AS (
       INSERT INTO collab_update (document_name, update, actor_id, client_id)
       SELECT d, u, a, c FROM unnest($1::varchar[], $2::bytea[], $3::uuid[], $4::varchar[]) WITH ORDINALITY AS t(d, u, a, c, o)
       ORDER BY o
       RETURNING seq, document_name
     ), docs AS (
       SELECT document_name, json_agg(seq::text ORDER BY seq) AS seqs FROM ins GROUP BY document_name
     )
     SELECT pg_notify($5, json_build_object('instanceId', $6::text, 'updates', json_object_agg(document_name, seqs))::text),
            (SELECT array_agg(seq::text ORDER BY seq) FROM ins) AS seqs
     FROM docs`,
    [
      updates.map((u) => u.documentName),
      updates.map((u) => Buffer.from(u.update)),
      updates.map((u) => u.actorId),
      updates.map((u) => u.clientId),
      COLLAB_CHANNEL,
      instanceId,
    ],
  );
  return row.seqs as string[];
}

/** Stores one update and notifies the other instances (a group of one; see storeUpdates). */
export async function storeUpdate(
  db: DataSource,
  u: UpdateToStore & { instanceId: string },
): Promise<string> {
  const [seq] = await storeUpdates(db, [u], u.instanceId);
  return seq;
}

/** Reads one stored update by seq (null once it has been folded into the snapshot). */
export async function readUpdate(db: DataSource, seq: string): Promise<Uint8Array | null> {
  const [row] = await db.query(`SELECT update FROM collab_update WHERE seq = $1`, [seq]);
  return row ? new Uint8Array(row.update) : null;
}

/** Reads stored updates by seq, ascending, with their document (those folded into a snapshot are missing). */
export async function readUpdates(
  db: DataSource,
  seqs: string[],
): Promise<{ seq: string; documentName: string; update: Uint8Array }[]> {
  const rows: { seq: string; document_name: string; update: Buffer }[] = await db.query(
    `SELECT u.seq::text AS seq, u.document_name, u.update FROM collab_update u WHERE u.seq = ANY($1::bigint[]) ORDER BY u.seq`,
    [seqs],
  );
  return rows.map((r) => ({ seq: r.seq, documentName: r.document_name, update: new Uint8Array(r.update) }));
}

/** A document as stored: the compacted snapshot and the updates not folded into it yet. */
export interface StoredDocument {
  snapshot: Uint8Array | null;
  updates: Uint8Array[];
  maxSeq: string | null;
}

/**
 * Reads snapshot + remaining updates in one REPEATABLE READ transaction, so a compaction
 * committing meanwhile (which moves updates into the snapshot) is seen entirely or not at all.
 */
export async function readStoredDocument(db: DataSource, name: string): Promise<StoredDocument> {
  const qr = db.createQueryRunner();
  await qr.connect();
  try {
    await qr.startTransaction('REPEATABLE READ');
    const [doc] = await qr.query(`SELECT state FROM collab_document WHERE name = $1`, [name]);
    const rows: { seq: string; update: Buffer }[] = await qr.query(
      `SELECT seq, update FROM collab_update WHERE document_name = $1 ORDER BY seq`,
      [name],
    );
    await qr.commitTransaction();
    return {
      snapshot: doc ? new Uint8Array(doc.state) : null,
      updates: rows.map((r) => new Uint8Array(r.update)),
      maxSeq: rows.length ? String(rows[rows.length - 1].seq) : null,
    };
  } catch (e) {
    if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
    throw e;
  } finally {
    await qr.release();
  }
}

/**
 * Applies snapshot + updates to a document, in one transaction (one update event, one
 * broadcast). Updates are applied one by one: measured on 10,000 keystroke updates,
 * `Y.mergeUpdates` first was about ten times slower than this (see the load test). A damaged
 * update is skipped and logged rather than making the whole document unloadable.
 */
export function applyStoredDocument(
  doc: Y.Doc,
  stored: StoredDocument,
  origin: unknown,
  logger?: Logger,
): void {
  Y.transact(
    doc,
    () => {
      if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot, origin);
      for (const u of stored.updates) {
        try {
          Y.applyUpdate(doc, u, origin);
        } catch (e) {
          logger?.error({ err: e, doc: (doc as { name?: string }).name }, 'skipping a damaged stored update');
        }
      }
    },
    origin,
  );
}

/**
 * First text of new documents that their row does not hold, from the modules that own it. The
 * server host hands it to the collaboration server, so collaboration imports no domain module.
 */
export interface DocumentSeeds {
  /** The initial agenda (Markdown) of meeting `meetingId`: the meetings module's `initialAgendaText`. */
  initialAgendaText(db: DataSource, meetingId: string, now: Date): Promise<string>;
}

/**
 * Gives a document its seed content once, when it has never been stored (hocuspocus#344:
 * seeding on every load duplicates content after a restart). Runs in a transaction holding an
 * advisory lock on the name, so two instances opening a new document at once seed it once.
 * A plan's narrative and an objective's or initiative's description start from the text their
 * row holds; so does a meeting's, whose agenda is drafted from live data when it has none yet.
 * Returns true when it seeded.
 */
export async function initialiseDocument(
  db: DataSource,
  parsed: ParsedDocumentName,
  name: string,
  seeds: DocumentSeeds,
  now: Date,
): Promise<boolean> {
  const stored = async (q: Pick<EntityManager, 'query'>) =>
    (
      await q.query(
        `SELECT (EXISTS (SELECT 1 FROM collab_document WHERE name = $1) OR EXISTS (SELECT 1 FROM collab_update WHERE document_name = $1)) AS x`,
        [name],
      )
    )[0].x as boolean;
  if (await stored(db)) return false;
  // The seed content is built before the lock is taken: drafting a meeting's agenda reads through
  // the pool, and doing that while holding a pooled connection and the lock could exhaust the pool
  // when many first opens wait on the same lock (seen by the authorization matrix).
  const doc = new Y.Doc();
  try {
    await seedContent(db, parsed, doc, seeds, now);
    const fields = DOCUMENT_FIELDS[parsed.kind];
    const state = Buffer.from(Y.encodeStateAsUpdate(doc));
    const vector = Buffer.from(Y.encodeStateVector(doc));
    const texts = JSON.stringify(documentTexts(doc, fields));
    return await db.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('collab:' || $1))`, [name]);
      if (await stored(m)) return false;
      await m.query(
        `INSERT INTO collab_document (name, state, state_vector, text, version) VALUES ($1, $2, $3, $4, 1)`,
        [name, state, vector, texts],
      );
      return true;
    });
  } finally {
    doc.destroy();
  }
}

async function seedContent(
  db: DataSource,
  parsed: ParsedDocumentName,
  doc: Y.Doc,
  seeds: DocumentSeeds,
  now: Date,
): Promise<void> {
  // Text the row already holds wins (a plan's narrative, a meeting whose agenda or minutes were
  // written before its document existed: imported, seeded, or closed with minutes passed in).
  const texts = await currentFieldTexts(db, parsed.kind, parsed.id);
  if (parsed.kind === 'meeting' && !texts.agenda?.trim())
    texts.agenda = await seeds.initialAgendaText(db, parsed.id, now);
  for (const field of DOCUMENT_FIELDS[parsed.kind])
    if (texts[field]?.trim()) fillFragmentFromMarkdown(doc.getXmlFragment(field), texts[field]);
}

/** What one compaction did. */
export interface CompactionResult {
  folded: number;
  /** Fields whose plain text changed (and was written to the owning row). */
  changedFields: string[];
}

/**
 * Folds the stored updates of a document into its snapshot and writes the plain text of each
 * field to the owning row (`plan.narrative_text`, `meeting.minutes_text`…), in one transaction
 * with the snapshot row locked. Deletes exactly the updates it folded (by seq, never `seq <= max`:
 * another instance may commit a lower seq after we read). Skips writing what did not change.
 * The owning row's version is not bumped: typing is not a structural edit and must not make
 * someone's GraphQL mutation conflict; nor does it create history entries.
 */
export async function compactDocument(
  db: DataSource,
  name: string,
  kind: DocumentKind,
  id: string,
): Promise<CompactionResult> {
  return db.transaction(async (m) => {
    const [row] = await m.query(`SELECT state, text FROM collab_document WHERE name = $1 FOR UPDATE`, [name]);
    if (!row) return { folded: 0, changedFields: [] };
    const rows: { seq: string; update: Buffer }[] = await m.query(
      `SELECT seq, update FROM collab_update WHERE document_name = $1 ORDER BY seq`,
      [name],
    );
    if (!rows.length) return { folded: 0, changedFields: [] };
    const doc = new Y.Doc();
    applyStoredDocument(
      doc,
      {
        snapshot: new Uint8Array(row.state),
        updates: rows.map((r) => new Uint8Array(r.update)),
        maxSeq: null,
      },
      'compaction',
    );
    const fields = DOCUMENT_FIELDS[kind];
    const texts = documentTexts(doc, fields);
    const state = Buffer.from(Y.encodeStateAsUpdate(doc));
    if (!state.equals(row.state)) {
      await m.query(
        `UPDATE collab_document SET state = $2, state_vector = $3, text = $4, version = version + 1, updated_at = now() WHERE name = $1`,
        [name, state, Buffer.from(Y.encodeStateVector(doc)), JSON.stringify(texts)],
      );
    }
    doc.destroy();
    await m.query(`DELETE FROM collab_update WHERE seq = ANY($1::bigint[])`, [rows.map((r) => r.seq)]);
    const previous = (row.text ?? {}) as Record<string, string>;
    const changedFields = fields.filter((f) => previous[f] !== texts[f]);
    const { table, textColumns } = SUBJECT_TABLES[kind];
    for (const f of fields) {
      // Compare with the row too, not only the last snapshot text: the row may have been seeded or edited elsewhere.
      await m.query(
        `UPDATE ${table} SET ${textColumns[f]} = $2 WHERE id = $1 AND ${textColumns[f]} IS DISTINCT FROM $2`,
        [id, texts[f]],
      );
    }
    return { folded: rows.length, changedFields };
  });
}
