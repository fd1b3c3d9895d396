import { poolQueryable } from '../../core/db/pool-query';
import { EventFeed } from '../../core/events/event-feed';
import type { LiveFeedOptions } from '../../core/module';
import type { PlanAccess } from '../plan';
import { loadRefs } from './live-refs';
import { recordLiveDeliveries } from './live-trace';
import { loadAccessMap } from './live.policy';

/** The instance's feed, wired to the plan access rules used for every delivery. */
export function createLiveFeed(o: LiveFeedOptions): EventFeed<PlanAccess> {
  // The feed's reads run on every change: kept prepared like the requests' own statements.
  const pool = poolQueryable(o.dataSource, { prepare: o.preparedStatements });
  return new EventFeed<PlanAccess>({
    dataSource: o.dataSource,
    url: o.url,
    logger: o.logger,
    pollMs: o.pollMs,
    preparedStatements: o.preparedStatements,
    loadAccess: (ids) => loadAccessMap(pool, ids),
    prepare: (events) => loadRefs(o.dataSource, events, pool),
    // Every live delivery is in the citizen's access log, written once per fan-out.
    record: recordLiveDeliveries(pool),
  });
}
