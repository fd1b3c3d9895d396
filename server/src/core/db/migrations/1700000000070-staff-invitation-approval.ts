import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Four eyes on staff invitations. An administrator who invites someone under a login they hold
 * themself (a second e-mail address, a login-id of their own) would read citizens' plans as that
 * caseworker the moment they signed in, with no one else having agreed. So an invitation made by
 * an administrator binds at a sign-in only once another active administrator of the municipality
 * has approved it.
 *
 * - `invited_by`: the administrator who invited the person (inviteStaff). Empty for every row
 *   made before this migration, and for the accounts the operations make (`npm run setup`, its
 *   `--recover-admin`), citizens' own accounts and the demo's: those count as approved, and
 *   existing accounts keep signing in as before.
 * - `approved_by`, `approved_at`: the other administrator who approved it (approveStaffInvitation),
 *   and when. Never the one who invited (`app_user_approved_by_another`).
 * - An invitation awaiting approval is never activated (`app_user_activated_approved`): the
 *   database refuses the binding, whatever a sign-in's code does.
 *
 * And, for the staff list's "Aktiv igen siden": the latest reactivation of a person is read from
 * their own lines of the administration log, one index lookup each (audit_log_reactivation_idx),
 * instead of grouping every reactivation of every municipality at each read of the list.
 *
 * app_user's new columns and checks need no rows rewritten: every existing row has no inviter,
 * so the checks hold for all of them. The index is built in the migrations' one transaction, so
 * not CONCURRENTLY: though it holds the reactivations only, its build reads the whole log, and
 * writes to audit_log (every request's) wait while it builds. Deploy it in a quiet hour.
 */
export class StaffInvitationApproval1700000000070 implements MigrationInterface {
  name = 'StaffInvitationApproval1700000000070';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE app_user
        ADD COLUMN invited_by uuid REFERENCES app_user(id),
        ADD COLUMN approved_by uuid REFERENCES app_user(id),
        ADD COLUMN approved_at timestamptz,
        ADD CONSTRAINT app_user_approval_whole CHECK ((approved_by IS NULL) = (approved_at IS NULL)),
        ADD CONSTRAINT app_user_approved_by_another CHECK (approved_by IS NULL OR approved_by <> invited_by),
        ADD CONSTRAINT app_user_activated_approved CHECK (invited_by IS NULL OR approved_at IS NOT NULL OR activated_at IS NULL);
      CREATE INDEX audit_log_reactivation_idx ON audit_log (entity_id, at) WHERE action = 'REACTIVATE_STAFF' AND outcome = 'ALLOWED';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX audit_log_reactivation_idx;
      ALTER TABLE app_user
        DROP CONSTRAINT app_user_activated_approved,
        DROP CONSTRAINT app_user_approved_by_another,
        DROP CONSTRAINT app_user_approval_whole,
        DROP COLUMN approved_at,
        DROP COLUMN approved_by,
        DROP COLUMN invited_by;
    `);
  }
}
