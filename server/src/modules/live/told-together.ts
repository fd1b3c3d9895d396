import type { Actor } from '../../core/auth/actor';
import type { Queryable } from '../../core/db/queryable';
import { EventKind } from '../../core/events/event-kinds';
import { EVENT_COLUMNS, toFeedEvent, type EventRow, type FeedEvent } from '../../core/events/event-row';
import type { PlanAccess } from '../plan';
import { canReceive } from './live.policy';

/**
 * "Registrér fremmøde" for a booked samtale held writes two events in one transaction: the held
 * samtale's own (FOLLOW_UP_RECORDED, so its history, the other screens and the mentor it is
 * shared with hear of it) and the booking's (MEETING_ATTENDANCE_RECORDED). The person did one
 * thing, so the plan's list of changes tells it once: the booking's line says it all ("…
 * registrerede samtalen 3. marts 2026 kl. 10.00 som holdt; næste samtale …"), and the held
 * samtale's event is told by it. Both stay stored, in the record's own history and with their
 * audit rows; the count of changes since the last visit counts the one (migration
 * 1700000000083, the same rule in SQL).
 *
 * Told together: the booking's event names the held samtale it became (`followUpId` of its
 * record) and was written in the same transaction (`xid`). It comes after the held samtale's in
 * the log, so a page of the history, newest first, may end between them: the booking's event is
 * looked up by the held samtale's, not found on the page.
 */

/** A column for each row of `plan_event e`: the seq of the booking's event that tells a held samtale's, else null. */
export const TOLD_BY_COLUMN = `CASE WHEN e.kind = '${EventKind.FOLLOW_UP_RECORDED}' THEN
    (SELECT a.seq::text FROM plan_event a
      WHERE a.plan_id = e.plan_id AND a.municipality_id = e.municipality_id AND a.kind = '${EventKind.MEETING_ATTENDANCE_RECORDED}'
        AND a.seq > e.seq AND a.xid = e.xid AND a.payload->'entity'->>'followUpId' = e.entity_id::text
      LIMIT 1)
  END AS told_by`;

/** A row read with TOLD_BY_COLUMN. */
export type RowToldBy = EventRow & { told_by: string | null };

/**
 * The rows' events without those the viewer reads in another line: a held samtale's event whose
 * booking's event the viewer is sent too. A mentor, who is not told of the booking's fremmøde,
 * keeps the held samtale's event shared with them.
 */
export async function withoutToldTogether(db: Queryable, rows: RowToldBy[], actor: Actor, access: PlanAccess, now: () => Date): Promise<FeedEvent[]> {
  const tellers = [...new Set(rows.map((r) => r.told_by).filter((seq): seq is string => seq !== null))];
  const received = new Set<string>();
  if (tellers.length) {
    const found: EventRow[] = await db.query(`SELECT ${EVENT_COLUMNS} FROM plan_event e WHERE e.seq = ANY($1::bigint[])`, [tellers]);
    for (const teller of found.map(toFeedEvent)) if (canReceive(actor, teller, access, now)) received.add(teller.seq);
  }
  return rows.filter((r) => r.told_by === null || !received.has(r.told_by)).map(toFeedEvent);
}
