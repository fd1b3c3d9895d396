import { MigrationInterface, QueryRunner } from 'typeorm';
import { FACTS } from './1700000000037-health-talk-guidance';

/**
 * A forløb registered by mistake (the wrong citizen, the wrong type, a duplicate) never ran, also
 * when its first day has come: "Registreret ved en fejl", with the reason, who marked it and when
 * (`registered_in_error_reason`, `registered_in_error_at`, `registered_in_error_by`). Marking it
 * ends it when it runs; the forløb, its plan and its history stay. The mark can be taken back
 * (with a reason, in the audit log and the plan's history): the columns are then empty again.
 *
 * Stopped before its first day (migration 58) and registered by mistake are two reasons for one
 * fact, that the forløb ran on no day. Everything that asks whether a forløb ran reads the one
 * column `never_ran`, kept by PostgreSQL from the two (a stored generated column): the age rules,
 * the count of earlier jobafklaringsforløb (`programme_warning_facts`, made again here), Min plan
 * and the key figures. No forløb stored before is marked: nothing to fill in.
 */
export class ProgrammeRegisteredInError1700000000062 implements MigrationInterface {
  name = 'ProgrammeRegisteredInError1700000000062';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE programme
        ADD COLUMN registered_in_error_reason text,
        ADD COLUMN registered_in_error_at timestamptz,
        ADD COLUMN registered_in_error_by uuid REFERENCES app_user(id);
      ALTER TABLE programme ADD CONSTRAINT programme_registered_in_error CHECK (
        (registered_in_error_reason IS NULL) = (registered_in_error_at IS NULL)
        AND (registered_in_error_by IS NULL OR registered_in_error_at IS NOT NULL)
        AND (registered_in_error_at IS NULL OR status = 'ENDED')
        AND (registered_in_error_reason IS NULL OR char_length(registered_in_error_reason) BETWEEN 1 AND 500));
      ALTER TABLE programme ADD COLUMN never_ran boolean
        GENERATED ALWAYS AS (stopped_before_start OR registered_in_error_at IS NOT NULL) STORED;
    `);
    await q.query(`DROP FUNCTION programme_warning_facts(uuid[])`);
    await q.query(FACTS(true, true, true, 'never-ran', true, true, true));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION programme_warning_facts(uuid[])`);
    await q.query(FACTS(true, true, true, 'stopped-mark', true, true, true));
    await q.query(`
      ALTER TABLE programme DROP COLUMN never_ran;
      ALTER TABLE programme DROP CONSTRAINT programme_registered_in_error;
      ALTER TABLE programme DROP COLUMN registered_in_error_by, DROP COLUMN registered_in_error_at, DROP COLUMN registered_in_error_reason;
    `);
  }
}
