import { objectiveDocumentName } from '@throughline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabaseUrl } from '../../test/helpers/database.js';
import { buildOrg } from '../../test/helpers/factories.js';
import { eventually, startTestServer, TestServer } from '../../test/helpers/server.js';
import { collabServerOf } from './collab.extension.js';
import { openEditor, TestEditor, textOf, typeCharacters, typeParagraph } from './testing/collab-clients.js';

let one: TestServer;
let two: TestServer;
let org: Awaited<ReturnType<typeof buildOrg>>;
const editors: TestEditor[] = [];
const open = (server: TestServer, name: string, token: string) => {
  const e = openEditor(server.url, name, token);
  editors.push(e);
  return e;
};

beforeAll(async () => {
  const databaseUrl = await createTestDatabaseUrl();
  one = await startTestServer({ databaseUrl, seed: async (db) => (org = await buildOrg(db)) });
  two = await startTestServer({ databaseUrl });
});
afterAll(async () => {
  for (const e of editors) e.destroy();
  await one?.close();
  await two?.close();
});

describe('two server instances on one database', () => {
  it('clients on either instance converge on the same document', async () => {
    const name = objectiveDocumentName(org.objectives.opsObjective);
    const a = open(one, name, org.people.opsHead.token);
    const b = open(two, name, org.people.exec.token);
    await eventually(() => a.provider.isSynced && b.provider.isSynced);
    typeParagraph(a.doc, 'description', '');
    await eventually(
      () => b.doc.getXmlFragment('description').length === 1,
      5_000,
      'paragraph relayed to instance two',
    );
    for (let i = 0; i < 25; i++) {
      typeCharacters(a.doc, 'description', '1');
      typeCharacters(b.doc, 'description', '2');
    }
    await eventually(
      () =>
        a.allSynced() &&
        b.allSynced() &&
        textOf(a.doc, 'description') === textOf(b.doc, 'description') &&
        textOf(a.doc, 'description').length === 50,
      10_000,
      'convergence across instances',
    );
    expect(collabServerOf(two.server.httpServer)!.stats.relayedUpdates).toBeGreaterThan(0);
    // Both instances' in-memory documents agree too.
    const text = textOf(a.doc, 'description');
    expect(
      textOf(collabServerOf(one.server.httpServer)!.hocuspocus.documents.get(name)!, 'description'),
    ).toBe(text);
    expect(
      textOf(collabServerOf(two.server.httpServer)!.hocuspocus.documents.get(name)!, 'description'),
    ).toBe(text);
  });

  it('relays presence (cursors, names) between instances', async () => {
    const name = objectiveDocumentName(org.objectives.opsObjective);
    const a = open(one, name, org.people.opsHead.token);
    const b = open(two, name, org.people.salesHead.token);
    await eventually(() => a.provider.isSynced && b.provider.isSynced);
    a.provider.setAwarenessField('user', { name: 'Otto Ops', color: '#2563eb' });
    b.provider.setAwarenessField('user', { name: 'Sam Sales', color: '#f59e0b' });
    const names = (e: TestEditor) =>
      [...e.provider.awareness!.getStates().values()].map((s) => s.user?.name).filter(Boolean);
    await eventually(
      () => names(b).includes('Otto Ops') && names(a).includes('Sam Sales'),
      5_000,
      'presence across instances',
    );
    b.destroy();
    await eventually(() => !names(a).includes('Sam Sales'), 5_000, 'departure relayed');
  });

  it('an instance whose LISTEN connection dropped catches up from the database', async () => {
    const name = objectiveDocumentName(org.objectives.companyObjective);
    const a = open(one, name, org.people.exec.token);
    const b = open(two, name, org.people.exec.token);
    await eventually(() => a.provider.isSynced && b.provider.isSynced);
    // Cut every collaboration LISTEN connection (both instances'): notifications sent now are lost.
    await one.db.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'throughline-collab-listen' AND datname = current_database()`,
    );
    typeParagraph(a.doc, 'description', 'Sent while nobody listened');
    await eventually(() => a.allSynced());
    await eventually(
      () => textOf(b.doc, 'description') === 'Sent while nobody listened',
      10_000,
      'caught up after reconnect',
    );
  });
});
