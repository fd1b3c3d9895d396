import type { DataSource } from 'typeorm';
import { EventFeed } from '../../core/events/event-feed';
import type { Logger } from '../../core/logging/logger';
import type { PlanAccess } from '../plan';
import { loadRefs } from './live-refs';
import { recordLiveDeliveries } from './live-trace';
import { loadAccessMap } from './live.policy';

/** The instance's feed, wired to the plan access rules used for every delivery. */
export function createLiveFeed(o: { dataSource: DataSource; url: string; logger: Logger; pollMs?: number }): EventFeed<PlanAccess> {
  return new EventFeed<PlanAccess>({
    dataSource: o.dataSource,
    url: o.url,
    logger: o.logger,
    pollMs: o.pollMs,
    loadAccess: (ids) => loadAccessMap(o.dataSource, ids),
    prepare: (events) => loadRefs(o.dataSource, events),
    // Every live delivery is in the citizen's access log, written once per fan-out.
    record: recordLiveDeliveries(o.dataSource),
  });
}
