import { objectiveDocumentName } from '@throughline/shared';
import type { Document } from '@hocuspocus/server';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { systemClock } from '../../clock.js';
import { createTestDataSource } from '../../../test/helpers/database.js';
import { buildOrg } from '../../../test/helpers/factories.js';
import { eventually } from '../../../test/helpers/server.js';
import { storeUpdate } from '../document-store.js';
import { textOf, typeParagraph } from '../testing/collab-clients.js';
import { startHocuspocus, testLogger, TestHocuspocus } from '../testing/hocuspocus-harness.js';
import { Relay } from './relay.js';
import { Storage } from './storage.js';

let db: DataSource;
let org: Awaited<ReturnType<typeof buildOrg>>;

/** One "instance": Hocuspocus with storage and relay, as the collaboration server composes them. */
async function instance(instanceId: string) {
  const databaseUrl = (db.options as { url: string }).url;
  const storage = new Storage({
    db,
    logger: testLogger,
    instanceId,
    seeds: { initialAgendaText: async () => '' },
    clock: systemClock,
    onStored: () => undefined,
  });
  let reconnects = 0;
  const relay: Relay = new Relay({
    db,
    databaseUrl,
    logger: testLogger,
    instanceId,
    reconnectMs: 50,
    catchUp: (document) => storage.catchUp(document),
    onReconnected: async () => {
      reconnects++;
      for (const document of server.hocuspocus.documents.values()) await storage.catchUp(document);
    },
  });
  const server: TestHocuspocus = await startHocuspocus([storage, relay]);
  await relay.start();
  return { server, relay, reconnects: () => reconnects };
}

let one: Awaited<ReturnType<typeof instance>>;
let two: Awaited<ReturnType<typeof instance>>;

beforeAll(async () => {
  db = await createTestDataSource();
  org = await buildOrg(db);
  one = await instance('instance-one');
  two = await instance('instance-two');
});
afterAll(async () => {
  for (const i of [one, two]) {
    await i?.relay.stop();
    await i?.server.close();
  }
  await db?.destroy();
});

/** Stores an edit as instance `instanceId`'s storage does (the NOTIFY goes out in the same statement). */
async function storeEdit(name: string, from: Document | Y.Doc, text: string, instanceId: string) {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(from));
  const before = Y.encodeStateVector(doc);
  typeParagraph(doc, 'description', text);
  const update = Y.encodeStateAsUpdate(doc, before);
  Y.applyUpdate(from, update, 'local client');
  await storeUpdate(db, { documentName: name, update, actorId: null, clientId: null, instanceId });
}

describe('relay between instances', () => {
  it("applies other instances' stored updates to the documents loaded here, and ignores its own", async () => {
    const name = objectiveDocumentName(org.objectives.opsObjective);
    const a = await one.server.load(name);
    const b = await two.server.load(name);
    const relayedAtOne = one.relay.stats.relayedUpdates;
    await storeEdit(name, a, 'Typed on one', 'instance-one');
    await eventually(() => textOf(b, 'description') === 'Typed on one', 5_000, 'relayed to two');
    expect(two.relay.stats.relayedUpdates).toBeGreaterThan(0);
    // A round trip the other way: once one has two's edit, it has handled the notice of its own edit too.
    await storeEdit(name, b, 'Typed on two', 'instance-two');
    await eventually(
      () => textOf(a, 'description') === 'Typed on one\nTyped on two',
      5_000,
      'relayed to one',
    );
    expect(one.relay.stats.relayedUpdates - relayedAtOne).toBe(1);
  });

  it('relays presence inline: arrivals and departures', async () => {
    const name = objectiveDocumentName(org.objectives.companyObjective);
    const a = await one.server.load(name);
    const b = await two.server.load(name);
    a.awareness.setLocalState({ user: { name: 'Otto Ops' } });
    await eventually(
      () => b.awareness.getStates().get(a.awareness.clientID)?.user?.name === 'Otto Ops',
      5_000,
      'presence at two',
    );
    a.awareness.setLocalState(null);
    await eventually(() => !b.awareness.getStates().has(a.awareness.clientID), 5_000, 'departure at two');
  });

  it('catches up from the database after its LISTEN connection was lost', async () => {
    const name = objectiveDocumentName(org.objectives.secretObjective);
    const b = await two.server.load(name);
    const reconnectsBefore = two.reconnects();
    await db.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'throughline-collab-listen' AND datname = current_database()`,
    );
    const elsewhere = new Y.Doc();
    Y.applyUpdate(elsewhere, Y.encodeStateAsUpdate(b));
    await storeEdit(name, elsewhere, 'Sent while nobody listened', 'instance-three');
    await eventually(
      () => two.reconnects() > reconnectsBefore && textOf(b, 'description') === 'Sent while nobody listened',
      10_000,
      'caught up',
    );
  });
});
