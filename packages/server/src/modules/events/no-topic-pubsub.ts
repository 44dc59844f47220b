import type { PubSub } from 'type-graphql';

/**
 * type-graphql requires a PubSub once any `@Subscription` exists, but ours are all
 * `@Subscription({ subscribe: … visibleEvents(…) })`: events come from PostgreSQL through the
 * event bus, filtered per subscriber by the policy. An in-memory topic PubSub would skip both
 * (and miss events of other instances), so using topics is refused loudly.
 */
export const noTopicPubSub: PubSub = {
  publish() {
    throw new Error(
      'Publish graph events with publishGraphEvent (modules/events/graph-events.ts), not the type-graphql PubSub.',
    );
  },
  subscribe() {
    throw new Error(
      'Subscriptions use @Subscription({ subscribe: ({ args, context }) => visibleEvents(…) }), not topics.',
    );
  },
};
