import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every row of the administration log (audit rows about a unit, a member of staff or the
 * municipality: the administration page's log tab) notifies `samplan_administration` with
 * the row's municipality, entity and outcome, delivered by PostgreSQL at the row's commit.
 * The open administration pages then show a changed unit or member of staff as it is now,
 * and read the log's newest lines again. A trigger, not each writer: the rows come from the
 * administrators' changes, a leader's own frames, first sign-ins, refused sign-ins and the
 * setup command, and none of them can forget it. Before, only the administrators' own
 * changes notified, from the application.
 */
export class AdministrationLogNotice1700000000047 implements MigrationInterface {
  name = 'AdministrationLogNotice1700000000047';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION notify_administration_log() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM pg_notify('samplan_administration', json_build_object(
          'municipalityId', NEW.municipality_id, 'entityType', NEW.entity_type, 'entityId', NEW.entity_id, 'outcome', NEW.outcome)::text);
        RETURN NULL;
      END
      $fn$;
      CREATE TRIGGER audit_log_administration_notice AFTER INSERT ON audit_log
        FOR EACH ROW WHEN (NEW.entity_type IN ('UNIT', 'STAFF', 'MUNICIPALITY') AND NEW.municipality_id IS NOT NULL)
        EXECUTE FUNCTION notify_administration_log();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER audit_log_administration_notice ON audit_log; DROP FUNCTION notify_administration_log()`);
  }
}
