import pg from 'pg';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createDataSource } from '../db/data-source.js';
import { createTestDatabaseUrl } from '../../test/helpers/database.js';
import { eventually } from '../../test/helpers/server.js';
import { COLLAB_CHANNEL, CollabNotice, storeUpdates, UpdateToStore } from './document-store.js';
import { GroupCommit } from './group-commit.js';

let databaseUrl: string;
let db: DataSource;
let listener: pg.Client;
const notices: string[] = [];

beforeAll(async () => {
  databaseUrl = await createTestDatabaseUrl();
  db = createDataSource(databaseUrl, { poolSize: 3 });
  await db.initialize();
  listener = new pg.Client({ connectionString: databaseUrl });
  await listener.connect();
  listener.on('notification', (n) => notices.push(n.payload ?? ''));
  await listener.query(`LISTEN ${COLLAB_CHANNEL}`);
});
afterAll(async () => {
  await listener?.end();
  await db?.destroy();
});

/** A one-keystroke Yjs update. */
function keystroke(): Uint8Array {
  const doc = new Y.Doc();
  let update!: Uint8Array;
  doc.on('update', (u: Uint8Array) => (update = u));
  doc.getText('t').insert(0, 'k');
  return update;
}

describe('group commit against PostgreSQL', () => {
  it("splits a burst over many documents into groups whose NOTIFY stays under 8,000 bytes; every update is stored and announced once, in each document's order", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let first = true;
    const groups: number[] = [];
    const group = new GroupCommit(async (updates) => {
      if (first) {
        first = false;
        await gate;
      }
      groups.push(updates.length);
      await storeUpdates(db, updates, 'group-commit-test');
    }, 'group-commit-test');
    // 120 documents with 200-character names (the column's limit), 5 updates each, interleaved.
    const names = Array.from(
      { length: 120 },
      (_, i) => `objective/${String(i).padStart(3, '0')}-${'x'.repeat(186)}`,
    );
    const updates: UpdateToStore[] = [];
    for (let round = 0; round < 5; round++)
      for (const documentName of names)
        updates.push({ documentName, update: keystroke(), actorId: null, clientId: `c${round}` });
    const held = group.store(updates[0]);
    await eventually(() => !first);
    const rest = updates.slice(1).map((u) => group.store(u));
    expect(group.waiting).toBe(updates.length - 1);
    release();
    await Promise.all([held, ...rest]);
    expect(group.stats.failedCommits).toBe(0);
    expect(groups.length).toBeGreaterThan(2); // the notice budget split the burst
    expect(groups.reduce((a, b) => a + b, 0)).toBe(updates.length);
    await eventually(() => notices.length === groups.length);
    const announced = new Map<string, string[]>();
    for (const n of notices) {
      expect(Buffer.byteLength(n)).toBeLessThan(8_000);
      const notice = JSON.parse(n) as CollabNotice;
      for (const [doc, seqs] of Object.entries(notice.updates!))
        announced.set(doc, [...(announced.get(doc) ?? []), ...seqs]);
    }
    const rows: { document_name: string; seq: string; client_id: string }[] = await db.query(
      `SELECT u.document_name, u.seq::text AS seq, u.client_id FROM collab_update u WHERE u.document_name = ANY($1) ORDER BY u.seq`,
      [names],
    );
    expect(rows).toHaveLength(updates.length);
    for (const name of names) {
      const mine = rows.filter((r) => r.document_name === name);
      expect(mine.map((r) => r.client_id)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']); // arrival order = seq order
      expect(announced.get(name)).toEqual(mine.map((r) => r.seq));
    }
  });

  it('fails every update of a failing group with its error, and carries on with the next group', async () => {
    let calls = 0;
    const group = new GroupCommit(async (updates) => {
      if (++calls === 2) throw new Error('simulated: commit failed');
      await storeUpdates(db, updates, 'group-commit-test');
    }, 'group-commit-test');
    const u = (i: number): UpdateToStore => ({
      documentName: 'objective/failing-group',
      update: keystroke(),
      actorId: null,
      clientId: `f${i}`,
    });
    // Updates stored in the same turn of the event loop share a commit.
    const first = await Promise.allSettled([0, 1, 2].map((i) => group.store(u(i))));
    expect(first.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    const second = await Promise.allSettled([3, 4, 5].map((i) => group.store(u(i))));
    expect(second.map((r) => (r.status === 'rejected' ? String(r.reason) : r.status))).toEqual(
      Array(3).fill('Error: simulated: commit failed'),
    );
    await group.store(u(6));
    expect(group.stats).toMatchObject({ commits: 2, failedCommits: 1, updates: 4 });
    const rows: { client_id: string }[] = await db.query(
      `SELECT client_id FROM collab_update WHERE document_name = 'objective/failing-group' ORDER BY seq`,
    );
    expect(rows.map((r) => r.client_id)).toEqual(['f0', 'f1', 'f2', 'f6']);
  });
});
