import { objectiveDocumentName } from '@throughline/shared';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createTestDataSource } from '../../../test/helpers/database.js';
import { buildOrg } from '../../../test/helpers/factories.js';
import { eventually } from '../../../test/helpers/server.js';
import { initialiseDocument, storeUpdate } from '../document-store.js';
import { typeParagraph } from '../testing/collab-clients.js';
import { testLogger } from '../testing/hocuspocus-harness.js';
import { Compaction, CompactionOptions } from './compaction.js';

let db: DataSource;
let org: Awaited<ReturnType<typeof buildOrg>>;
const running: Compaction[] = [];

beforeAll(async () => {
  db = await createTestDataSource();
  org = await buildOrg(db);
});
afterAll(async () => {
  for (const c of running) await c.stop();
  await db?.destroy();
});

function compaction(opts: Omit<CompactionOptions, 'db' | 'logger'>) {
  const c = new Compaction({ db, logger: testLogger, ...opts });
  running.push(c);
  return c;
}

/** A stored document of a fresh objective with `lines` stored (not yet compacted) updates, as clients would have sent them. */
async function editedDocument(lines: string[]) {
  const [r] = await db.query(
    `INSERT INTO objective (plan_id, title, owner_id, unit_id, version) VALUES ($1, 't', $2, $3, 1) RETURNING id`,
    [org.plan, org.people.opsHead.id, org.units.ops],
  );
  const name = objectiveDocumentName(r.id);
  await initialiseDocument(
    db,
    { kind: 'objective', id: r.id },
    name,
    { initialAgendaText: async () => '' },
    new Date(),
  );
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (const line of lines) typeParagraph(doc, 'description', line);
  for (const update of updates)
    await storeUpdate(db, {
      documentName: name,
      update,
      actorId: null,
      clientId: null,
      instanceId: 'compaction-test',
    });
  const description = async () =>
    (await db.query(`SELECT description FROM objective WHERE id = $1`, [r.id]))[0].description as string;
  const pendingUpdates = async () =>
    (await db.query(`SELECT count(*)::int AS n FROM collab_update WHERE document_name = $1`, [name]))[0]
      .n as number;
  return { name, description, pendingUpdates };
}

describe('compaction scheduling', () => {
  it('folds a burst of requests into one run after the quiet period, writing the text back', async () => {
    const c = compaction({ debounceMs: 100, maxWaitMs: 5_000 });
    const d = await editedDocument(['One', 'Two']);
    for (let i = 0; i < 10; i++) c.schedule(d.name);
    expect(c.stats.compactions).toBe(0);
    await eventually(async () => (await d.description()) === 'One\nTwo', 5_000, 'text written back');
    await eventually(() => c.pendingDocuments === 0);
    expect(c.stats.compactions).toBe(1);
    expect(await d.pendingUpdates()).toBe(0);
  });

  it('runs at most maxWaitMs after the first request while requests keep coming', async () => {
    const c = compaction({ debounceMs: 200, maxWaitMs: 400 });
    const d = await editedDocument(['Busy']);
    // A request every 50 ms never leaves a 200 ms quiet period: only the max wait lets it run.
    c.schedule(d.name);
    const keepTyping = setInterval(() => c.schedule(d.name), 50);
    try {
      await eventually(() => c.stats.compactions > 0, 3_000, 'ran while requests kept coming');
    } finally {
      clearInterval(keepTyping);
    }
    await eventually(async () => (await d.description()) === 'Busy');
  });

  it('runs one document at a time and coalesces what arrives meanwhile into one follow-up (hocuspocus#1110)', async () => {
    let release!: () => void;
    let gate: Promise<void> | null = new Promise<void>((r) => (release = r));
    const c = compaction({
      debounceMs: 20,
      maxWaitMs: 100,
      testHooks: { beforeCompact: () => gate ?? undefined },
    });
    const d = await editedDocument(['Slow']);
    c.schedule(d.name);
    await eventually(() => c.stats.compactions === 1, 3_000, 'first run started');
    for (let i = 0; i < 20; i++) c.schedule(d.name);
    gate = null;
    release();
    await eventually(() => c.pendingDocuments === 0, 3_000, 'follow-up done');
    expect(c.stats.compactions).toBe(2);
  });

  it('retries a failed run; the stored updates wait meanwhile', async () => {
    let fails = 2;
    const c = compaction({
      debounceMs: 20,
      testHooks: {
        beforeCompact: () => {
          if (fails-- > 0) throw new Error('simulated: compaction failed');
        },
      },
    });
    const d = await editedDocument(['Eventually']);
    c.schedule(d.name);
    await eventually(async () => (await d.description()) === 'Eventually', 5_000, 'written after retries');
    expect(c.stats.compactionFailures).toBe(2);
    expect(await d.pendingUpdates()).toBe(0);
  });

  it('runs pending work on stop, and takes no requests after it (hocuspocus#738)', async () => {
    const c = compaction({ debounceMs: 60_000, maxWaitMs: 60_000 });
    const d = await editedDocument(['Before shutdown']);
    c.schedule(d.name);
    await c.stop();
    expect(await d.description()).toBe('Before shutdown');
    expect(await d.pendingUpdates()).toBe(0);
    c.schedule(d.name);
    expect(c.pendingDocuments).toBe(0);
  });
});
