/** Live updates: subscriptions over the event feed (docs/architecture.md). */
export { LiveResolver } from './live.resolver';
export { LIVE_FROM_DESCRIPTION } from './live-from.resolver';
export { PlanEvent } from './plan-event.type';
export { registerPlanRecordType } from './plan-record.union';
export { canReceive, loadAccessMap } from './live.policy';
export { createLiveFeed } from './live-feed';
export { eventKeyOf } from './live-stream';
export { registerRoleEventView, type RoleEventLike, type RoleEventView } from './role-views';

import type { ServerModule } from '../../core/module';
import { createLiveFeed } from './live-feed';
import { eventKeyOf } from './live-stream';
import { LiveResolver } from './live.resolver';
import { PlanLiveFromResolver } from './live-from.resolver';
import { PlanEventRecordResolver } from './plan-event-record.resolver';
import { PlanHistoryResolver } from './plan-history.resolver';

export const liveResolvers = [LiveResolver, PlanLiveFromResolver, PlanEventRecordResolver, PlanHistoryResolver] as const;

/** Subscriptions, and the instance's event feed they read (the server starts and stops it). */
export const liveModule: ServerModule = {
  name: 'live',
  resolvers: liveResolvers,
  live: { createFeed: createLiveFeed, eventKeyOf },
};
