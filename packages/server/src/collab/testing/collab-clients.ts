/**
 * Test support for the collaboration server: real `@hocuspocus/provider` clients in Node and a
 * meeting factory. Used by the `*.int.test.ts` files beside it; never loaded by the server.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { MeetingKind, MeetingStatus } from '@throughline/shared';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import * as Y from 'yjs';
import { fragmentToPlainText } from '../document-text.js';
import { createTestProvider } from './test-sockets.js';

/** A connected (or connecting) editor: a provider on its own socket, and what the server told it. */
export interface TestEditor {
  provider: HocuspocusProvider;
  socket: HocuspocusProviderWebsocket;
  doc: Y.Doc;
  /** `read-write` or `readonly` once authenticated. */
  scope(): string | undefined;
  /** Reason of the refusal (`"4403 forbidden"`), if refused. */
  refused(): string | undefined;
  /** Close events received (per-document close messages and socket closes). */
  closes: { code?: number; reason?: string }[];
  /** Errors of the editor's sockets (reported, never thrown). */
  socketErrors: Error[];
  /** True when the server has acknowledged every local change. */
  allSynced(): boolean;
  destroy(): void;
}

/** Opens a document as a browser editor would (token option, own WebSocket, quick reconnects); socket errors are owned (see test-sockets.ts). */
export function openEditor(
  baseUrl: string,
  name: string,
  token: string | null,
  opts: { doc?: Y.Doc } = {},
): TestEditor {
  const url = baseUrl.replace(/^http/, 'ws').replace(/\/(graphql|collab)?$/, '') + '/collab';
  let scope: string | undefined;
  let refusedReason: string | undefined;
  const closes: { code?: number; reason?: string }[] = [];
  const t = createTestProvider({
    url,
    name,
    token,
    document: opts.doc,
    socket: { delay: 50, minDelay: 50, maxDelay: 200, factor: 1.5, jitter: false },
    provider: {
      onAuthenticated: ({ scope: s }: { scope: string }) => {
        scope = s;
        refusedReason = undefined;
      },
      onAuthenticationFailed: ({ reason }: { reason: string }) => {
        refusedReason = reason;
      },
      onClose: ({ event }: { event: { code?: number; reason?: string } }) => {
        closes.push({ code: event?.code, reason: event?.reason });
      },
    },
  });
  return {
    provider: t.provider,
    socket: t.socket,
    doc: t.doc,
    socketErrors: t.socketErrors,
    scope: () => scope,
    refused: () => refusedReason,
    closes,
    allSynced: () => t.provider.isSynced && t.provider.unsyncedChanges === 0,
    destroy: t.destroy,
  };
}

/** Appends a paragraph to a field, as an editor would when someone types a line. */
export function typeParagraph(doc: Y.Doc, field: string, text: string): void {
  const fragment = doc.getXmlFragment(field);
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(text)]);
  fragment.insert(fragment.length, [p]);
}

/** Types characters one by one into the last paragraph of a field (many small updates). */
export function typeCharacters(doc: Y.Doc, field: string, text: string): void {
  const fragment = doc.getXmlFragment(field);
  if (fragment.length === 0) typeParagraph(doc, field, '');
  const last = fragment.get(fragment.length - 1) as Y.XmlElement;
  let t = last.get(0) as Y.XmlText | undefined;
  if (!t) {
    t = new Y.XmlText('');
    last.insert(0, [t]);
  }
  for (const ch of text) t.insert(t.length, ch);
}

/** Plain text of a field. */
export function textOf(doc: Y.Doc, field: string): string {
  return fragmentToPlainText(doc.getXmlFragment(field));
}

/** A meeting row (and participants) for a test; the meetings module owns the real service. */
export async function buildMeeting(
  db: DataSource,
  o: { unitId: string; chairId: string; participantIds?: string[]; title?: string; status?: MeetingStatus },
) {
  const id = randomUUID();
  await db.query(
    `INSERT INTO meeting (id, kind, title, unit_id, chair_id, status, scheduled_at, version) VALUES ($1, $2, $3, $4, $5, $6, now(), 1)`,
    [
      id,
      MeetingKind.MONTHLY_OPERATIONAL,
      o.title ?? 'Monthly review',
      o.unitId,
      o.chairId,
      o.status ?? MeetingStatus.OPEN,
    ],
  );
  for (const p of o.participantIds ?? [])
    await db.query(`INSERT INTO meeting_participant (meeting_id, person_id) VALUES ($1, $2)`, [id, p]);
  return id;
}
