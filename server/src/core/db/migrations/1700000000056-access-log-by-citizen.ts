import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A citizen's access log read newest first by row id, a page at a time, filtered by period,
 * person and outcome, and counted for the whole filter (modules/plan/access-log-page.ts). The
 * index of migration 2 on (citizen_id, at) cannot give rows in id order: PostgreSQL walked the
 * primary key backwards past every other citizen's rows (0.1 s for a month two years back, in
 * 5 million rows, and more as the log grows), or sorted all of the citizen's rows. The columns
 * the filter and the counts read are included, so both are answered from the index alone.
 *
 * Built in the migrations' one transaction, so not CONCURRENTLY: writes to audit_log (every
 * request's) wait while it builds, a few seconds per ten million rows. Deploy it in a quiet hour.
 */
export class AccessLogByCitizen1700000000056 implements MigrationInterface {
  name = 'AccessLogByCitizen1700000000056';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX audit_log_citizen_id_idx ON audit_log (citizen_id, id) INCLUDE (at, actor_id, outcome)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX audit_log_citizen_id_idx`);
  }
}
