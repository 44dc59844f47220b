/**
 * Test support for the collaboration extensions: a bare Hocuspocus on its own HTTP port with only
 * the extensions a test names, so each extension's test exercises it (and what it needs) alone,
 * through real `@hocuspocus/provider` clients (`openEditor(harness.url, …)`). Never loaded by the server.
 */
import { Document, Extension, Hocuspocus } from '@hocuspocus/server';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { WebSocketServer } from 'ws';

/** A silent logger for extensions under test (`TEST_LOG_LEVEL=debug` to see what they log). */
export const testLogger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

export interface TestHocuspocus {
  /** Base URL for `openEditor`. */
  url: string;
  hocuspocus: Hocuspocus;
  /** Loads a document on the server as a first connection would (onLoadDocument, afterLoadDocument), without a client. */
  load(name: string): Promise<Document>;
  close(): Promise<void>;
}

/** Starts Hocuspocus with these extensions (same settings as the collaboration server) on a free port. */
export async function startHocuspocus(extensions: Extension[]): Promise<TestHocuspocus> {
  const hocuspocus = new Hocuspocus({
    quiet: true,
    debounce: 2_000,
    maxDebounce: 10_000,
    unloadImmediately: true,
    extensions,
  });
  const wss = new WebSocketServer({ noServer: true });
  const http = createServer((_req, res) => res.writeHead(404).end());
  http.on('upgrade', (req, socket, head) =>
    wss.handleUpgrade(req, socket, head, (ws) => hocuspocus.handleConnection(ws, req)),
  );
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hocuspocus,
    load: (name) =>
      hocuspocus.createDocument(name, {}, 'test', { readOnly: false, isAuthenticated: true }, {}),
    async close() {
      hocuspocus.closeConnections();
      for (const ws of wss.clients) ws.terminate();
      for (const document of hocuspocus.documents.values()) document.destroy();
      await new Promise<void>((r) => wss.close(() => r()));
      await new Promise<void>((r) => http.close(() => r()));
    },
  };
}

/** An in-process stand-in for the event bus: tests deliver graph event topics by hand. */
export class TestGraphEvents {
  private readonly listeners = new Set<{ deliver(env: { event: { topic: string } }): void }>();

  subscribe(listener: { deliver(env: { event: { topic: string } }): void; close(): void }): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  deliver(topic: string): void {
    for (const l of this.listeners) l.deliver({ event: { topic } });
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
