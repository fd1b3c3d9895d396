/** Live updates: subscriptions over the event feed (docs/architecture.md). */
export { LiveResolver } from './live.resolver';
export { PlanEvent } from './plan-event.type';
export { canReceive, loadAccessMap } from './live.policy';
export { createLiveFeed } from './live-feed';
export { eventKeyOf } from './live-stream';

import type { ServerModule } from '../../core/module';
import { createLiveFeed } from './live-feed';
import { eventKeyOf } from './live-stream';
import { LiveResolver } from './live.resolver';
import { PlanEventEntityResolver } from './plan-event-entity.resolver';

export const liveResolvers = [LiveResolver, PlanEventEntityResolver] as const;

/** Subscriptions, and the instance's event feed they read (the server starts and stops it). */
export const liveModule: ServerModule = {
  name: 'live',
  resolvers: liveResolvers,
  live: { createFeed: createLiveFeed, eventKeyOf },
};
