import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A refusal that joined an attempt (migration 75) carries the attempt's time: `attempt_at`, the
 * time of the attempt's first row, set as the row is written; null for the first row and for every
 * refusal that joined none, so `coalesce(attempt_at, at)` is the time of the attempt a refusal was
 * part of. The leaders' review lists a flag's refusals by that time (two reads of one click are
 * written in parallel, and the one that joins may carry the earlier time), and read it before by
 * looking up each listed row's first row.
 *
 * The log is append-only (migrations 2 and 14), so the time is set before the row is written, by a
 * trigger that runs after the one that joins it (triggers on one event run in the order of their
 * names). Rows joined before this migration are given it here, the one time the log is changed
 * other than by a fold, with the rule held off and every other writer kept out by the table's lock
 * until the migration commits, as migration 16 did for the event log.
 */
export class DenialAttemptTime1700000000077 implements MigrationInterface {
  name = 'DenialAttemptTime1700000000077';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE audit_log ADD COLUMN attempt_at timestamptz;

      CREATE FUNCTION set_denial_attempt_time() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        SELECT h.at INTO NEW.attempt_at FROM audit_log h WHERE h.id = NEW.attempt_of;
        RETURN NEW;
      END $$;
      -- After audit_log_join_denial_attempt, which sets attempt_of ("join" sorts before "set").
      CREATE TRIGGER audit_log_set_denial_attempt_time BEFORE INSERT ON audit_log
        FOR EACH ROW WHEN (NEW.attempt_of IS NOT NULL)
        EXECUTE FUNCTION set_denial_attempt_time();

      ALTER TABLE audit_log NO FORCE ROW LEVEL SECURITY;
      ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only;
      UPDATE audit_log a SET attempt_at = h.at
        FROM audit_log h
       WHERE a.attempt_of IS NOT NULL AND h.id = a.attempt_of;
      ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;
      ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER audit_log_set_denial_attempt_time ON audit_log;
      DROP FUNCTION set_denial_attempt_time();
      ALTER TABLE audit_log DROP COLUMN attempt_at;
    `);
  }
}
