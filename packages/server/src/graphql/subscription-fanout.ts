import { createSourceEventStream, execute, ExecutionArgs, ExecutionResult, print } from 'graphql';
import type { WebSocket } from 'ws';
import type { Viewer } from '../auth/policy.js';
import type { GraphQLContext } from './context.js';

/** What a test may watch: one call per execution of a subscription document for an event. */
export interface SubscriptionFanoutHooks {
  /** Called once per (event, document + variables, viewer scope) group, when it executes. */
  onExecute?(info: { operation: string; scope: string }): void;
}

/**
 * The visibility scope of a subscriber: two subscribers with equal keys get the same answer to
 * every field. It is the whole credential the context carries — the person (id, name, email),
 * role and home unit the policy reads, the credential kind, a partner token's id, scopes, unit
 * scope and expiry, and the sign-in session — so it is never wider than one viewer's credential:
 * sockets of the same session or the same partner token share executions, nobody else does.
 * (Visibility alone — e.g. "executives" — would be wider, but fields such as `viewerCan` answer
 * per person, so grouping by anything less than the credential is not safe.)
 */
export function viewerScopeKey(viewer: Viewer | null): string {
  if (!viewer) return 'anonymous';
  return JSON.stringify([
    viewer.via,
    viewer.personId,
    viewer.role,
    viewer.unitId,
    viewer.name,
    viewer.email,
    viewer.tokenId,
    viewer.scopes ? [...viewer.scopes].sort() : null,
    viewer.unitScopeId,
    viewer.expiresAt ? viewer.expiresAt.getTime() : null,
    viewer.sessionId ?? null,
  ]);
}

/** A `next` frame waiting for its socket: the message graphql-ws serialised, and the one to send instead. */
interface PendingFrame {
  placeholder: string;
  id: string;
  json: string;
}

/**
 * Executes each event once per audience instead of once per socket (issue 11, lever 2).
 *
 * Every subscriber keeps its own event stream (`visibleEvents`: the credential re-checked per
 * event, the policy's visibility filter, revocation and expiry closing it) — that decides
 * WHETHER a socket gets an event. WHAT it gets is the execution of its document for that event;
 * subscribers whose streams yield the same event object (one bus delivery), with the same
 * document and variables and the same viewer scope (`viewerScopeKey`, read from the context
 * after the stream refreshed the viewer for this event) share one execution: the first one runs
 * it with its own context (that event's shared loaders, its fresh policy), the others await the
 * same promise. Streams that yield their own objects (e.g. `myWorkChanged`'s per-person list)
 * never share.
 *
 * Each shared result is serialised once (`payloadJson`); `replacer` and `attachSocket` put that
 * JSON into every socket's `next` frame instead of letting graphql-ws stringify it per socket.
 */
export class SubscriptionFanout {
  /** Per event object: group key → the execution. Weak: gone once every subscriber is past the event. */
  private readonly groups = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();
  private readonly serialised = new WeakMap<ExecutionResult, string>();
  /** Shared results, by identity (payloads graphql-ws hands back to `replacer`). */
  private readonly shared = new WeakSet<object>();
  private pending: PendingFrame | null = null;

  constructor(private readonly hooks: SubscriptionFanoutHooks = {}) {}

  /** graphql-ws's `subscribe`: graphql-js's own, with a shared execution per group. */
  readonly subscribe = async (
    args: ExecutionArgs,
  ): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> => {
    const source = await createSourceEventStream(args);
    if (!isAsyncIterable(source)) return source as ExecutionResult;
    const operation = operationKey(args);
    return mapStream(source, (root) => this.execute(args, operation, root));
  };

  private execute(args: ExecutionArgs, operation: string, root: unknown): Promise<ExecutionResult> {
    const run = () => Promise.resolve().then(() => execute({ ...args, rootValue: root }));
    if (typeof root !== 'object' || root === null) return run();
    const scope = viewerScopeKey((args.contextValue as GraphQLContext | undefined)?.viewer ?? null);
    const key = operation + '\u0000' + scope;
    let byKey = this.groups.get(root);
    if (!byKey) this.groups.set(root, (byKey = new Map()));
    let result = byKey.get(key);
    if (!result) {
      this.hooks.onExecute?.({ operation, scope });
      result = run().then((r) => {
        this.shared.add(r);
        return r;
      });
      byKey.set(key, result);
    }
    return result;
  }

