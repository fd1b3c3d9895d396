import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A record's history: `planHistory(recordId)` and the check of whose saved values a save
 * replaced read one record's events of one plan, newest first. Without this index they
 * walk every event of the plan (plan_event_plan_idx) and filter.
 */
export class PlanEventRecordHistory1700000000022 implements MigrationInterface {
  name = 'PlanEventRecordHistory1700000000022';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX plan_event_plan_entity_idx ON plan_event (plan_id, entity_id, seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX plan_event_plan_entity_idx`);
  }
}
