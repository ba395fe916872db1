/**
 * type-graphql insists on a PubSub once any subscription exists, even when every subscription brings
 * its own `subscribe` (as analysisJobUpdated does, over the job events). This one refuses topics.
 */
import type { PubSub } from 'type-graphql';

export const NO_TOPICS_PUBSUB: PubSub = {
  publish() {
    throw new Error('subscriptions here have their own subscribe; there are no topics to publish to');
  },
  subscribe() {
    throw new Error('subscriptions here have their own subscribe; there are no topics to subscribe to');
  },
};
