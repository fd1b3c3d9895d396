import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A user can be deactivated (`deactivated_at`): their tokens are refused from then on.
 * And rights are not frozen into an open WebSocket: a change of a user's role, unit,
 * municipality, username (the token's subject) or deactivation, and a deleted user, NOTIFY
 * `samplan_user_rights` with the user's id at commit. Every instance LISTENs on its event
 * feed connection and re-checks that user's open sockets (core/auth/user-sockets.ts).
 */
export class UserRights1700000000015 implements MigrationInterface {
  name = 'UserRights1700000000015';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE app_user ADD COLUMN deactivated_at timestamptz;

      CREATE FUNCTION app_user_rights_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('samplan_user_rights', OLD.id::text);
        RETURN NULL;
      END $$;
      CREATE TRIGGER app_user_rights_changed AFTER UPDATE ON app_user FOR EACH ROW
        WHEN (OLD.role IS DISTINCT FROM NEW.role OR OLD.unit_id IS DISTINCT FROM NEW.unit_id
           OR OLD.municipality_id IS DISTINCT FROM NEW.municipality_id OR OLD.username IS DISTINCT FROM NEW.username
           OR OLD.deactivated_at IS DISTINCT FROM NEW.deactivated_at)
        EXECUTE FUNCTION app_user_rights_notify();
      CREATE TRIGGER app_user_removed AFTER DELETE ON app_user FOR EACH ROW EXECUTE FUNCTION app_user_rights_notify();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER app_user_removed ON app_user;
      DROP TRIGGER app_user_rights_changed ON app_user;
      DROP FUNCTION app_user_rights_notify();
      ALTER TABLE app_user DROP COLUMN deactivated_at;
    `);
  }
}
