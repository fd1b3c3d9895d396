import type { PubSub } from 'type-graphql';

/**
 * type-graphql builds no schema with subscriptions unless it is given a pubsub. Ours never
 * use topics: each subscription returns its own iterator over the EventFeed, which reads the
 * event rows in seq order, replays, and checks access per event. A topic-based subscription
 * would bypass all three, so this pubsub refuses to be used.
 */
export const noTopicsPubSub: PubSub = {
  publish() {
    throw new Error('Topic pubsub is not used: write an event row (appendEvent) instead.');
  },
  subscribe() {
    throw new Error('Topic pubsub is not used: subscribe through the EventFeed (modules/live).');
  },
};
