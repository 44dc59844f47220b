import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../../../test/helpers/server.js';
import { createTestProvider, openWebSocket } from './test-sockets.js';

/**
 * A TCP server that accepts connections and never answers the WebSocket handshake: every client
 * socket pointed at it stays CONNECTING for as long as the test wants.
 */
async function silentServer(): Promise<{ url: string; connections: Socket[]; server: Server }> {
  const connections: Socket[] = [];
  const server = createServer((c) => connections.push(c));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { url: `ws://127.0.0.1:${port}/collab`, connections, server };
}

describe('test sockets own their errors', () => {
  let silent: Awaited<ReturnType<typeof silentServer>> | null = null;
  afterEach(async () => {
    for (const c of silent?.connections ?? []) c.destroy();
    await new Promise((r) => silent?.server.close(r) ?? r(undefined));
    silent = null;
  });

  // An `error` event without a listener is an uncaught exception: Vitest would report it and fail the run.
  it('destroying a provider while its socket is still connecting reports the error and crashes nothing', async () => {
    silent = await silentServer();
    const t = createTestProvider({ url: silent.url, name: 'plan/any', token: 'x' });
    await eventually(() => silent!.connections.length > 0, 10_000, 'the socket reached the server');
    expect(t.socket.webSocket?.readyState).toBe(0); // CONNECTING: the handshake is never answered
    t.destroy(); // the provider removes its listeners and closes the connecting ws socket
    await eventually(() => t.socketErrors.length > 0, 10_000, 'the socket error to be reported');
    expect(t.socketErrors.map((e) => e.message)).toContain(
      'WebSocket was closed before the connection was established',
    );
  });

  it('a provider that may not reconnect reports its failed attempt instead of an unhandled rejection', async () => {
    silent = await silentServer();
    const url = silent.url;
    silent.server.close(); // nothing listens on that port any more
    const t = createTestProvider({ url, name: 'plan/any', token: 'x', reconnect: false });
    await eventually(
      () => t.socketErrors.some((e) => /ECONNREFUSED/.test(e.message)),
      10_000,
      'connection refused reported',
    );
    // The one attempt ends after its close event; it is reported once more as a failed attempt, not thrown.
    await eventually(
      () => t.socketErrors.some((e) => /connection attempt failed/.test(e.message)),
      10_000,
      'failed attempt reported',
    );
    t.destroy();
  });

  it('a raw socket closed while connecting reports to its owner', async () => {
    silent = await silentServer();
    const errors: Error[] = [];
    const ws = openWebSocket(silent.url, undefined, { onError: (e) => errors.push(e) });
    await eventually(() => silent!.connections.length > 0, 10_000, 'the socket reached the server');
    ws.close();
    await eventually(() => errors.length > 0, 10_000, 'the socket error to be reported');
    expect(errors[0].message).toBe('WebSocket was closed before the connection was established');
  });
});