  /** The `payload` of a `next` message for this result, as graphql-ws would write it; computed once per result. */
  payloadJson(result: ExecutionResult): string {
    let json = this.serialised.get(result);
    if (json === undefined) {
      const { errors, ...rest } = result;
      json = JSON.stringify({ ...rest, ...(errors ? { errors: errors.map((e) => e.toJSON()) } : {}) });
      this.serialised.set(result, json);
    }
    return json;
  }

  /**
   * graphql-ws's `jsonMessageReplacer` (`this` is the object holding `key`). For a shared result's
   * `next` message it writes `0` as the payload and leaves the real frame (the shared JSON) for
   * `attachSocket`'s send, which graphql-ws calls synchronously right after serialising (nothing
   * runs in between: one thread).
   */
  readonly jsonMessageReplacer = ((fanout: SubscriptionFanout) =>
    function (this: unknown, key: string, value: unknown): unknown {
      return fanout.replace(this as Record<string, unknown>, key, value);
    })(this);

  private replace(holder: Record<string, unknown>, key: string, value: unknown): unknown {
    if (key !== 'payload' || holder.type !== 'next' || typeof value !== 'object' || value === null)
      return value;
    if (!this.shared.has(value)) return value;
    const id = String(holder.id);
    const json = this.payloadJson(value as ExecutionResult);
    this.pending = { id, json, placeholder: `{"id":${JSON.stringify(id)},"type":"next","payload":0}` };
    return 0;
  }

  /**
   * Puts the shared JSON into the `next` frames of this socket. Only the exact message the
   * replacer left behind is swapped (`payload: 0` never occurs otherwise: graphql-ws refuses a
   * `next` without an object payload), so every other frame is sent as it is.
   */
  attachSocket(ws: WebSocket): void {
    const send = ws.send.bind(ws) as (data: unknown, ...rest: unknown[]) => void;
    (ws as { send: unknown }).send = (data: unknown, ...rest: unknown[]) => {
      const p = this.pending;
      if (p && data === p.placeholder) {
        this.pending = null;
        return send(`{"id":${JSON.stringify(p.id)},"type":"next","payload":${p.json}}`, ...rest);
      }
      return send(data, ...rest);
    };
  }
}

/** The document (as sent), operation name and variables: what, besides the viewer, decides the answer. */
function operationKey(args: ExecutionArgs): string {
  const text = args.document.loc?.source.body ?? print(args.document);
  return JSON.stringify([text, args.operationName ?? null, args.variableValues ?? null]);
}

function isAsyncIterable(x: unknown): x is AsyncIterable<unknown> {
  return typeof Object(x)[Symbol.asyncIterator] === 'function';
}

/** graphql-js's mapAsyncIterator (internal there): maps each value, closes the source on a mapping error. */
function mapStream<T, R>(
  iterable: AsyncIterable<T>,
  map: (value: T) => Promise<R>,
): AsyncIterableIterator<R> {
  const it = iterable[Symbol.asyncIterator]();
  const mapResult = async (r: IteratorResult<T>): Promise<IteratorResult<R>> => {
    if (r.done) return r as IteratorResult<R>;
    try {
      return { value: await map(r.value), done: false };
    } catch (e) {
      await it.return?.().catch(() => undefined);
      throw e;
    }
  };
  const stream: AsyncIterableIterator<R> = {
    [Symbol.asyncIterator]: () => stream,
    next: async () => mapResult(await it.next()),
    return: async () =>
      it.return ? mapResult(await it.return()) : { value: undefined as unknown as R, done: true },
    throw: async (e?: unknown) => {
      if (it.throw) return mapResult(await it.throw(e));
      await it.return?.().catch(() => undefined);
      throw e;
    },
  };
  return stream;
}
