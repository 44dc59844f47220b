import { Policy } from '../../auth/policy.js';
import { credentialKey } from '../../auth/sessions.js';
import { TOKEN_REVOKED_TOPIC } from '../../auth/tokens.js';
import { lazyPolicy, type GraphQLContext } from '../../graphql/context.js';
import { badInput, isDatabaseUnavailable, unauthenticated } from '../../graphql/errors.js';
import { isUuid } from '../../graphql/ids.js';
import type { DeliveredEvent, EventBus, EventEnvelope } from './event-bus.js';

/** Events queued per subscriber before the oldest are dropped (a stuck client must not grow memory). */
const MAX_QUEUE = 1_000;
/** Longest single wait of the expiry timer (setTimeout's limit is about 24.8 days); it re-arms. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Shortest re-arm of the expiry timer, should the clock not have reached the expiry yet. */
const MIN_TIMER_MS = 1_000;

/** Options of `visibleEvents`. */
export interface VisibleEventsOptions {
  /** Only events of this unit and below (validated: unknown or invisible → BAD_USER_INPUT on `unitId`). */
  unitId?: string | null;
  /** Extra per-event check, run with fresh loaders and the fresh policy (e.g. load the subject, `policy.can('read', …)`). */
  check?: (e: DeliveredEvent, policy: Policy) => Promise<boolean> | boolean;
  /** Also take events of other topics that this says yes to (e.g. by the payload's subject type). */
  matches?: (e: DeliveredEvent) => boolean;
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
  /** Why the stream ends with an error at the next `next()` (the token expired while it was open). */
  private failure: Error | null = null;
  private expiryTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly ctx: GraphQLContext,
    bus: EventBus,
    private readonly topics: Set<string>,
    private readonly opts: VisibleEventsOptions,
  ) {
    // Registered now, at subscribe time: nothing published after this point is missed.
    this.unsubscribe = bus.subscribe({
      deliver: (env) => {
        if (this.done) return;
        if (
          !(this.topics.has(env.event.topic) || this.opts.matches?.(env.event) || this.revokesOwnToken(env))
        )
          return;
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
      while (!this.done && !this.failure) {
        const env = this.queue.shift() ?? (await new Promise<EventEnvelope | null>((r) => (this.waiter = r)));
        if (!env || this.done) break;
        if (await this.acceptUnlessDatabaseDown(env)) return { value: env.event, done: false };
      }
      if (this.failure) throw this.failure;
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
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.unsubscribe();
    this.queue.length = 0;
    const w = this.waiter;
    this.waiter = null;
    w?.(null);
  }

  /**
   * A revocation that may concern this subscription's credential — its partner token revoked, or
   * a session of its person signed out: the credential is re-checked at once.
   */
  private revokesOwnToken(env: EventEnvelope): boolean {
    const viewer = this.ctx.viewer;
    if (!viewer || env.event.topic !== TOKEN_REVOKED_TOPIC) return false;
    return env.event.subjectId === (viewer.tokenId ?? viewer.personId);
  }

  /**
   * A partner token with an expiry ends its subscriptions when the server's clock reaches it,
   * without waiting for an event (the timer re-arms while the clock has not got there).
   */
  private armExpiry(expiresAt: Date): void {
    const left = expiresAt.getTime() - this.ctx.clock.now().getTime();
    if (left <= 0) {
      this.failure = unauthenticated('Your token has expired; create a new one.');
      const w = this.waiter;
      this.waiter = null;
      w?.(null);
      return;
    }
    this.expiryTimer = setTimeout(
      () => {
        this.expiryTimer = null;
        if (!this.done) this.armExpiry(expiresAt);
      },
      Math.min(Math.max(left, MIN_TIMER_MS), MAX_TIMER_MS),
    );
    this.expiryTimer.unref();
  }

  private async validate(): Promise<void> {
    if (!this.ctx.viewer) throw unauthenticated();
    if (this.ctx.viewer.expiresAt) this.armExpiry(this.ctx.viewer.expiresAt);
    const unitId = this.opts.unitId;
    if (unitId == null) return;
    const policy = await this.ctx.policy();
    if (!isUuid(unitId) || !policy.canSeeUnit(unitId)) throw badInput('unitId', `No unit with id ${unitId}.`);
    // Each event brings its own tree and policy (see accept): the subscribe-time tree is not kept
    // for the life of the subscription, which may be idle for hours.
    this.ctx.policy = lazyPolicy(this.ctx.db, this.ctx.viewer);
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
    // A session is re-checked by its id (its token may have been rotated since), a partner token by itself.
    const viewer =
      this.ctx.token && this.ctx.viewer
        ? await env.viewerFor(credentialKey(this.ctx.viewer, this.ctx.token))
        : this.ctx.viewer;
    if (!viewer) throw unauthenticated('Your session or token is no longer valid; sign in again.');
    // The token's own revocation event carries nothing to send: it only made the check above happen now.
    if (e.topic === TOKEN_REVOKED_TOPIC && !this.topics.has(e.topic)) return false;
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
