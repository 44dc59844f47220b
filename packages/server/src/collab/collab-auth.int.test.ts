import { CollabCloseCode, objectiveDocumentName, planDocumentName } from '@throughline/shared';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { publishGraphEvent } from '../modules/events/graph-events.js';
import { buildOrg, buildPerson, FACTORY_PASSWORD } from '../../test/helpers/factories.js';
import { eventually, startTestServer, TestServer } from '../../test/helpers/server.js';
import { hashToken, newToken, PARTNER_TOKEN_PREFIX } from '../auth/tokens.js';
import { collabServerOf } from './collab.extension.js';
import { applyStoredDocument, readStoredDocument } from './document-store.js';
import { openEditor, TestEditor, textOf, typeParagraph } from './testing/collab-clients.js';

let t: TestServer;
let org: Awaited<ReturnType<typeof buildOrg>>;
const editors: TestEditor[] = [];
const open = (name: string, token: string | null, doc?: Y.Doc) => {
  const e = openEditor(t.url, name, token, { doc });
  editors.push(e);
  return e;
};

beforeAll(async () => {
  t = await startTestServer({ seed: async (db) => (org = await buildOrg(db)) });
});
afterAll(async () => {
  for (const e of editors) e.destroy();
  await t?.close();
});

describe('who may open a document', () => {
  it('refuses unknown names, missing tokens and invisible subjects, with the shared close codes', async () => {
    const bogus = open('notes/123', org.people.exec.token);
    const anonymous = open(planDocumentName(org.plan), null);
    const badToken = open(planDocumentName(org.plan), 'tl_s_nope');
    const outsider = open(objectiveDocumentName(org.objectives.secretObjective), org.people.salesHead.token);
    const missing = open(
      objectiveDocumentName('00000000-0000-4000-8000-000000000000'),
      org.people.exec.token,
    );
    await eventually(
      () =>
        bogus.refused() &&
        anonymous.refused() &&
        badToken.refused() &&
        outsider.refused() &&
        missing.refused(),
      5_000,
      'refusals',
    );
    expect(bogus.refused()).toBe(`${CollabCloseCode.FORBIDDEN} unknown-document`);
    expect(anonymous.refused()).toBe(`${CollabCloseCode.UNAUTHORIZED} unauthorized`);
    expect(badToken.refused()).toBe(`${CollabCloseCode.UNAUTHORIZED} unauthorized`);
    // Invisible and missing get the same answer: ids leak nothing.
    expect(outsider.refused()).toBe(`${CollabCloseCode.FORBIDDEN} forbidden`);
    expect(missing.refused()).toBe(`${CollabCloseCode.FORBIDDEN} forbidden`);
    expect(outsider.doc.getXmlFragment('description').length).toBe(0);
  });

  it('gives editors a writable connection and readers a read-only one', async () => {
    const owner = open(objectiveDocumentName(org.objectives.opsObjective), org.people.opsHead.token);
    const reader = open(objectiveDocumentName(org.objectives.opsObjective), org.people.salesHead.token);
    const insider = open(objectiveDocumentName(org.objectives.secretObjective), org.people.insider.token);
    await eventually(() => owner.scope() && reader.scope() && insider.scope());
    expect(owner.scope()).toBe('read-write');
    expect(reader.scope()).toBe('readonly');
    expect(insider.scope()).toBe('read-write');
  });

  it('gives partner tokens read-only access, whatever their scopes', async () => {
    const token = newToken(PARTNER_TOKEN_PREFIX);
    await t.db.query(
      `INSERT INTO api_token (name, owner_id, token_hash, scopes) VALUES ('feed', $1, $2, $3)`,
      [org.people.exec.id, hashToken(token), ['read', 'write:measurements']],
    );
    const partner = open(planDocumentName(org.plan), token);
    await eventually(() => partner.scope());
    expect(partner.scope()).toBe('readonly');
  });
});

describe('read-only connections', () => {
  it('drops edits sent over a read-only connection, even forced ones, and still relays its cursor', async () => {
    const name = objectiveDocumentName(org.objectives.opsObjective);
    const owner = open(name, org.people.opsHead.token);
    await eventually(() => owner.allSynced());
    typeParagraph(owner.doc, 'description', 'Ship on time');
    await eventually(() => owner.allSynced());
    const reader = open(name, org.people.salesHead.token);
    await eventually(
      () => reader.scope() === 'readonly' && textOf(reader.doc, 'description') === 'Ship on time',
    );

    // 1. The reader's provider sends its edit as any client would.
    typeParagraph(reader.doc, 'description', 'Sales was here');
    // 2. And a hand-made update, sent straight down the socket as a sync step 2.
    const rogue = new Y.Doc();
    typeParagraph(rogue, 'description', 'Forged');
    const enc = encoding.createEncoder();
    encoding.writeVarString(enc, name);
    encoding.writeVarUint(enc, 0); // Sync
    encoding.writeVarUint(enc, 1); // step 2
    encoding.writeVarUint8Array(enc, Y.encodeStateAsUpdate(rogue));
    reader.socket.send(encoding.toUint8Array(enc));

    // The reader's cursor still reaches the owner (awareness passes on read-only connections).
    reader.provider.setAwarenessField('user', { name: 'Sam Sales', color: '#f59e0b' });
    await eventually(
      () => [...owner.provider.awareness!.getStates().values()].some((s) => s.user?.name === 'Sam Sales'),
      5_000,
      'reader cursor at the owner',
    );

    // A round trip through the server after those messages: the owner's next edit arrives everywhere.
    typeParagraph(owner.doc, 'description', 'Checked');
    await eventually(() => textOf(reader.doc, 'description').includes('Checked'));
    await eventually(() => owner.allSynced());
    const server = collabServerOf(t.server.httpServer)!;
    const live = server.hocuspocus.documents.get(name)!;
    expect(textOf(live, 'description')).toBe('Ship on time\nChecked');
    expect(textOf(owner.doc, 'description')).toBe('Ship on time\nChecked');
    expect(reader.provider.unsyncedChanges).toBeGreaterThan(0); // never acknowledged
    const storedAfter = (
      await t.db.query(
        `SELECT count(*)::int AS n FROM collab_update WHERE document_name = $1 AND actor_id = $2`,
        [name, org.people.salesHead.id],
      )
    )[0].n;
    expect(storedAfter).toBe(0);
    // What is stored (snapshot + updates, as a restart would load it) holds the owner's edits only.
    const stored = new Y.Doc();
    applyStoredDocument(stored, await readStoredDocument(t.db, name), 'test');
    expect(textOf(stored, 'description')).toBe('Ship on time\nChecked');
  });
});

