import { CollabCloseCode, objectiveDocumentName, planDocumentName } from '@throughline/shared';
import type { Connection } from '@hocuspocus/server';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createTestDataSource } from '../../../test/helpers/database.js';
import { buildOrg } from '../../../test/helpers/factories.js';
import { eventually } from '../../../test/helpers/server.js';
import { SESSION_COOKIE } from '../../auth/session-cookie.js';
import { hashToken, newToken, PARTNER_TOKEN_PREFIX } from '../../auth/tokens.js';
import { openEditor, TestEditor, typeParagraph } from '../testing/collab-clients.js';
import { startHocuspocus, testLogger, TestHocuspocus } from '../testing/hocuspocus-harness.js';
import { Authentication } from './authentication.js';
import { CollabConnectionState, connectionStateOf } from './connection-state.js';

let db: DataSource;
let org: Awaited<ReturnType<typeof buildOrg>>;
let auth: Authentication;

beforeAll(async () => {
  db = await createTestDataSource();
  org = await buildOrg(db);
  auth = new Authentication({ db, logger: testLogger });
});
afterAll(async () => {
  await db?.destroy();
});

/** Runs onAuthenticate as Hocuspocus does; answers the connection's read-only flag and state, or the refusal. */
async function authenticate(documentName: string, token: string, cookie?: string) {
  const connectionConfig = { readOnly: false, isAuthenticated: false };
  try {
    const context = await auth.onAuthenticate({
      token,
      documentName,
      connectionConfig,
      requestHeaders: cookie ? { cookie } : {},
    });
    return { readOnly: connectionConfig.readOnly, state: context.collab };
  } catch (e) {
    return { refused: (e as { reason: string }).reason };
  }
}

describe('onAuthenticate', () => {
  it("authenticates a browser by the upgrade request's session cookie when the provider sends no token", async () => {
    const name = objectiveDocumentName(org.objectives.opsObjective);
    const cookie = `other=1; ${SESSION_COOKIE}=${org.people.opsHead.token}`;
    const byCookie = await authenticate(name, '', cookie);
    expect(byCookie.readOnly).toBe(false);
    expect(byCookie.state!.viewer.personId).toBe(org.people.opsHead.id);
    expect(await authenticate(name, '', `${SESSION_COOKIE}=tls_forged`)).toEqual({
      refused: `${CollabCloseCode.UNAUTHORIZED} unauthorized`,
    });
  });

  it('refuses unknown names, missing or bad tokens, and invisible or missing subjects alike', async () => {
    expect(await authenticate('notes/123', org.people.exec.token)).toEqual({
      refused: `${CollabCloseCode.FORBIDDEN} unknown-document`,
    });
    expect(await authenticate(planDocumentName(org.plan), '')).toEqual({
      refused: `${CollabCloseCode.UNAUTHORIZED} unauthorized`,
    });
    expect(await authenticate(planDocumentName(org.plan), 'tl_s_nope')).toEqual({
      refused: `${CollabCloseCode.UNAUTHORIZED} unauthorized`,
    });
    const invisible = await authenticate(
      objectiveDocumentName(org.objectives.secretObjective),
      org.people.salesHead.token,
    );
    const missing = await authenticate(
      objectiveDocumentName('00000000-0000-4000-8000-000000000000'),
      org.people.exec.token,
    );
    expect(invisible).toEqual({ refused: `${CollabCloseCode.FORBIDDEN} forbidden` });
    expect(missing).toEqual(invisible);
  });

  it('makes editors writable and readers (and partner tokens) read-only, and keeps the state for later checks', async () => {
    const name = objectiveDocumentName(org.objectives.opsObjective);
    const owner = await authenticate(name, org.people.opsHead.token);
    expect(owner.readOnly).toBe(false);
    expect(owner.state).toMatchObject({
      // A session is re-checked by its id (a rotated token keeps the connection).
      token: expect.stringMatching(/^sid:[0-9a-f-]{36}$/),
      kind: 'objective',
      id: org.objectives.opsObjective,
      access: 'write',
    });
    expect(owner.state!.viewer.personId).toBe(org.people.opsHead.id);
    const reader = await authenticate(name, org.people.salesHead.token);
    expect(reader.readOnly).toBe(true);
    expect(reader.state!.access).toBe('read');

    const partnerToken = newToken(PARTNER_TOKEN_PREFIX);
    await db.query(`INSERT INTO api_token (name, owner_id, token_hash, scopes) VALUES ('feed', $1, $2, $3)`, [
      org.people.exec.id,
      hashToken(partnerToken),
      ['read', 'write:measurements'],
    ]);
    expect((await authenticate(planDocumentName(org.plan), partnerToken)).readOnly).toBe(true);
  });
});

