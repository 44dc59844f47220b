import { CollabCloseCode } from '@throughline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { buildOrg } from '../../test/helpers/factories.js';
import { eventually, startTestServer, TestServer } from '../../test/helpers/server.js';
import { collabServerOf } from './collab.extension.js';
import { applyStoredDocument, readStoredDocument } from './document-store.js';
import { buildMeeting, openEditor, TestEditor, textOf, typeParagraph } from './testing/collab-clients.js';
import {
  authMessage,
  MALFORMED_KINDS,
  malformedMessage,
  seededRandom,
  updateMessage,
  updateUnderClientId,
} from './testing/hostile-messages.js';
import { openWebSocket } from './testing/test-sockets.js';
import * as Y from 'yjs';

/**
 * Hostile co-editing input (issue 16, item 8) on the real server: malformed messages close the
 * sender alone with INVALID_MESSAGE, content written under another editor's client id is refused,
 * and the stored document keeps exactly what honest editors wrote.
 */
let t: TestServer;
let org: Awaited<ReturnType<typeof buildOrg>>;
let doc: string;
const editors: TestEditor[] = [];

/** A raw socket that authenticates for `name`, sends `messages` once authenticated, and records its close. */
function rawClient(name: string, token: string, messages: () => Uint8Array[]) {
  const r = { closed: null as null | { code: number; reason: string }, authenticated: false };
  const ws: WebSocket = openWebSocket(t.url.replace('http', 'ws') + '/collab');
  ws.on('open', () => ws.send(authMessage(name, token)));
  ws.on('message', () => {
    if (r.authenticated) return;
    r.authenticated = true;
    for (const m of messages()) ws.send(m);
  });
  ws.on('close', (code, reason) => (r.closed = { code, reason: reason.toString() }));
  return { r, ws };
}

beforeAll(async () => {
  t = await startTestServer({ seed: async (db) => (org = await buildOrg(db)) });
  const meeting = await buildMeeting(t.db, {
    unitId: org.units.ops,
    chairId: org.people.opsHead.id,
    participantIds: [org.people.member.id],
  });
  doc = `meeting/${meeting}`;
});
afterAll(async () => {
  for (const e of editors) e.destroy();
  await t?.close();
});

describe('hostile messages on /collab', () => {
  it('closes the sender of each malformed kind with INVALID_MESSAGE; honest editors carry on, the server stays up', async () => {
    const honest = openEditor(t.url, doc, org.people.opsHead.token);
    editors.push(honest);
    await eventually(() => honest.provider.isSynced, 10_000, 'honest editor synced');
    typeParagraph(honest.doc, 'minutes', 'Decided: ship the pilot');
    await eventually(() => honest.allSynced(), 5_000, 'honest edit acknowledged');
    const valid = Y.encodeStateAsUpdate(honest.doc);
    const rnd = seededRandom(16);
    const clients = MALFORMED_KINDS.map((kind) => ({
      kind,
      ...rawClient(doc, org.people.member.token, () => [malformedMessage(rnd, kind, doc, valid)]),
    }));
    await eventually(() => clients.every((c) => c.r.closed), 10_000, 'every hostile sender closed');
    for (const c of clients)
      expect(c.r.closed, c.kind).toEqual({
        code: CollabCloseCode.INVALID_MESSAGE,
        reason: 'invalid-message',
      });
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    typeParagraph(honest.doc, 'minutes', 'Action: Otto books the hall');
    await eventually(() => honest.allSynced(), 5_000, 'honest editor still acknowledged');
    expect(honest.closes).toEqual([]);
  });

  it("refuses content written under another editor's client id, and keeps the honest text", async () => {
    const name = `meeting/${await buildMeeting(t.db, { unitId: org.units.ops, chairId: org.people.opsHead.id, participantIds: [org.people.member.id] })}`;
    const honest = openEditor(t.url, name, org.people.opsHead.token);
    editors.push(honest);
    await eventually(() => honest.provider.isSynced, 10_000, 'honest editor synced');
    typeParagraph(honest.doc, 'minutes', 'Decided: hire two planners');
    await eventually(() => honest.allSynced(), 5_000, 'honest edit acknowledged');
    const forged = updateUnderClientId(honest.doc, 'minutes', honest.doc.clientID, 'FORGED');
    const attacker = rawClient(name, org.people.member.token, () => [updateMessage(name, forged)]);
    await eventually(() => attacker.r.closed, 5_000, 'attacker closed');
    expect(attacker.r.closed).toEqual({ code: CollabCloseCode.INVALID_MESSAGE, reason: 'foreign-client-id' });
    typeParagraph(honest.doc, 'minutes', 'Action: Mia drafts the ad');
    await eventually(() => honest.allSynced(), 5_000, 'the next honest edit acknowledged');
    const stored = new Y.Doc();
    applyStoredDocument(stored, await readStoredDocument(t.db, name), 'test');
    const live = collabServerOf(t.server.httpServer)!.hocuspocus.documents.get(name)!;
    for (const d of [stored, live, honest.doc])
      expect(textOf(d, 'minutes')).toContain('Decided: hire two planners\nAction: Mia drafts the ad');
    for (const d of [stored, live, honest.doc]) expect(textOf(d, 'minutes')).not.toContain('FORGED');
  });
});
