import DataLoader from 'dataloader';
import type { EntityManager } from 'typeorm';
import { isUuid } from '../../core/loaders';
import { keepPrepared } from '../../core/db/statement-batch';

/** Whose position in which plan. The viewer is part of the key: a loader is made before the request knows its caller. */
export interface ReadPositionKey {
  userId: string;
  planId: string;
  /** False for a mentor, whose share of a plan's events is not counted (see readPositionLoader). */
  countsEvents: boolean;
}

export interface ReadPosition {
  /** The seq the viewer last marked as seen; null when they never did. */
  lastSeenSeq: string | null;
  /** Events after it by others, excluding the rules' own WARNINGS_CHANGED. */
  unseenChangeCount: number;
}

/**
 * Read positions and what came after them, for every plan of a request in one statement
 * (a page of Mine sager is 25–100 plans). A change "by others" is one whose actor is not
 * the viewer; the system's own events other than WARNINGS_CHANGED count too, since
 * somebody did change the plan. Staff who resolve a Plan may see every event of it (the
 * plan guard or the caseload query let them in).
 *
 * A mentor never reaches the Plan type (the plan guard answers NOT_FOUND, the allow-list
 * lists none of its fields), so their count is not computed: it answers 0 rather than a
 * count of events their scoped view would not show (mentor-events.ts).
 *
 * The excluded kind is a constant in the function's text (not input) so that it matches
 * the partial index plan_event_changes_idx (migration 1700000000020), from which each count
 * is read.
 */
export function readPositionLoader(db: EntityManager): DataLoader<ReadPositionKey, ReadPosition, string> {
  return new DataLoader<ReadPositionKey, ReadPosition, string>(
    async (keys) => {
      const out = new Map<string, ReadPosition>();
      const byUser = new Map<string, ReadPositionKey[]>();
      for (const k of keys) if (isUuid(k.planId) && isUuid(k.userId)) byUser.set(k.userId, [...(byUser.get(k.userId) ?? []), k]);
      for (const [userId, mine] of byUser) {
        // plan_read_positions (migration 1700000000031): the positions first, behind a fence
        // (OFFSET 0), so that each count reads only the index entries after its position.
        const rows: Array<{ plan_id: string; last_seen: string | null; unseen: number | null }> = await db.query(
          keepPrepared(`SELECT * FROM plan_read_positions($1::uuid, $2::uuid[], $3::boolean[])`),
          [userId, mine.map((k) => k.planId), mine.map((k) => k.countsEvents)],
        );
        for (const r of rows) out.set(`${userId}:${r.plan_id}`, { lastSeenSeq: r.last_seen, unseenChangeCount: r.unseen ?? 0 });
      }
      return keys.map((k) => out.get(`${k.userId}:${k.planId}`) ?? { lastSeenSeq: null, unseenChangeCount: 0 });
    },
    { cacheKeyFn: (k) => `${k.userId}:${k.planId}` },
  );
}

/** The seen module's per-request loaders (registered in its manifest, index.ts). */
export const seenLoaders = (db: EntityManager) => ({ readPosition: readPositionLoader(db) });

// Adds these names to `ctx.loaders` (core/loaders.ts explains why by augmentation).
declare module '../../core/loaders' {
  interface Loaders extends ReturnType<typeof seenLoaders> {}
}
