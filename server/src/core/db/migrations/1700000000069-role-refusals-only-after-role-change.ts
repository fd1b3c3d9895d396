import { MigrationInterface, QueryRunner } from 'typeorm';

/** As migration 65: how long after a change of a user's role a refusal by their role does not count. */
const ROLE_REFUSAL_GRACE = '7 days';

/**
 * A refusal by the user's role (`CALL_OPERATION`, `READ_FIELD`) is explained by a change of their
 * rights only if the change gave them another role. Migration 65 let such refusals pass for a
 * week after any change of role or unit: a caseworker moved to another unit, with the same role
 * and so the same operations and fields as before, could then try the administration's and the
 * leaders' operations every day for a week, and none of it counted towards the review of repeated
 * refusals. A unit is no right to an operation or a field; after a move, refusals by role count
 * again from the end of the two minutes (migration 64), as they do for anyone.
 *
 * Which role the change took the user from, and to, is on the change's own audit row
 * (`role_before`, `role_after`, written by changeStaff from now on); the audit log stays the only
 * record of the change. A row written before this migration says neither: it is read as no change
 * of role, so its refusals by role count. Counting too many refusals asks a leader to look at a
 * flag that lists them; counting too few hides someone trying operations their role never had.
 * Such rows are out of the week by a week after this migration.
 *
 * Whether the refused operation or field was one the former role could use is not known to the
 * database (the role gate and the allow-lists are the server's code), so any refusal by role in
 * the week after a change of role passes, as in migration 65.
 */
export class RoleRefusalsOnlyAfterRoleChange1700000000069 implements MigrationInterface {
  name = 'RoleRefusalsOnlyAfterRoleChange1700000000069';

  async up(q: QueryRunner): Promise<void> {
    // NOT VALID: no row written before has either column, and the log is not scanned under the table's lock to learn it.
    await q.query(`
      ALTER TABLE audit_log
        ADD COLUMN role_before text,
        ADD COLUMN role_after text,
        ADD CONSTRAINT audit_log_role_change_check CHECK (
          (role_before IS NULL AND role_after IS NULL)
          OR (action = 'CHANGE_STAFF' AND role_before IS NOT NULL AND role_after IS NOT NULL)) NOT VALID;
    `);
    await q.query(`
      CREATE OR REPLACE FUNCTION denied_after_rights_change(actor uuid, denied_at timestamptz, denied_entity text, denied_action text) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT denied_after_rights_change(actor, denied_at, denied_entity)
            OR (denied_action IN ('CALL_OPERATION', 'READ_FIELD') AND EXISTS (
                  SELECT 1 FROM audit_log c
                   WHERE c.action = 'CHANGE_STAFF' AND c.outcome = 'ALLOWED' AND c.entity_id = actor::text
                     AND c.at <= denied_at AND c.at > denied_at - interval '${ROLE_REFUSAL_GRACE}'
                     AND c.role_before IS NOT NULL AND c.role_before <> c.role_after))
      $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION denied_after_rights_change(actor uuid, denied_at timestamptz, denied_entity text, denied_action text) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT denied_after_rights_change(actor, denied_at, denied_entity)
            OR (denied_action IN ('CALL_OPERATION', 'READ_FIELD') AND EXISTS (
                  SELECT 1 FROM audit_log c
                   WHERE c.action = 'CHANGE_STAFF' AND c.outcome = 'ALLOWED' AND c.entity_id = actor::text
                     AND c.at <= denied_at AND c.at > denied_at - interval '${ROLE_REFUSAL_GRACE}'))
      $$;
    `);
    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_role_change_check, DROP COLUMN role_after, DROP COLUMN role_before;`);
  }
}
