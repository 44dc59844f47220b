// Yjs editors for benchmarks and checks: real @hocuspocus/provider clients with `ws` as the
// WebSocket, a meeting fixture, and typing helpers. Providers come from the server's one test
// helper (packages/server/src/collab/testing/test-sockets.ts, built to dist), which owns every
// socket's errors: a socket closed while connecting, or a refused attempt after a SIGKILL, is
// reported on the editor (`socketErrors`), never an uncaught exception that kills the run.
// Yjs is the ES module build, as the provider (an ES module) loads it, so there is one Yjs.
import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { testSockets } from './common.mjs';

export { Y };

/** Opens a document like the web app does (token = session token, own socket). */
export function openEditor(collabUrl, name, token, { reconnect = true } = {}) {
  const { createTestProvider } = testSockets();
  const e = { scope: undefined, refused: undefined, closes: [], synced: false };
  const t = createTestProvider({
    url: collabUrl,
    name,
    token,
    reconnect,
    socket: { delay: 100, minDelay: 100, maxDelay: 1000, factor: 1.5, jitter: true },
    provider: {
      onAuthenticated: ({ scope }) => {
        e.scope = scope;
        e.refused = undefined;
      },
      onAuthenticationFailed: ({ reason }) => (e.refused = reason),
      onClose: ({ event }) => e.closes.push({ code: event?.code, reason: event?.reason }),
      onSynced: ({ state }) => (e.synced = state),
    },
  });
  Object.assign(e, {
    provider: t.provider,
    socket: t.socket,
    doc: t.doc,
    socketErrors: t.socketErrors,
    allSynced: () => t.provider.isSynced && t.provider.unsyncedChanges === 0,
    destroy() {
      try {
        t.destroy();
      } catch {}
    },
  });
  return e;
}

/** Appends a paragraph holding `text` to a field; returns the paragraph's Y.XmlText. */
export function addParagraph(doc, field, text = '') {
  const fragment = doc.getXmlFragment(field);
  const p = new Y.XmlElement('paragraph');
  const t = new Y.XmlText(text);
  p.insert(0, [t]);
  fragment.insert(fragment.length, [p]);
  return t;
}

/** Plain text of a field: paragraphs joined by newlines. */
export function textOf(doc, field) {
  return doc
    .getXmlFragment(field)
    .toArray()
    .map((p) =>
      p instanceof Y.XmlElement
        ? p
            .toArray()
            .map((t) => (t instanceof Y.XmlText ? t.toString() : ''))
            .join('')
        : p.toString(),
    )
    .join('\n');
}

/** Creates an OPEN meeting (SQL fixture, as the server's collab tests do). Null when meetings do not exist yet. */
export async function createMeeting(
  query,
  { unitId, chairId, participantIds = [], title = 'Monthly review (tools)' },
) {
  const [{ ok }] = (
    await query(
      `SELECT to_regclass('meeting') IS NOT NULL AND to_regclass('meeting_participant') IS NOT NULL AS ok`,
    )
  ).rows;
  if (!ok) return null;
  const id = randomUUID();
  await query(
    `INSERT INTO meeting (id, kind, title, unit_id, chair_id, status, scheduled_at, opened_at, version) VALUES ($1, 'MONTHLY_OPERATIONAL', $2, $3, $4, 'OPEN', now(), now(), 1)`,
    [id, title, unitId, chairId],
  );
  for (const p of participantIds)
    await query(
      `INSERT INTO meeting_participant (meeting_id, person_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [id, p],
    );
  return id;
}

/** Demo people and units by email (for fixtures). */
export async function demoPeople(query) {
  const rows = (
    await query(
      `SELECT p.id, p.email, p.unit_id, u.name AS unit_name FROM person p JOIN unit u ON u.id = p.unit_id WHERE p.email LIKE '%@demo.test'`,
    )
  ).rows;
  return Object.fromEntries(rows.map((r) => [r.email, r]));
}

/** A document every demo editor may write: an OPEN meeting of Operations (chair ops head, analyst participant), else the plan narrative. */
export async function editableDocument(query, { preinit = false } = {}) {
  const people = await demoPeople(query);
  const ops = people['ops.head@demo.test'];
  const meetingId = await createMeeting(query, {
    unitId: ops.unit_id,
    chairId: ops.id,
    participantIds: [people['analyst@demo.test'].id],
  });
  if (meetingId) {
    const name = `meeting/${meetingId}`;
    // preinit: store an empty document so the server does not draft (seed) the agenda on first open.
    if (preinit) await storeEmptyDocument(query, name);
    return { name, field: 'minutes', meetingId, people };
  }
  const [plan] = (await query(`SELECT id FROM plan WHERE archived_at IS NULL ORDER BY created_at LIMIT 1`))
    .rows;
  return { name: `plan/${plan.id}`, field: 'narrative', people };
}

/** Stores an empty Yjs document under a name (the server then loads it instead of seeding it). */
export async function storeEmptyDocument(query, name) {
  const d = new Y.Doc();
  await query(
    `INSERT INTO collab_document (name, state, state_vector, text, version) VALUES ($1, $2, $3, '{}', 1) ON CONFLICT DO NOTHING`,
    [name, Buffer.from(Y.encodeStateAsUpdate(d)), Buffer.from(Y.encodeStateVector(d))],
  );
  d.destroy();
}
