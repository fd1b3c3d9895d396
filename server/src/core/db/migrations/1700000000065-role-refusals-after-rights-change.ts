import { MigrationInterface, QueryRunner } from 'typeorm';
import { flagFunction } from './1700000000064-denials-after-rights-change';

/** How long after a change of a user's rights a refusal by their role does not count. */
const ROLE_REFUSAL_GRACE = '7 days';

/**
 * For a week after an administrator changed a user's role or unit, a refusal by the user's role
 * is logged but no longer counts towards the review of repeated refusals: at the role gate
 * (`CALL_OPERATION`: an operation the role may not call at all) and at a role's allow-list of
 * fields (`READ_FIELD`: a field a leader, a mentor or a citizen may not read).
 *
 * Migration 64 let such refusals pass for two minutes only, and after that only refusals on a
 * record the user had read before. An operation is no record: an administrator made caseworker
 * whose administration page wakes the next morning asks for the staff list, the closed units and
 * the administration's live changes, and three refusals flagged the account; a caseworker made
 * leader with a forløb's page open is refused its fields one row each. A role refusal is
 * given before anything is read, so letting it pass reveals nothing; a refusal on a record (a
 * plan, an intervention) the user never had still counts, so trying ids after a change is seen.
 */
export class RoleRefusalsAfterRightsChange1700000000065 implements MigrationInterface {
  name = 'RoleRefusalsAfterRightsChange1700000000065';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION denied_after_rights_change(actor uuid, denied_at timestamptz, denied_entity text, denied_action text) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT denied_after_rights_change(actor, denied_at, denied_entity)
            OR (denied_action IN ('CALL_OPERATION', 'READ_FIELD') AND EXISTS (
                  SELECT 1 FROM audit_log c
                   WHERE c.action = 'CHANGE_STAFF' AND c.outcome = 'ALLOWED' AND c.entity_id = actor::text
                     AND c.at <= denied_at AND c.at > denied_at - interval '${ROLE_REFUSAL_GRACE}'))
      $$;
    `);
    await q.query(flagFunction((row) => `denied_after_rights_change(${row}.actor_id, ${row}.at, ${row}.entity_id, ${row}.action)`));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(flagFunction((row) => `denied_after_rights_change(${row}.actor_id, ${row}.at, ${row}.entity_id)`));
    await q.query(`DROP FUNCTION denied_after_rights_change(uuid, timestamptz, text, text);`);
  }
}
