import DataLoader from 'dataloader';
import type { EntityManager } from 'typeorm';
import { isUuid } from '../../core/loaders';
import { LATEST_CHANGE_SQL } from './caseload.service';

/**
 * The latest change on each plan of a request (a page of Mine sager: 25–100 plans), in one
 * statement, by the same measure the "Senest ændret" order uses: a row that sorts first
 * then says why. Read in the request's transaction, so row-level security holds.
 */
export function latestChangeLoader(db: EntityManager): DataLoader<string, Date | null> {
  return new DataLoader<string, Date | null>(async (planIds) => {
    const ids = planIds.filter(isUuid);
    const rows: Array<{ id: string; at: Date | null }> = ids.length
      ? await db.query(`SELECT p.id, ${LATEST_CHANGE_SQL} AS at FROM plan p WHERE p.id = ANY($1::uuid[])`, [ids])
      : [];
    const byId = new Map(rows.map((r) => [r.id, r.at]));
    return planIds.map((id) => byId.get(id) ?? null);
  });
}

/** The caseload module's per-request loaders (registered in its manifest, index.ts). */
export const caseloadLoaders = (db: EntityManager) => ({ latestChange: latestChangeLoader(db) });

// Adds these names to `ctx.loaders` (core/loaders.ts explains why by augmentation).
declare module '../../core/loaders' {
  interface Loaders extends ReturnType<typeof caseloadLoaders> {}
}
