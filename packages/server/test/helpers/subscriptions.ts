import { Client, createClient } from 'graphql-ws';
import { ownedWebSocketClass } from '../../src/collab/testing/test-sockets.js';
import type { EventBus } from '../../src/modules/events/event-bus.js';
import { eventually } from './server.js';

/** A live graphql-ws subscription as tests see it: what arrived, errors, and how it ended. */
export interface LiveSubscription<T = any> {
  events: T[];
  errors: unknown[];
  completed: boolean;
  /** Close code when the socket was closed by the server (e.g. 4403). */
  closeCode: number | null;
  /** Errors of the underlying socket (reported here, never thrown). */
  socketErrors: Error[];
  close(): Promise<void>;
}

/**
 * Subscribes with the real graphql-ws client (token in connection_init, like partner apps) and
 * waits until the server's event bus has registered the subscription, so a change made right
 * after this returns is guaranteed to be delivered.
 */
export async function liveSubscription<T = any>(opts: {
  wsUrl: string;
  /** A bearer token in connection_init; null: none (a browser, authenticated by `headers`' Cookie). */
  token: string | null;
  /** Headers of the upgrade request (a browser's Cookie and Origin). */
  headers?: Record<string, string>;
  query: string;
  variables?: Record<string, unknown>;
  /** The server's event bus (`server.host.bus`): wait until it has registered the subscription. */
  bus?: EventBus;
  waitForListener?: boolean;
}): Promise<LiveSubscription<T>> {
  const before = opts.bus ? opts.bus.listenerCount : 0;
  const sub: LiveSubscription<T> = {
    events: [],
    errors: [],
    completed: false,
    closeCode: null,
    socketErrors: [],
    close: async () => undefined,
  };
  const client: Client = createClient({
    url: opts.wsUrl,
    webSocketImpl: ownedWebSocketClass((e) => sub.socketErrors.push(e), opts.headers),
    connectionParams: opts.token ? { authorization: `Bearer ${opts.token}` } : {},
    retryAttempts: 0,
    lazy: false,
    on: { closed: (e) => (sub.closeCode = (e as { code?: number })?.code ?? null) },
    onNonLazyError: () => undefined,
  });
  const dispose = client.subscribe<T>(
    { query: opts.query, variables: opts.variables },
    {
      next: (v) => {
        if (v.errors) sub.errors.push(...v.errors);
        if (v.data) sub.events.push(v.data as T);
      },
      error: (e) => sub.errors.push(e),
      complete: () => (sub.completed = true),
    },
  );
  sub.close = async () => {
    dispose();
    await client.dispose();
  };
  if (opts.bus && opts.waitForListener !== false) {
    await eventually(
      () => opts.bus!.listenerCount > before || sub.errors.length > 0 || sub.closeCode !== null,
      5_000,
      'subscription to be registered',
    );
  }
  return sub;
}
