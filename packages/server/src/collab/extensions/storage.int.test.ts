import { objectiveDocumentName } from '@throughline/shared';
import { Document } from '@hocuspocus/server';
import type { DataSource } from 'typeorm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { systemClock } from '../../clock.js';
import { createTestDataSource } from '../../../test/helpers/database.js';
import { buildOrg } from '../../../test/helpers/factories.js';
import { eventually } from '../../../test/helpers/server.js';
import { openEditor, TestEditor, textOf, typeParagraph } from '../testing/collab-clients.js';
import { startHocuspocus, testLogger, TestHocuspocus } from '../testing/hocuspocus-harness.js';
import { Authentication } from './authentication.js';
import { Storage } from './storage.js';

let db: DataSource;
let org: Awaited<ReturnType<typeof buildOrg>>;
let storage: Storage;
let server: TestHocuspocus;
const stored: string[] = [];
const testHooks: { beforeStoreUpdate?: () => Promise<void> | void } = {};
const editors: TestEditor[] = [];
const seeds = { initialAgendaText: async () => '' };
const count = async (sql: string, params: unknown[]) => (await db.query(sql, params))[0].n as number;

beforeAll(async () => {
  db = await createTestDataSource();
  org = await buildOrg(db);
  storage = new Storage({
    db,
    logger: testLogger,
    instanceId: 'storage-test',
    seeds,
    clock: systemClock,
    testHooks,
    onStored: (name) => stored.push(name),
  });
  server = await startHocuspocus([new Authentication({ db, logger: testLogger }), storage]);
});
afterEach(() => {
  for (const e of editors.splice(0)) e.destroy();
  testHooks.beforeStoreUpdate = undefined;
});
afterAll(async () => {
  await server?.close();
  await db?.destroy();
});

async function newObjective(description = '') {
  const [r] = await db.query(
    `INSERT INTO objective (plan_id, title, owner_id, unit_id, description, version) VALUES ($1, 't', $2, $3, $4, 1) RETURNING id`,
    [org.plan, org.people.opsHead.id, org.units.ops, description],
  );
  return r.id as string;
}