describe('beforeHandleMessage', () => {
  it('flags a connection read-only unless our own record says it may write, whatever its flag says', async () => {
    const name = objectiveDocumentName(org.objectives.opsObjective);
    const writer = (await authenticate(name, org.people.opsHead.token)).state!;
    const connection = (state: CollabConnectionState | undefined) =>
      ({ context: { collab: state }, readOnly: false }) as unknown as Connection;
    const writable = connection(writer);
    await auth.beforeHandleMessage({ connection: writable });
    expect(writable.readOnly).toBe(false);
    const demoted = connection({ ...writer, access: 'read' });
    await auth.beforeHandleMessage({ connection: demoted });
    expect(demoted.readOnly).toBe(true);
    const unknown = connection(undefined);
    await auth.beforeHandleMessage({ connection: unknown });
    expect(unknown.readOnly).toBe(true);
  });
});

describe('through Hocuspocus, with real providers', () => {
  let server: TestHocuspocus;
  const editors: TestEditor[] = [];
  beforeAll(async () => {
    server = await startHocuspocus([auth]);
  });
  afterAll(async () => {
    for (const e of editors) e.destroy();
    await server?.close();
  });
  const open = (name: string, token: string) => {
    const e = openEditor(server.url, name, token);
    editors.push(e);
    return e;
  };

  it("drops a reader's edits: the document on the server never changes", async () => {
    const name = objectiveDocumentName(org.objectives.companyObjective);
    const owner = open(name, org.people.exec.token);
    const reader = open(name, org.people.salesHead.token);
    await eventually(
      () => owner.provider.isSynced && reader.scope() === 'readonly' && reader.provider.isSynced,
    );
    typeParagraph(reader.doc, 'description', 'Sales was here');
    typeParagraph(owner.doc, 'description', 'Owner');
    await eventually(() => owner.allSynced() && reader.doc.getXmlFragment('description').length === 2);
    expect(server.hocuspocus.documents.get(name)!.getXmlFragment('description').length).toBe(1);
    expect(reader.provider.unsyncedChanges).toBeGreaterThan(0);
  });

  it("passes a reader's presence: who is on the plan and what they are editing reaches the others", async () => {
    const name = planDocumentName(org.plan);
    const owner = open(name, org.people.exec.token);
    const reader = open(name, org.people.member.token);
    await eventually(
      () => owner.provider.isSynced && reader.scope() === 'readonly' && reader.provider.isSynced,
    );
    reader.provider.setAwarenessField('user', { name: 'Mia Member', color: '#123456' });
    reader.provider.setAwarenessField('editing', 'KPI “On-time delivery”');
    await eventually(() =>
      [...owner.provider.awareness!.getStates().values()].some(
        (st) => (st as { editing?: string }).editing === 'KPI “On-time delivery”',
      ),
    );
  });

  it('closes every connection of a document when an update from a read-only connection got applied anyway', async () => {
    const name = objectiveDocumentName(org.objectives.opsObjective);
    const owner = open(name, org.people.opsHead.token);
    const reader = open(name, org.people.salesHead.token);
    await eventually(
      () => owner.provider.isSynced && reader.scope() === 'readonly' && reader.provider.isSynced,
    );
    const document = server.hocuspocus.documents.get(name)!;
    const readerConnection = document
      .getConnections()
      .find((c: Connection) => connectionStateOf(c)?.access === 'read')!;
    // Bypass the flag: apply an update as if Hocuspocus had taken it from the reader's connection.
    const rogue = new Y.Doc();
    typeParagraph(rogue, 'description', 'Forged');
    Y.applyUpdate(document, Y.encodeStateAsUpdate(rogue), readerConnection);
    await eventually(
      () => [owner, reader].every((e) => e.closes.some((c) => c.code === 1011)),
      5_000,
      'both closed with 1011',
    );
  });
});
