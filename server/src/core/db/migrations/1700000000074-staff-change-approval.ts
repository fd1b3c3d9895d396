import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Four eyes on a change of role or unit of an account that has signed in. Migration 70 made an
 * invitation wait for another administrator's approval, and a change before the first sign-in
 * makes it wait again; once signed in, one administrator alone could still make the login a
 * caseworker in a unit (a login they hold themself, invited as a mentor who sees no citizen) or
 * an administrator who then approves their next invitations. Such a change now waits: the
 * account keeps its approved role and unit until another active administrator of the
 * municipality approves it (changeStaff, approveStaffChange).
 *
 * - `pending_role`, `pending_unit_id`: the role and unit asked for; the account's own `role` and
 *   `unit_id` stay what they are, so access (and the rights trigger of migration 15) knows nothing
 *   of a change until it is approved. Empty while nothing waits.
 * - `pending_requested_by`, `pending_requested_at`: the administrator who asked, and when. Never
 *   the person themself (an administrator's own role and unit are another's to change).
 * - `placement_requested_by`, `placement_approved_by`, `placement_approved_at`: the latest change
 *   approved, who asked for it and who approved it. Never the one who asked, nor the person
 *   themself (`app_user_placement_approved_by_another`): the database refuses a self-approval
 *   as it does for invitations.
 *
 * Every existing row has none of them, so the checks hold for all rows and nothing is rewritten.
 */
export class StaffChangeApproval1700000000074 implements MigrationInterface {
  name = 'StaffChangeApproval1700000000074';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE app_user
        ADD COLUMN pending_role text CHECK (pending_role IN ('CASEWORKER', 'LEADER', 'MENTOR', 'ADMINISTRATOR')),
        ADD COLUMN pending_unit_id uuid REFERENCES unit(id),
        ADD COLUMN pending_requested_by uuid REFERENCES app_user(id),
        ADD COLUMN pending_requested_at timestamptz,
        ADD COLUMN placement_requested_by uuid REFERENCES app_user(id),
        ADD COLUMN placement_approved_by uuid REFERENCES app_user(id),
        ADD COLUMN placement_approved_at timestamptz,
        ADD CONSTRAINT app_user_pending_change_whole CHECK (
          (pending_role IS NULL) = (pending_requested_by IS NULL) AND (pending_role IS NULL) = (pending_requested_at IS NULL)
          AND (pending_role IS NOT NULL OR pending_unit_id IS NULL)),
        ADD CONSTRAINT app_user_pending_change_by_another CHECK (pending_requested_by <> id),
        ADD CONSTRAINT app_user_placement_approval_whole CHECK (
          (placement_approved_by IS NULL) = (placement_requested_by IS NULL) AND (placement_approved_by IS NULL) = (placement_approved_at IS NULL)),
        ADD CONSTRAINT app_user_placement_approved_by_another CHECK (placement_approved_by <> placement_requested_by AND placement_approved_by <> id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE app_user
        DROP CONSTRAINT app_user_placement_approved_by_another,
        DROP CONSTRAINT app_user_placement_approval_whole,
        DROP CONSTRAINT app_user_pending_change_by_another,
        DROP CONSTRAINT app_user_pending_change_whole,
        DROP COLUMN placement_approved_at,
        DROP COLUMN placement_approved_by,
        DROP COLUMN placement_requested_by,
        DROP COLUMN pending_requested_at,
        DROP COLUMN pending_requested_by,
        DROP COLUMN pending_unit_id,
        DROP COLUMN pending_role;
    `);
  }
}