describe('loading', () => {
  it('seeds a never-stored document once from its row, then loads what is stored (hocuspocus#344)', async () => {
    const name = objectiveDocumentName(await newObjective('From the row'));
    const first = new Document(name);
    await storage.onLoadDocument({ documentName: name, document: first });
    expect(textOf(first, 'description')).toBe('From the row');
    await db.query(`UPDATE objective SET description = 'Row changed since' WHERE id = $1`, [
      name.split('/')[1],
    ]);
    const second = new Document(name);
    await storage.onLoadDocument({ documentName: name, document: second });
    expect(textOf(second, 'description')).toBe('From the row'); // the stored document wins; not seeded again
    expect(await count(`SELECT count(*)::int AS n FROM collab_document WHERE name = $1`, [name])).toBe(1);
  });

  it('asks for a compaction when a document loads with a long tail of stored updates', async () => {
    const name = objectiveDocumentName(await newObjective());
    await storage.onLoadDocument({ documentName: name, document: new Document(name) });
    const source = new Y.Doc();
    const updates: Uint8Array[] = [];
    source.on('update', (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < 51; i++) typeParagraph(source, 'description', `line ${i}`);
    for (const u of updates)
      await db.query(`INSERT INTO collab_update (document_name, update) VALUES ($1, $2)`, [
        name,
        Buffer.from(u),
      ]);
    stored.length = 0;
    const loaded = new Document(name);
    await storage.onLoadDocument({ documentName: name, document: loaded });
    expect(loaded.getXmlFragment('description').length).toBe(51);
    expect(stored).toEqual([name]);
  });
});

describe('editing', () => {
  it('stores each update before Hocuspocus applies and acknowledges it', async () => {
    const id = await newObjective();
    const name = objectiveDocumentName(id);
    const editor = openEditor(server.url, name, org.people.opsHead.token);
    editors.push(editor);
    await eventually(() => editor.provider.isSynced);
    let release!: () => void;
    let waiting = false;
    const gate = new Promise<void>((r) => (release = r));
    testHooks.beforeStoreUpdate = () => {
      waiting = true;
      return gate;
    };
    stored.length = 0;
    typeParagraph(editor.doc, 'description', 'Stored first');
    await eventually(() => waiting, 5_000, 'store started');
    // Held in the store: not applied on the server, not acknowledged to the client, not stored yet.
    expect(textOf(server.hocuspocus.documents.get(name)!, 'description')).toBe('');
    expect(editor.provider.unsyncedChanges).toBeGreaterThan(0);
    expect(await count(`SELECT count(*)::int AS n FROM collab_update WHERE document_name = $1`, [name])).toBe(
      0,
    );
    release();
    await eventually(() => editor.allSynced(), 5_000, 'acknowledged');
    expect(textOf(server.hocuspocus.documents.get(name)!, 'description')).toBe('Stored first');
    expect(
      await count(`SELECT count(*)::int AS n FROM collab_update WHERE document_name = $1 AND actor_id = $2`, [
        name,
        org.people.opsHead.id,
      ]),
    ).toBe(1);
    expect(stored).toEqual([name]);
  });

  it("stores nothing from a reader's connection", async () => {
    const name = objectiveDocumentName(org.objectives.opsObjective);
    const reader = openEditor(server.url, name, org.people.salesHead.token);
    editors.push(reader);
    await eventually(() => reader.scope() === 'readonly' && reader.provider.isSynced);
    const owner = openEditor(server.url, name, org.people.opsHead.token);
    editors.push(owner);
    await eventually(() => owner.provider.isSynced);
    typeParagraph(reader.doc, 'description', 'Sales was here');
    // The owner's edit, sent after the reader's, makes a round trip: the reader's message was handled by then.
    typeParagraph(owner.doc, 'description', 'Owner');
    await eventually(() => owner.allSynced() && textOf(reader.doc, 'description').includes('Owner'));
    expect(
      await count(`SELECT count(*)::int AS n FROM collab_update WHERE document_name = $1 AND actor_id = $2`, [
        name,
        org.people.salesHead.id,
      ]),
    ).toBe(0);
  });

  it('a failing store closes the socket; the provider resends the edit, which is stored then', async () => {
    const name = objectiveDocumentName(await newObjective());
    const editor = openEditor(server.url, name, org.people.opsHead.token);
    editors.push(editor);
    await eventually(() => editor.provider.isSynced);
    let failures = 0;
    testHooks.beforeStoreUpdate = () => {
      if (failures++ < 1) throw new Error('simulated: database write failed');
    };
    typeParagraph(editor.doc, 'description', 'Second try');
    await eventually(() => failures >= 2 && editor.allSynced(), 10_000, 'resent and acknowledged');
    expect(editor.closes.length).toBeGreaterThan(0);
    expect(await count(`SELECT count(*)::int AS n FROM collab_update WHERE document_name = $1`, [name])).toBe(
      1,
    );
  });

  it('hands an update stored after its document was unloaded to the copy loaded meanwhile (hocuspocus#995)', async () => {
    const name = objectiveDocumentName(await newObjective());
    const a = openEditor(server.url, name, org.people.opsHead.token);
    editors.push(a);
    await eventually(() => a.provider.isSynced);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    testHooks.beforeStoreUpdate = () => gate;
    typeParagraph(a.doc, 'description', 'Late');
    await eventually(() => a.provider.unsyncedChanges > 0);
    a.destroy();
    await eventually(() => !server.hocuspocus.documents.has(name), 5_000, 'unloaded');
    const b = openEditor(server.url, name, org.people.exec.token);
    editors.push(b);
    await eventually(() => b.provider.isSynced);
    release();
    await eventually(() => textOf(b.doc, 'description') === 'Late', 5_000, 'the new copy got the late store');
  });

  describe('group commit', () => {
    /** Editors of one fresh objective, each with its own paragraph (synced), returning that paragraph's text. */
    async function editorsWithParagraphs(name: string, tokens: string[]) {
      const opened = tokens.map((token) => {
        const e = openEditor(server.url, name, token);
        editors.push(e);
        return e;
      });
      await eventually(() => opened.every((e) => e.provider.isSynced));
      const texts = opened.map((e) => {
        const p = new Y.XmlElement('paragraph');
        const t = new Y.XmlText('');
        p.insert(0, [t]);
        const fragment = e.doc.getXmlFragment('description');
        fragment.insert(fragment.length, [p]);
        return t;
      });
      await eventually(
        () =>
          opened.every((e) => e.allSynced()) &&
          opened.every((e) => e.doc.getXmlFragment('description').length === opened.length),
      );
      return { opened, texts };
    }

    /** Holds the next store until `release()`; every later store passes (or runs `then`). */
    function holdFirstStore(then?: () => void) {
      let release!: () => void;
      let held = false;
      const gate = new Promise<void>((r) => (release = r));
      testHooks.beforeStoreUpdate = () => {
        if (held) return then?.();
        held = true;
        return gate;
      };
      return { release, held: () => held };
    }

    it('stores the updates waiting behind a commit in one commit, in order, and applies them all', async () => {
      const name = objectiveDocumentName(await newObjective());
      const { opened, texts } = await editorsWithParagraphs(name, [
        org.people.opsHead.token,
        org.people.exec.token,
        org.people.opsHead.token,
      ]);
      const serverDoc = server.hocuspocus.documents.get(name)!;
      // Every struct the server applies, per client, in the order it applies them.
      const applied = new Map<number, number[]>();
      serverDoc.on('update', (u: Uint8Array) => {
        for (const s of Y.decodeUpdate(u).structs) {
          const clocks = applied.get(s.id.client) ?? [];
          for (let c = s.id.clock; c < s.id.clock + s.length; c++) clocks.push(c);
          applied.set(s.id.client, clocks);
        }
      });
      const group = storage.groupCommit;
      const commitsBefore = group.stats.commits;
      const { release, held } = holdFirstStore();
      texts[0].insert(0, '0');
      await eventually(() => held(), 5_000, 'first store held');
      const words = ['abcdefgh', 'ijklmnop', 'qrstuvwx'];
      let typed = 0;
      for (let i = 0; i < 8; i++)
        texts.forEach((t, k) => {
          t.insert(t.length, words[k][i]);
          typed++;
        });
      // Nothing of these is applied or acknowledged while the first commit is in flight.
      await eventually(
        () => group.waiting === typed,
        5_000,
        'all keystrokes waiting behind the first commit',
      );
      expect(textOf(serverDoc, 'description')).not.toContain('a');
      release();
      await eventually(() => opened.every((e) => e.allSynced()), 10_000, 'all acknowledged');
      const N = typed + 1;
      // Two commits for N updates: the held one, then everything that waited behind it.
      expect(group.stats.commits - commitsBefore).toBe(2);
      expect(group.stats.largestGroup).toBeGreaterThanOrEqual(typed);
      // All N stored, each client's updates in its own order (ascending Yjs clocks by seq).
      const rows: { update: Buffer }[] = await db.query(
        `SELECT update FROM collab_update WHERE document_name = $1 ORDER BY seq`,
        [name],
      );
      const storedClocks = new Map<number, number[]>();
      let storedKeystrokes = 0;
      for (const r of rows) {
        const { structs } = Y.decodeUpdate(new Uint8Array(r.update));
        if (structs.length === 1 && structs[0].length === 1 && structs[0].constructor.name === 'Item') {
          storedKeystrokes++;
          const list = storedClocks.get(structs[0].id.client) ?? [];
          list.push(structs[0].id.clock);
          storedClocks.set(structs[0].id.client, list);
        }
      }
      expect(storedKeystrokes).toBe(N);
      for (const e of opened) {
        const clocks = storedClocks.get(e.doc.clientID)!;
        expect(clocks).toEqual([...clocks].sort((a, b) => a - b));
        // Applied on the server in the same order, with nothing left pending (no update came before its predecessor).
        const onServer = applied.get(e.doc.clientID)!;
        expect(onServer).toEqual([...onServer].sort((a, b) => a - b));
      }
      expect(serverDoc.store.pendingStructs).toBeNull();
      // Each editor's paragraph holds its keystrokes in typing order (the paragraphs' order is Yjs' choice).
      expect(textOf(serverDoc, 'description').split('\n').sort()).toEqual([
        '0abcdefgh',
        'ijklmnop',
        'qrstuvwx',
      ]);
      for (const e of opened) expect(textOf(e.doc, 'description')).toBe(textOf(serverDoc, 'description'));
    });

    it('a failing group commit fails every update in it; each editor resends, and all is stored once', async () => {
      const name = objectiveDocumentName(await newObjective());
      const { opened, texts } = await editorsWithParagraphs(name, [
        org.people.opsHead.token,
        org.people.exec.token,
      ]);
      const group = storage.groupCommit;
      const failedBefore = group.stats.failedCommits;
      let failures = 0;
      const { release, held } = holdFirstStore(() => {
        if (failures++ < 1) throw new Error('simulated: database write failed');
      });
      texts[0].insert(0, 'x');
      await eventually(() => held(), 5_000, 'first store held');
      texts[0].insert(1, 'y');
      texts[1].insert(0, 'z');
      await eventually(() => group.waiting === 2, 5_000, 'both waiting');
      const closesBefore = opened.map((e) => e.closes.length);
      release();
      await eventually(
        () => opened.every((e, i) => e.closes.length > closesBefore[i]),
        10_000,
        'both sockets of the failed group closed',
      );
      expect(group.stats.failedCommits - failedBefore).toBe(1);
      await eventually(() => opened.every((e) => e.allSynced()), 10_000, 'resent and acknowledged');
      const serverDoc = server.hocuspocus.documents.get(name)!;
      const lines = (d: Y.Doc) => textOf(d, 'description').split('\n').sort();
      await eventually(() => lines(serverDoc).join() === 'xy,z');
      const reloaded = new Document(name);
      await storage.onLoadDocument({ documentName: name, document: reloaded });
      expect(lines(reloaded)).toEqual(['xy', 'z']);
    });
  });
});
