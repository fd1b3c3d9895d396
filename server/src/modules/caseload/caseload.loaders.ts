import DataLoader from 'dataloader';
import type { EntityManager } from 'typeorm';
import { isUuid } from '../../core/loaders';
import { LATEST_CHANGE_SQL, latestEventOfPlan } from './caseload.service';

/** The latest change on a plan, and who made it when it was an event on the plan (anyone else's change has its own `updatedBy`). */
export interface LatestChange {
  at: Date | null;
  /** The actor of the newest event, when that event is the latest change; null for the go-live import and Samplan's own events. */
  byId: string | null;
}

/**
 * The latest change on each plan of a request (a page of Mine sager: 25–100 plans), in one
 * statement, by the same measure the "Senest ændret" order uses: a row that sorts first
 * then says why, and who. Read in the request's transaction, so row-level security holds.
 */
export function latestChangeLoader(db: EntityManager): DataLoader<string, LatestChange> {
  return new DataLoader<string, LatestChange>(async (planIds) => {
    const ids = planIds.filter(isUuid);
    const rows: Array<{ id: string; at: Date | null; by_id: string | null }> = ids.length
      ? await db.query(
          `SELECT id, at, CASE WHEN event_at >= at THEN actor_id END AS by_id
             FROM (SELECT p.id, ${LATEST_CHANGE_SQL} AS at, ${latestEventOfPlan('at')} AS event_at, ${latestEventOfPlan('actor_id')} AS actor_id
                     FROM plan p WHERE p.id = ANY($1::uuid[])) latest`,
          [ids],
        )
      : [];
    const byId = new Map(rows.map((r) => [r.id, { at: r.at, byId: r.by_id }]));
    return planIds.map((id) => byId.get(id) ?? { at: null, byId: null });
  });
}

/** The caseload module's per-request loaders (registered in its manifest, index.ts). */
export const caseloadLoaders = (db: EntityManager) => ({ latestChange: latestChangeLoader(db) });

// Adds these names to `ctx.loaders` (core/loaders.ts explains why by augmentation).
declare module '../../core/loaders' {
  interface Loaders extends ReturnType<typeof caseloadLoaders> {}
}
