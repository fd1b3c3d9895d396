/** Live updates: subscriptions over the event feed (ARCHITECTURE decision 4). */
export { LiveResolver } from './live.resolver';
export { PlanEvent } from './plan-event.type';
export { canReceive, loadAccessMap } from './live.policy';
export { createLiveFeed } from './live-feed';
export { eventKeyOf } from './live-stream';

import { LiveResolver } from './live.resolver';
import { PlanEventEntityResolver } from './plan-event-entity.resolver';
export const liveResolvers = [LiveResolver, PlanEventEntityResolver] as const;
