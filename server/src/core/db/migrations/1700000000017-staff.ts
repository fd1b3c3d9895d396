import { MigrationInterface, QueryRunner } from 'typeorm';

/** Drops whichever CHECK constraint on app_user constrains `role` (its name depends on which migration wrote it last). */
const DROP_ROLE_CHECK = `
  DO $$ DECLARE c record; BEGIN
    FOR c IN SELECT conname FROM pg_constraint
              WHERE conrelid = 'app_user'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%role%'
    LOOP
      EXECUTE format('ALTER TABLE app_user DROP CONSTRAINT %I', c.conname);
    END LOOP;
  END $$;
`;

/** The rights trigger of migration 1700000000015, watching `tokenColumn` as the column the token's subject is matched on. */
const rightsTrigger = (tokenColumn: 'username' | 'subject') => `
  DROP TRIGGER app_user_rights_changed ON app_user;
  CREATE TRIGGER app_user_rights_changed AFTER UPDATE ON app_user FOR EACH ROW
    WHEN (OLD.role IS DISTINCT FROM NEW.role OR OLD.unit_id IS DISTINCT FROM NEW.unit_id
       OR OLD.municipality_id IS DISTINCT FROM NEW.municipality_id OR OLD.${tokenColumn} IS DISTINCT FROM NEW.${tokenColumn}
       OR OLD.deactivated_at IS DISTINCT FROM NEW.deactivated_at)
    EXECUTE FUNCTION app_user_rights_notify();
`;

/**
 * Staff are the municipality's own: an administrator invites them by e-mail or by the identity
 * provider's subject, and the first sign-in binds the invitation to the subject.
 *
 * - `subject`: the provider's subject, unique across Samplan (one person, one user). Existing
 *   (demo) users sign in with their username as subject, so they keep doing so.
 * - `email`: lower-case, unique within a municipality; a token carrying it binds the invitation.
 * - `invited_at` / `activated_at`: status is derived — INVITED until the first sign-in, ACTIVE
 *   after, DEACTIVATED while `deactivated_at` is set. Existing users count as activated.
 * - `username` stays a display/login name and is unique within a municipality (the same person
 *   may be invited by two municipalities under the same e-mail).
 * - The global COORDINATOR role goes: coordinating a programme comes from the coordinator
 *   assignment, and any caseworker may be given it (STAR’s vejledning om ressourceforløb 2020,
 *   afsnit 5.1). Existing coordinators keep their assignments and become caseworkers.
 * - The rights trigger of migration 1700000000015 now watches `subject` (the token's subject)
 *   instead of `username`, so re-binding a user's subject closes sockets opened under the old one.
 *
 * app_user is under forced row-level security (migration 11), which binds its owner too: the
 * rows are rewritten with it lifted for this transaction, so every municipality is reached.
 */
export class Staff1700000000017 implements MigrationInterface {
  name = 'Staff1700000000017';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE app_user NO FORCE ROW LEVEL SECURITY`);
    await q.query(DROP_ROLE_CHECK);
    await q.query(`
      ALTER TABLE app_user
        ADD COLUMN subject text UNIQUE,
        ADD COLUMN email text CHECK (email = lower(email)),
        ADD COLUMN invited_at timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN activated_at timestamptz;
      ALTER TABLE app_user ADD CONSTRAINT app_user_municipality_email_key UNIQUE (municipality_id, email);
      ALTER TABLE app_user DROP CONSTRAINT app_user_username_key;
      ALTER TABLE app_user ADD CONSTRAINT app_user_municipality_username_key UNIQUE (municipality_id, username);
      UPDATE app_user SET subject = username, activated_at = invited_at;
      UPDATE app_user SET role = 'CASEWORKER' WHERE role = 'COORDINATOR';
      ALTER TABLE app_user ADD CONSTRAINT app_user_role_check CHECK (role IN ('CASEWORKER','LEADER','MENTOR','ADMINISTRATOR'));
      ${rightsTrigger('subject')}
      ALTER TABLE app_user FORCE ROW LEVEL SECURITY;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE app_user NO FORCE ROW LEVEL SECURITY`);
    await q.query(DROP_ROLE_CHECK);
    await q.query(`
      ${rightsTrigger('username')}
      DELETE FROM app_user WHERE activated_at IS NULL;
      UPDATE app_user SET role = 'LEADER' WHERE role = 'ADMINISTRATOR';
      ALTER TABLE app_user ADD CONSTRAINT app_user_role_check CHECK (role IN ('COORDINATOR','CASEWORKER','MENTOR','LEADER'));
      ALTER TABLE app_user DROP CONSTRAINT app_user_municipality_username_key;
      ALTER TABLE app_user ADD CONSTRAINT app_user_username_key UNIQUE (username);
      ALTER TABLE app_user DROP CONSTRAINT app_user_municipality_email_key;
      ALTER TABLE app_user DROP COLUMN activated_at, DROP COLUMN invited_at, DROP COLUMN email, DROP COLUMN subject;
      ALTER TABLE app_user FORCE ROW LEVEL SECURITY;
    `);
  }
}
