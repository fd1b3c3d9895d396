import DataLoader from 'dataloader';
import type { EntityManager } from 'typeorm';
import { keepPrepared } from '../../core/db/statement-batch';
import { isUuid } from '../../core/loaders';

/** What the next-samtale fields read of a plan's latest held samtale: which one it is, and the samtale agreed at it. */
export interface LatestHeldFollowUp {
  id: string;
  heldAt: Date;
  nextMeetingAt: Date;
}

/**
 * The latest held samtale of each plan: the last one by the time it was held, as the plan's
 * follow-ups list them (Plan.followUps, oldest first); of two recorded as held at the same
 * time, the one recorded last.
 */
const LATEST_HELD_BY_PLAN = keepPrepared(`SELECT DISTINCT ON (plan_id) plan_id, id, held_at, next_meeting_at
   FROM follow_up_meeting WHERE plan_id = ANY($1::uuid[]) ORDER BY plan_id, held_at DESC, created_at DESC`);

/**
 * Each plan's latest held samtale, for any number of plans in one statement that reads one
 * row per plan: a page of Mine sager asks it of 25–100 plans, whose samtaler run to dozens each
 * over a forløb of years. Read in the request's transaction, so row-level security holds as
 * for every loader.
 */
export function latestHeldFollowUpLoader(db: EntityManager): DataLoader<string, LatestHeldFollowUp | null> {
  return new DataLoader<string, LatestHeldFollowUp | null>(async (planIds) => {
    const ids = planIds.filter(isUuid);
    const rows: Array<{ plan_id: string; id: string; held_at: Date; next_meeting_at: Date }> = ids.length ? await db.query(LATEST_HELD_BY_PLAN, [ids]) : [];
    const byPlan = new Map(rows.map((r) => [r.plan_id, { id: r.id, heldAt: r.held_at, nextMeetingAt: r.next_meeting_at }]));
    return planIds.map((id) => byPlan.get(id) ?? null);
  });
}
