import { MigrationInterface, QueryRunner } from 'typeorm';
import { cachedSelect } from './plpgsql';

const SIGNATURE = 'plan_read_positions(p_user_id uuid, p_plan_ids uuid[], p_counts boolean[])';
const RETURNS = 'plan_id text, last_seen text, unseen int';

/** Changes by others after the position, as migration 31 counted them. */
const CHANGES_AFTER = `(SELECT count(*)::int FROM plan_event e
               WHERE e.plan_id = k.plan_id AND e.seq > k.after
                 AND e.kind <> 'WARNINGS_CHANGED' AND e.actor_id IS DISTINCT FROM p_user_id)`;

/**
 * The held samtaler among them that a booking's fremmøde wrote with it: the booking's event
 * names the held samtale (`followUpId`), the two in one transaction (`xid`). Found from the
 * bookings' events after the position (few, by the partial index below), each held samtale's
 * event by its record (plan_event_plan_entity_idx, migration 22).
 */
const TOLD_TOGETHER_AFTER = `(SELECT count(*)::int FROM plan_event a
               WHERE a.plan_id = k.plan_id AND a.seq > k.after
                 AND a.kind = 'MEETING_ATTENDANCE_RECORDED' AND a.actor_id IS DISTINCT FROM p_user_id
                 AND EXISTS (SELECT 1 FROM plan_event f
                              WHERE f.plan_id = a.plan_id AND f.entity_id = (a.payload->'entity'->>'followUpId')::uuid
                                AND f.kind = 'FOLLOW_UP_RECORDED' AND f.seq > k.after AND f.xid = a.xid))`;

const POSITIONS = (count: string) => `    SELECT k.plan_id::text, k.last_seen::text,
           CASE WHEN k.counts THEN ${count} END
      FROM (SELECT u.plan_id, u.counts, rp.seq AS last_seen, COALESCE(rp.seq, 0) AS after
              FROM unnest(p_plan_ids, p_counts) AS u(plan_id, counts)
              LEFT JOIN plan_read_position rp ON rp.user_id = p_user_id AND rp.plan_id = u.plan_id
            OFFSET 0) k`;

const replacing = (select: string) => cachedSelect(SIGNATURE, RETURNS, select).replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION');

/**
 * "Ændringer siden dit sidste besøg" counts what a person did, once: "Registrér fremmøde" for a
 * samtale held writes the booking's event and the held samtale's (FOLLOW_UP_RECORDED, for its
 * own history and the mentor), one action that the plan's list of changes tells in one line
 * (modules/live/told-together.ts). The held samtale's event is not counted when the booking's
 * is. Both events stay, as every event does.
 */
export class AttendanceCountedOnce1700000000083 implements MigrationInterface {
  name = 'AttendanceCountedOnce1700000000083';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX plan_event_attendance_idx ON plan_event (plan_id, municipality_id, seq) WHERE kind = 'MEETING_ATTENDANCE_RECORDED'`);
    await q.query(replacing(POSITIONS(`${CHANGES_AFTER}\n             - ${TOLD_TOGETHER_AFTER}`)));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(replacing(POSITIONS(CHANGES_AFTER)));
    await q.query(`DROP INDEX plan_event_attendance_idx`);
  }
}
