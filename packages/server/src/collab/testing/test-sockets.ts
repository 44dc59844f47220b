/**
 * The one place tests and tools (packages/server tests, tools/chaos, tools/bench) create WebSocket
 * clients: Hocuspocus providers, graphql-ws clients and raw `ws` sockets. Never loaded by the server.
 *
 * Why: `ws` emits `error` on a socket that is closed before its handshake finished ("WebSocket was
 * closed before the connection was established"), and `@hocuspocus/provider` does exactly that —
 * it removes its own listeners, then closes a socket that may still be connecting (on destroy, or
 * when it gives up on an attempt). An `error` event nobody listens to kills the process, which
 * looked like a crash of the product under test on a busy machine. Here every socket gets an error
 * listener from the moment it is constructed, and the provider's own failed connection attempts
 * (which it starts without handling their rejection) are caught too; both are reported to the
 * caller (`onError`, and `socketErrors` on a provider) instead of crashing anything.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import type {
  HocuspocusProviderConfiguration,
  HocuspocusProviderWebsocketConfiguration,
} from '@hocuspocus/provider';
import WebSocket from 'ws';
import type * as Y from 'yjs';

/** Receives every error of a socket created here (connection refused, closed while connecting, …). */
export type SocketErrorSink = (error: Error) => void;

const asError = (e: unknown, what: string): Error =>
  e instanceof Error
    ? e
    : new Error(
        `${what}: ${(e as { message?: string; type?: string })?.message ?? (e as { type?: string })?.type ?? String(e)}`,
      );

/**
 * A `ws` WebSocket class whose instances report their errors to `onError` from construction on, so
 * an error emitted after everyone else removed their listeners cannot crash the process. Pass it
 * where a library wants a WebSocket implementation (`WebSocketPolyfill`, graphql-ws `webSocketImpl`).
 */
export function ownedWebSocketClass(
  onError: SocketErrorSink,
  /** Headers of every upgrade request (a browser's Cookie and Origin, in tests of cookie sign-in). */
  headers?: Record<string, string>,
): typeof WebSocket {
  class OwnedWebSocket extends WebSocket {
    constructor(...args: any[]) {
      // the same overloads as ws's constructor
      if (headers) super(args[0] as string, args[1] as string[] | undefined, { headers });
      else super(...(args as [string]));
      this.on('error', (e) => onError(asError(e, 'WebSocket error')));
    }
  }
  return OwnedWebSocket as typeof WebSocket;
}

/** A raw `ws` client socket whose errors go to `onError` (default: ignored; add your own listeners as usual). */
export function openWebSocket(
  url: string,
  protocols?: string | string[],
  opts: { onError?: SocketErrorSink } = {},
): WebSocket {
  const Owned = ownedWebSocketClass(opts.onError ?? (() => undefined));
  return new Owned(url, protocols);
}

/** A Hocuspocus provider on its own socket, created by `createTestProvider`. */
export interface TestProvider {
  provider: HocuspocusProvider;
  socket: HocuspocusProviderWebsocket;
  doc: Y.Doc;
  /** Every error of the provider's sockets and failed connection attempts, in order. */
  socketErrors: Error[];
  /** Destroys the provider and its socket; safe while the socket is still connecting. */
  destroy(): void;
}

/**
 * Creates a provider as the web app does (token, its own socket), with every socket error owned.
 * `reconnect: false` makes one connection attempt (a failed attempt is reported, not thrown).
 */
export function createTestProvider(opts: {
  url: string;
  name: string;
  token: string | null;
  document?: Y.Doc;
  reconnect?: boolean;
  /** Reconnect timing and other socket settings (the URL and WebSocket class are set here). */
  socket?: Partial<HocuspocusProviderWebsocketConfiguration>;
  /** Provider callbacks and settings (`onAuthenticated`, `onClose`, …). */
  provider?: Partial<HocuspocusProviderConfiguration>;
  onSocketError?: SocketErrorSink;
  /** Headers of the upgrade request (a browser's Cookie and Origin). */
  headers?: Record<string, string>;
}): TestProvider {
  const socketErrors: Error[] = [];
  const report: SocketErrorSink = (e) => {
    socketErrors.push(e);
    opts.onSocketError?.(e);
  };
  const socket = new OwnedProviderWebsocket(report, {
    ...opts.socket,
    url: opts.url,
    WebSocketPolyfill: ownedWebSocketClass(report, opts.headers),
    ...(opts.reconnect === false ? { maxAttempts: 1 } : {}),
  });
  const provider = new HocuspocusProvider({
    ...opts.provider,
    websocketProvider: socket,
    name: opts.name,
    token: opts.token ?? '',
    ...(opts.document ? { document: opts.document } : {}),
  });
  provider.attach();
  return {
    provider,
    socket,
    doc: provider.document,
    socketErrors,
    destroy() {
      provider.destroy();
      socket.destroy();
    },
  };
}

/**
 * The provider's socket manager starts connection attempts itself (on construction, after a close)
 * without handling their rejection; a failed attempt (server down, `maxAttempts` reached) would be
 * an unhandled rejection. Every attempt goes through `connect()`, so it is caught here and reported.
 */
class OwnedProviderWebsocket extends HocuspocusProviderWebsocket {
  private readonly reportError: SocketErrorSink;
  constructor(report: SocketErrorSink, configuration: HocuspocusProviderWebsocketConfiguration) {
    // The base constructor may call connect(), so the sink must be reachable before super() returns.
    pendingSink = report;
    try {
      super(configuration);
    } finally {
      pendingSink = null;
    }
    this.reportError = report;
  }
  override connect(): Promise<unknown> {
    const report = this.reportError ?? pendingSink;
    return super.connect().catch((e: unknown) => report?.(asError(e, 'connection attempt failed')));
  }
}
let pendingSink: SocketErrorSink | null = null;
