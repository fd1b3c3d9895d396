import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Repeated denied accesses flag the account for review.
 * The audit log stays the record: a flag is derived from its DENIED rows, written by a
 * trigger in the same transaction as the third denial within 24 hours, so no code path
 * that writes a denial can forget it. One open flag per user; a leader resolves it, and
 * only denials after the resolution count towards the next flag.
 */
export class AccountReview1700000000010 implements MigrationInterface {
  name = 'AccountReview1700000000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE account_review_flag (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        municipality_id uuid REFERENCES municipality(id),
        user_id uuid NOT NULL REFERENCES app_user(id),
        flagged_at timestamptz NOT NULL DEFAULT now(),
        -- Denials counted when the flag was raised (and raised since, while it is open).
        denials int NOT NULL,
        first_denied_at timestamptz NOT NULL,
        last_denied_at timestamptz NOT NULL,
        resolved_at timestamptz,
        resolved_by uuid REFERENCES app_user(id),
        resolution text,
        CHECK ((resolved_at IS NULL) = (resolved_by IS NULL))
      );
      CREATE UNIQUE INDEX account_review_flag_open_idx ON account_review_flag (user_id) WHERE resolved_at IS NULL;
      CREATE INDEX account_review_flag_municipality_idx ON account_review_flag (municipality_id, flagged_at);
      CREATE INDEX audit_log_denied_idx ON audit_log (actor_id, at) WHERE outcome = 'DENIED';

      CREATE FUNCTION flag_repeated_denials() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        since timestamptz;
        n int;
        first_at timestamptz;
      BEGIN
        -- One user's denials are counted one transaction at a time: two denials committing
        -- together must not both count two and miss the third.
        PERFORM pg_advisory_xact_lock(hashtext('account_review_flag'), hashtext(NEW.actor_id::text));
        SELECT greatest(NEW.at - interval '24 hours', coalesce(max(resolved_at), '-infinity'))
          INTO since FROM account_review_flag WHERE user_id = NEW.actor_id;
        SELECT count(*), min(at) INTO n, first_at FROM audit_log
         WHERE actor_id = NEW.actor_id AND outcome = 'DENIED' AND at > since;
        IF n >= 3 THEN
          INSERT INTO account_review_flag (municipality_id, user_id, denials, first_denied_at, last_denied_at)
          VALUES (NEW.municipality_id, NEW.actor_id, n, first_at, NEW.at)
          ON CONFLICT (user_id) WHERE resolved_at IS NULL
          DO UPDATE SET denials = greatest(account_review_flag.denials, EXCLUDED.denials), last_denied_at = EXCLUDED.last_denied_at;
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER audit_log_flag_denials AFTER INSERT ON audit_log
        FOR EACH ROW WHEN (NEW.outcome = 'DENIED' AND NEW.actor_id IS NOT NULL)
        EXECUTE FUNCTION flag_repeated_denials();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER audit_log_flag_denials ON audit_log;
      DROP FUNCTION flag_repeated_denials();
      DROP INDEX audit_log_denied_idx;
      DROP TABLE account_review_flag;
    `);
  }
}
