import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A member of staff who leaves one municipality (their account there deactivated) and is invited
 * by another moves their login at their next sign-in: the old account lets go of it and the
 * invitation is bound. A token issued before the deactivation is the old account's — a tab left
 * signed in there, a token someone kept — and must not act as the new one. Once released, the old
 * account no longer names the login, so the new one records what it moved from:
 *
 * - `moved_from_id`: the account the login was bound to before this one (never deleted: the
 *   access log's record); null for a login bound here first.
 * - `moved_from_deactivated_at`: when that account was deactivated, kept here because the old
 *   account may be reactivated meanwhile. A token not issued after it is refused as the old
 *   account's (core/auth/authenticate.ts).
 *
 * Accounts moved before this migration record nothing: tokens from before their move are past
 * the maximum token age long since, or soon.
 */
export class StaffMovedFrom1700000000073 implements MigrationInterface {
  name = 'StaffMovedFrom1700000000073';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE app_user
        ADD COLUMN moved_from_id uuid REFERENCES app_user(id),
        ADD COLUMN moved_from_deactivated_at timestamptz,
        ADD CONSTRAINT app_user_moved_from_whole CHECK ((moved_from_id IS NULL) = (moved_from_deactivated_at IS NULL));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE app_user DROP CONSTRAINT app_user_moved_from_whole, DROP COLUMN moved_from_deactivated_at, DROP COLUMN moved_from_id`);
  }
}