describe('rights re-checked when the graph changes', () => {
  it('closes with RIGHTS_CHANGED when a head loses their unit, and the reconnect is read-only', async () => {
    const db = t.db;
    // A second head-like person for Operations, so the test does not disturb the others.
    const deputy = await buildPerson(db, { unitId: org.units.ops, name: 'Dora Deputy' });
    await db.query(`UPDATE unit SET head_id = $2 WHERE id = $1`, [org.units.qc, deputy.id]);
    const objective = (
      await db.query(
        `INSERT INTO objective (plan_id, title, owner_id, unit_id, version) VALUES ($1, 'QC first pass yield', $2, $3, 1) RETURNING id`,
        [org.plan, org.people.member.id, org.units.qc],
      )
    )[0].id;
    const doc = objectiveDocumentName(objective);
    const editor = open(doc, deputy.token);
    await eventually(() => editor.scope() === 'read-write');
    await db.transaction(async (m) => {
      await m.query(`UPDATE unit SET head_id = NULL WHERE id = $1`, [org.units.qc]);
      await publishGraphEvent(m, { topic: 'unitChanged', subjectId: org.units.qc, unitId: org.units.qc });
    });
    await eventually(
      () =>
        editor.closes.some(
          (c) =>
            c.reason?.startsWith(String(CollabCloseCode.RIGHTS_CHANGED)) ||
            c.code === CollabCloseCode.RIGHTS_CHANGED,
        ),
      5_000,
      'RIGHTS_CHANGED close',
    );
    await eventually(() => editor.scope() === 'readonly', 5_000, 'read-only after reconnect');
    // The reconnect is read-only on the server too: the deputy's edit is dropped. A writer's edit
    // sent after it makes a round trip, so the server has handled the deputy's message by then.
    typeParagraph(editor.doc, 'description', 'Deputy was here');
    const writer = open(doc, org.people.exec.token);
    await eventually(() => writer.scope() === 'read-write');
    typeParagraph(writer.doc, 'description', 'Reviewed');
    await eventually(
      () => textOf(editor.doc, 'description').includes('Reviewed'),
      5_000,
      'writer edit at the deputy',
    );
    await eventually(() => writer.allSynced());
    const live = collabServerOf(t.server.httpServer)!.hocuspocus.documents.get(doc)!;
    expect(textOf(live, 'description')).toBe('Reviewed');
    expect(textOf(writer.doc, 'description')).toBe('Reviewed');
  });

  it('signing out closes that session’s co-editing connections at once, and refuses the reconnect', async () => {
    const session = await t.login(org.people.opsHead.email, FACTORY_PASSWORD);
    const editor = open(objectiveDocumentName(org.objectives.opsObjective), session);
    await eventually(() => editor.scope() === 'read-write', 5_000, 'editor connected');
    expect((await t.gql(`mutation { logout }`, {}, session)).data.logout).toBe(true);
    // No other graph event: the sign-out itself reaches the connection.
    await eventually(() => editor.closes.length > 0, 3_000, 'the signed-out editor closed');
    await eventually(() => editor.refused() !== undefined, 5_000, 'the reconnect refused');
    expect(editor.refused()).toBe(`${CollabCloseCode.UNAUTHORIZED} unauthorized`);
  });

  it('closes a reader who can no longer see the subject, and refuses the reconnect', async () => {
    const db = t.db;
    const name = objectiveDocumentName(org.objectives.opsObjective);
    const reader = open(name, org.people.salesHead.token);
    await eventually(() => reader.scope() === 'readonly');
    await db.transaction(async (m) => {
      await m.query(`UPDATE unit SET visibility = 'RESTRICTED' WHERE id = $1`, [org.units.ops]);
      await publishGraphEvent(m, { topic: 'unitChanged', subjectId: org.units.ops, unitId: org.units.ops });
    });
    await eventually(
      () => reader.refused() === `${CollabCloseCode.FORBIDDEN} forbidden`,
      5_000,
      'refused after the unit was restricted',
    );
    await db.query(`UPDATE unit SET visibility = 'ORGANIZATION' WHERE id = $1`, [org.units.ops]);
  });
});
