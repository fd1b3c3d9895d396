import { MigrationInterface, QueryRunner } from 'typeorm';

/** How long after an administrator changed a user's role or unit any refusal of theirs is not counted. */
export const RIGHTS_CHANGE_GRACE = '2 minutes';
/** How long after it a refusal on a record the user read before the change is not counted. */
export const READ_BEFORE_GRACE = '7 days';

/**
 * The review's count (migration 10), without the denials `explained` names (a row's alias, `NEW`
 * or `d`, to the condition), or all of them. Migration 65 gives it its own condition.
 */
export const flagFunction = (explained?: (row: 'NEW' | 'd') => string) => `
  CREATE OR REPLACE FUNCTION flag_repeated_denials() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    since timestamptz;
    n int;
    first_at timestamptz;
  BEGIN
    ${explained ? `IF ${explained('NEW')} THEN RETURN NULL; END IF;` : ''}
    -- One user's denials are counted one transaction at a time: two denials committing
    -- together must not both count two and miss the third.
    PERFORM pg_advisory_xact_lock(hashtext('account_review_flag'), hashtext(NEW.actor_id::text));
    SELECT greatest(NEW.at - interval '24 hours', coalesce(max(resolved_at), '-infinity'))
      INTO since FROM account_review_flag WHERE user_id = NEW.actor_id;
    SELECT count(*), min(d.at) INTO n, first_at FROM audit_log d
     WHERE d.actor_id = NEW.actor_id AND d.outcome = 'DENIED' AND d.at > since
       ${explained ? `AND NOT ${explained('d')}` : ''};
    IF n >= 3 THEN
      INSERT INTO account_review_flag (municipality_id, user_id, denials, first_denied_at, last_denied_at)
      VALUES (NEW.municipality_id, NEW.actor_id, n, first_at, NEW.at)
      ON CONFLICT (user_id) WHERE resolved_at IS NULL
      DO UPDATE SET denials = greatest(account_review_flag.denials, EXCLUDED.denials), last_denied_at = EXCLUDED.last_denied_at;
    END IF;
    RETURN NULL;
  END $$;`;

/**
 * Refusals a user meets because an administrator changed their role or unit are still logged,
 * but no longer count towards the review of repeated refusals. The server closes the user's live
 * connection when their rights change, and the screens they have open ask again, with the rights
 * they no longer have: a caseworker made mentor with a plan open is refused the plan, its live
 * changes and who else has it open, at once, and three such refusals flagged the account for a
 * leader's review. That is the change showing, not someone probing.
 *
 * Not counted: any refusal in the first two minutes after the change (the screens asking again,
 * operations and fields included), and, for a week after it, a refusal on a record the user had
 * been let read in the 30 days before it (a laptop woken the next morning with the plan open).
 * A refusal on a record they never had still counts, so trying ids after a change is seen.
 *
 * The change is its audit row (`CHANGE_STAFF`, written in the change's own transaction); the
 * audit log stays the only record, as in migration 10. A partial index holds only those rows, so
 * the check is one lookup for a user whose rights did not change.
 */
export class DenialsAfterRightsChange1700000000064 implements MigrationInterface {
  name = 'DenialsAfterRightsChange1700000000064';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX audit_log_rights_change_idx ON audit_log (entity_id, at) WHERE action = 'CHANGE_STAFF' AND outcome = 'ALLOWED';
      CREATE FUNCTION denied_after_rights_change(actor uuid, denied_at timestamptz, denied_entity text) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT EXISTS (
          SELECT 1 FROM audit_log c
           WHERE c.action = 'CHANGE_STAFF' AND c.outcome = 'ALLOWED' AND c.entity_id = actor::text
             AND c.at <= denied_at AND c.at > denied_at - interval '${READ_BEFORE_GRACE}'
             AND (c.at > denied_at - interval '${RIGHTS_CHANGE_GRACE}'
                  OR EXISTS (SELECT 1 FROM audit_log a
                              WHERE a.actor_id = actor AND a.at < c.at AND a.at > c.at - interval '30 days'
                                AND a.outcome = 'ALLOWED' AND a.entity_id = denied_entity)))
      $$;
    `);
    await q.query(flagFunction((row) => `denied_after_rights_change(${row}.actor_id, ${row}.at, ${row}.entity_id)`));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(flagFunction());
    await q.query(`
      DROP FUNCTION denied_after_rights_change(uuid, timestamptz, text);
      DROP INDEX audit_log_rights_change_idx;
    `);
  }
}
