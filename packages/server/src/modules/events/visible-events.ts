import { Policy } from '../../auth/policy.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput, isDatabaseUnavailable, unauthenticated } from '../../graphql/errors.js';
import { isUuid } from '../../graphql/ids.js';
import type { DeliveredEvent, EventBus, EventEnvelope } from './event-bus.js';

/** Events queued per subscriber before the oldest are dropped (a stuck client must not grow memory). */
const MAX_QUEUE = 1_000;

/** Options of `visibleEvents`. */
export interface VisibleEventsOptions {
  /** Only events of this unit and below (validated: unknown or invisible → BAD_USER_INPUT on `unitId`). */
  unitId?: string | null;
  /** Extra per-event check, run with fresh loaders and the fresh policy (e.g. load the subject, `policy.can('read', …)`). */
  check?: (e: DeliveredEvent, policy: Policy) => Promise<boolean> | boolean;
}

/**
 * Events of these topics that the subscriber may see. Per event: the unit subtree filter
 * (when `unitId` is given), the policy with the organisation tree as it is now (visibility
 * can change while a subscription is open), then `check`. Before each event the context
 * gets fresh loaders and that policy, so field resolvers of the payload read current data.
 */
export function visibleEvents(
  ctx: GraphQLContext,
  topics: string[],
  opts: VisibleEventsOptions = {},
): AsyncIterableIterator<DeliveredEvent> {
  return new VisibleEventStream(ctx, ctx.bus, new Set(topics), opts);
}

/**
 * A hand-written async iterator rather than an async generator: `return()` (the client
 * unsubscribing) must end a pending `next()` at once, and an async generator would queue
 * it behind the next event.
 */
class VisibleEventStream implements AsyncIterableIterator<DeliveredEvent> {
  private readonly queue: EventEnvelope[] = [];
  private waiter: ((env: EventEnvelope | null) => void) | null = null;
  private done = false;
  private readonly unsubscribe: () => void;
  private validated: Promise<void> | null = null;

  constructor(
    private readonly ctx: GraphQLContext,
    bus: EventBus,
    private readonly topics: Set<string>,
    private readonly opts: VisibleEventsOptions,
  ) {
    // Registered now, at subscribe time: nothing published after this point is missed.
    this.unsubscribe = bus.subscribe({
      deliver: (env) => {
        if (this.done || !this.topics.has(env.event.topic)) return;
        if (this.waiter) {
          const w = this.waiter;
          this.waiter = null;
          w(env);
        } else {
          if (this.queue.length >= MAX_QUEUE) this.queue.shift();
          this.queue.push(env);
        }
      },
      close: () => void this.return(),
    });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<DeliveredEvent> {
    return this;
  }

  async next(): Promise<IteratorResult<DeliveredEvent>> {
    try {
      await (this.validated ??= this.validate());
      while (!this.done) {
        const env = this.queue.shift() ?? (await new Promise<EventEnvelope | null>((r) => (this.waiter = r)));
        if (!env || this.done) break;
        if (await this.acceptUnlessDatabaseDown(env)) return { value: env.event, done: false };
      }
    } catch (e) {
      this.finish();
      throw e;
    }
    return { value: undefined, done: true };
  }

  async return(): Promise<IteratorResult<DeliveredEvent>> {
    this.finish();
    return { value: undefined, done: true };
  }

  async throw(e?: unknown): Promise<IteratorResult<DeliveredEvent>> {
    this.finish();
    throw e;
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.unsubscribe();
    this.queue.length = 0;
    const w = this.waiter;
    this.waiter = null;
    w?.(null);
  }

  private async validate(): Promise<void> {
    if (!this.ctx.viewer) throw unauthenticated();
    const unitId = this.opts.unitId;
    if (unitId == null) return;
    const policy = await this.ctx.policy();
    if (!isUuid(unitId) || !policy.canSeeUnit(unitId)) throw badInput('unitId', `No unit with id ${unitId}.`);
  }

  /**
   * An event delivered while PostgreSQL is down or restarting cannot be checked for this
   * subscriber: it is skipped (never sent unchecked), and the subscription stays open for the
   * events after the outage instead of ending with an error the client would not retry.
   */
  private async acceptUnlessDatabaseDown(env: EventEnvelope): Promise<boolean> {
    try {
      return await this.accept(env);
    } catch (e) {
      if (isDatabaseUnavailable(e)) return false;
      throw e;
    }
  }

  private async accept(env: EventEnvelope): Promise<boolean> {
    const e = env.event;
    // The credential is checked again for every event (one query per event for all
    // subscribers): a revoked token or a person who left stops receiving at once.
    const viewer = this.ctx.token ? await env.viewerFor(this.ctx.token) : this.ctx.viewer;
    if (!viewer) throw unauthenticated('Your session or token is no longer valid; sign in again.');
    this.ctx.viewer = viewer;
    const tree = await env.tree();
    const policy = new Policy(viewer, tree);
    if (this.opts.unitId && (!e.unitId || !tree.isWithin(e.unitId, this.opts.unitId))) return false;
    if (!policy.can('read', { unitId: e.unitId ?? '' })) return false;
    // Fresh per delivery (nothing cached across deliveries), shared across subscribers; the policy is today's.
    this.ctx.loaders = env.loaders();
    this.ctx.policy = () => Promise.resolve(policy);
    if (this.opts.check && !(await this.opts.check(e, policy))) return false;
    return true;
  }
}
