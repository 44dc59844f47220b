import type { GraphQLContext } from '../../graphql/context.js';
import { visibleEvents } from '../events/visible-events.js';
import type { WorkItem } from './work-item.js';
import { gatherWork, mayChangeWork, MY_WORK_MAX, sameWork, WORK_TOPICS } from './work.service.js';

/**
 * The subscriber's list, sent again whenever an event they may see could have changed it and it
 * now reads differently. The list they start from is read when the subscription starts, before it
 * listens (so a change made once it listens is always sent); each visible event re-runs the sources
 * with that event's fresh policy (visibility may have changed) and is dropped when the list is the
 * same as the last one sent.
 */
export async function workChanges(ctx: GraphQLContext): Promise<AsyncIterableIterator<WorkItem[]>> {
  const read = async () =>
    gatherWork(
      { db: ctx.db, viewer: ctx.viewer!, policy: await ctx.policy(), now: ctx.clock.now() },
      MY_WORK_MAX,
    );
  let last: WorkItem[] = await read();
  const events = visibleEvents(ctx, WORK_TOPICS, {
    matches: mayChangeWork,
    // Runs after `visibleEvents` put this event's viewer and policy on the context.
    check: async () => {
      const now = await read();
      if (sameWork(last, now)) return false;
      last = now;
      return true;
    },
  });
  const stream: AsyncIterableIterator<WorkItem[]> = {
    [Symbol.asyncIterator]: () => stream,
    async next() {
      const r = await events.next();
      return r.done ? { value: undefined, done: true } : { value: last, done: false };
    },
    async return() {
      await events.return?.();
      return { value: undefined, done: true };
    },
    async throw(e?: unknown) {
      await events.return?.();
      throw e;
    },
  };
  return stream;
}
