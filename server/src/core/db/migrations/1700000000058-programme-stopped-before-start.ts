import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A forløb ended on its first day ran that day; one ended before it never ran. Since migration 40
 * both were stored alike, with the start day as the end, and everything that asks whether a
 * forløb ran (the age rules, the count of jobafklaringsforløb, Min plan, the key figures) read
 * that as never ran: a citizen who got a job, moved or died on the first day was in no forløb.
 * Now the one stopped before its first day is marked (`stopped_before_start`); the end date stays
 * its start day, so a reader not yet asking the mark reads both as before.
 *
 * Those stored before: one whose ending was written before its first day (the PROGRAMME_UPDATED
 * event that set it ENDED, by the Danish day it was written) was stopped before it began; one
 * whose ending was written on that day ran it. One with no such event (written outside Samplan)
 * keeps the reading it had, never ran.
 */
export class ProgrammeStoppedBeforeStart1700000000058 implements MigrationInterface {
  name = 'ProgrammeStoppedBeforeStart1700000000058';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE programme ADD COLUMN stopped_before_start boolean NOT NULL DEFAULT false`);
    // The tables are under forced row-level security (migration 11), which binds their owner
    // too: lifted for this transaction, as in migrations 16 and 57, so the back-fill reaches
    // every municipality whether or not the migrating role is a superuser.
    await q.query(`ALTER TABLE programme NO FORCE ROW LEVEL SECURITY; ALTER TABLE plan NO FORCE ROW LEVEL SECURITY; ALTER TABLE plan_event NO FORCE ROW LEVEL SECURITY`);
    await q.query(`
      UPDATE programme pr SET stopped_before_start = true
       WHERE pr.status = 'ENDED' AND pr.end_date = pr.start_date
         AND NOT EXISTS (
           SELECT 1 FROM plan_event e JOIN plan p ON p.id = e.plan_id
            WHERE p.programme_id = pr.id AND e.kind = 'PROGRAMME_UPDATED'
              AND e.payload->'changes' @> '[{"field": "status", "after": "ENDED"}]'::jsonb
              AND (e.at AT TIME ZONE 'Europe/Copenhagen')::date >= pr.start_date)`);
    await q.query(`ALTER TABLE programme FORCE ROW LEVEL SECURITY; ALTER TABLE plan FORCE ROW LEVEL SECURITY; ALTER TABLE plan_event FORCE ROW LEVEL SECURITY`);
    // Only an ended forløb can have been stopped, and it is stored ending on its start day.
    await q.query(`ALTER TABLE programme ADD CONSTRAINT programme_stopped_before_start
      CHECK (NOT stopped_before_start OR (status = 'ENDED' AND end_date = start_date))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE programme DROP CONSTRAINT programme_stopped_before_start`);
    await q.query(`ALTER TABLE programme DROP COLUMN stopped_before_start`);
  }
}
