import { MigrationInterface, QueryRunner } from 'typeorm';
import { flagFunction } from './1700000000064-denials-after-rights-change';

/** How close together two refusals of one record must be to be one attempt (a page's reads of one click). */
const ONE_ATTEMPT_WITHIN = '10 seconds';

/** Refusals a change of the user's rights explains (migrations 64, 65, 69): logged, not counted. */
const explained = (row: 'NEW' | 'd') => `denied_after_rights_change(${row}.actor_id, ${row}.at, ${row}.entity_id, ${row}.action)`;

/** Not counted either: a refusal that is part of an attempt counted by its first row. */
const explainedOrPartOfAttempt = (row: 'NEW' | 'd') => `(${explained(row)} OR ${row}.attempt_of IS NOT NULL)`;

/**
 * The review of repeated refusals counts attempts, not rows. One click on a plan the caseworker
 * may not read sends the plan page's reads together — the plan and its history — and each is
 * refused and logged, so two clicks reached the review's three and four opens showed eight. A
 * refusal of a record by the same user, by another action, within ten seconds of an attempt's
 * first refusal of it is part of that attempt: `attempt_of` names the attempt's first row, set as
 * the row is written (so the log says it, and the review and its list read it alike). The same
 * action on the same record again is a new attempt (the page opened again, or ids tried by a
 * script), as is a refusal with no record. Every refusal stays in the log, as before.
 *
 * No row carries a request id that would tie a page's reads together: each read is a request
 * of its own. Rows written before this count one each, as they did.
 */
export class DenialAttempts1700000000075 implements MigrationInterface {
  name = 'DenialAttempts1700000000075';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE audit_log ADD COLUMN attempt_of bigint;

      CREATE FUNCTION join_denial_attempt() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- Taken here, as the count takes it (flag_repeated_denials): of a page's reads committing
        -- together, the second sees the first and joins its attempt.
        PERFORM pg_advisory_xact_lock(hashtext('account_review_flag'), hashtext(NEW.actor_id::text));
        SELECT s.id INTO NEW.attempt_of FROM audit_log s
         WHERE s.actor_id = NEW.actor_id AND s.outcome = 'DENIED' AND s.attempt_of IS NULL
           AND s.at BETWEEN NEW.at - interval '${ONE_ATTEMPT_WITHIN}' AND NEW.at + interval '${ONE_ATTEMPT_WITHIN}'
           AND s.entity_type = NEW.entity_type AND s.entity_id = NEW.entity_id AND s.action <> NEW.action
           -- An attempt holds each action once: the same read again is the next attempt.
           AND NOT EXISTS (
             SELECT 1 FROM audit_log r
              WHERE r.actor_id = NEW.actor_id AND r.outcome = 'DENIED' AND r.attempt_of = s.id AND r.action = NEW.action
                AND r.at BETWEEN NEW.at - interval '${ONE_ATTEMPT_WITHIN}' * 2 AND NEW.at + interval '${ONE_ATTEMPT_WITHIN}' * 2)
         ORDER BY s.id DESC LIMIT 1;
        RETURN NEW;
      END $$;
      CREATE TRIGGER audit_log_join_denial_attempt BEFORE INSERT ON audit_log
        FOR EACH ROW WHEN (NEW.outcome = 'DENIED' AND NEW.actor_id IS NOT NULL AND NEW.entity_id IS NOT NULL)
        EXECUTE FUNCTION join_denial_attempt();
    `);
    await q.query(flagFunction(explainedOrPartOfAttempt));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(flagFunction(explained));
    await q.query(`
      DROP TRIGGER audit_log_join_denial_attempt ON audit_log;
      DROP FUNCTION join_denial_attempt();
      ALTER TABLE audit_log DROP COLUMN attempt_of;
    `);
  }
}
