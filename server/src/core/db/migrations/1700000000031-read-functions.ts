import { MigrationInterface, QueryRunner } from 'typeorm';
import { cachedSelect, cachedWrite } from './plpgsql';

/**
 * Two more statements every read of a plan sends, as functions whose plans PostgreSQL keeps
 * (./plpgsql.ts says why):
 *
 * - `record_reads(reads, fold_seconds)`: the access log's rows of one request's reads, folded
 *   into the current quarter of an hour's row (core/audit/audit.service.ts). Sent as text, its
 *   ON CONFLICT on a partial index took PostgreSQL 0.30 ms to parse and plan on every plan
 *   page, more than inserting the row.
 * - `plan_read_positions(user_id, plan_ids, counts)`: where a user last read each plan and
 *   how many changes by others came after (modules/seen). The excluded kind is a constant in
 *   the text, so the count still reads the partial index plan_event_changes_idx.
 *
 * Changing what they do is a new migration with CREATE OR REPLACE FUNCTION.
 */
export class ReadFunctions1700000000031 implements MigrationInterface {
  name = 'ReadFunctions1700000000031';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      cachedWrite(
        'record_reads(p_reads jsonb, p_fold_seconds int)',
        `      INSERT INTO audit_log (municipality_id, actor_id, actor_unit_id, action, entity_type, entity_id, citizen_id, outcome, channel, count, last_at, fold_bucket)
      SELECT r.m, r.a, r.u, r.action, r.et, r.eid, r.c, 'ALLOWED', r.ch, r.n, now(), floor(extract(epoch FROM now()) / p_fold_seconds)::bigint
        FROM jsonb_to_recordset(p_reads) AS r(m uuid, a uuid, u uuid, action text, et text, eid text, c uuid, ch text, n int)
       ORDER BY r.a, r.c, r.ch, r.action, r.eid
      ON CONFLICT (actor_id, citizen_id, channel, action, entity_id, fold_bucket) WHERE fold_bucket IS NOT NULL
      DO UPDATE SET count = audit_log.count + EXCLUDED.count, last_at = EXCLUDED.last_at`,
      ),
    );
    await q.query(
      cachedSelect(
        'plan_read_positions(p_user_id uuid, p_plan_ids uuid[], p_counts boolean[])',
        'plan_id text, last_seen text, unseen int',
        `    SELECT k.plan_id::text, k.last_seen::text,
           CASE WHEN k.counts THEN
             (SELECT count(*)::int FROM plan_event e
               WHERE e.plan_id = k.plan_id AND e.seq > k.after
                 AND e.kind <> 'WARNINGS_CHANGED' AND e.actor_id IS DISTINCT FROM p_user_id)
           END
      FROM (SELECT u.plan_id, u.counts, rp.seq AS last_seen, COALESCE(rp.seq, 0) AS after
              FROM unnest(p_plan_ids, p_counts) AS u(plan_id, counts)
              LEFT JOIN plan_read_position rp ON rp.user_id = p_user_id AND rp.plan_id = u.plan_id
            OFFSET 0) k`,
      ),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION plan_read_positions(uuid, uuid[], boolean[]); DROP FUNCTION record_reads(jsonb, int)`);
  }
}
