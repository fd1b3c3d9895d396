import type { DataSource } from 'typeorm';
import type { Queryable } from '../../core/db/queryable';
import type { FeedEvent } from '../../core/events/event-row';
import { rowsByIds } from '../../core/loaders';
import { Unit, User } from '../org';

/** What `event.refs` holds once loaded: the actor and their unit, as the API shows them. */
export interface EventRefs {
  actor: User | null;
  unit: Unit | null;
}

/**
 * Loads the actors and units of a batch (live) or a page (replay) in two queries and puts
 * them on the events. Without it each subscription's own DataLoader would ask once per
 * subscriber for the first event of a new actor: a thousand subscribers, a thousand queries.
 * The live feed runs it after every change, through `q` kept prepared on the pool (the
 * loaders' statements, not TypeORM's query builder, which cost more than the reads).
 */
export async function loadRefs(ds: DataSource, events: FeedEvent[], q: Queryable = ds): Promise<void> {
  const userIds = [...new Set(events.map((e) => e.actorId).filter((id): id is string => !!id))];
  const unitIds = [...new Set(events.map((e) => e.unitId).filter((id): id is string => !!id))];
  const [users, units] = await Promise.all([
    rowsByIds(ds.manager, User, userIds, q),
    rowsByIds(ds.manager, Unit, unitIds, q),
  ]);
  const userById = new Map(users.map((u) => [u.id, u]));
  const unitById = new Map(units.map((u) => [u.id, u]));
  for (const e of events) {
    const refs: EventRefs = { actor: (e.actorId && userById.get(e.actorId)) || null, unit: (e.unitId && unitById.get(e.unitId)) || null };
    e.refs = refs as unknown as Record<string, unknown>;
  }
}

export const refsOf = (e: FeedEvent): EventRefs | undefined => e.refs as EventRefs | undefined;
