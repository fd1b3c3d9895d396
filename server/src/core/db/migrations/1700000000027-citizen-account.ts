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

/**
 * The citizen signs in to see and write in their own plan.
 *
 * A citizen's account is an `app_user` with role CITIZEN bound to exactly one citizen of the
 * municipality (`citizen_id`); staff accounts are bound to none. The subject is the identity
 * provider's (in real use a MitID broker's) subject, as for staff. A citizen is never in a unit.
 */
export class CitizenAccount1700000000027 implements MigrationInterface {
  name = 'CitizenAccount1700000000027';

  async up(q: QueryRunner): Promise<void> {
    await q.query(DROP_ROLE_CHECK);
    await q.query(`
      ALTER TABLE app_user ADD CONSTRAINT app_user_role_check CHECK (role IN ('CASEWORKER','LEADER','MENTOR','ADMINISTRATOR','CITIZEN'));
      ALTER TABLE app_user ADD COLUMN citizen_id uuid REFERENCES citizen(id);
      ALTER TABLE app_user ADD CONSTRAINT app_user_citizen_account CHECK ((role = 'CITIZEN') = (citizen_id IS NOT NULL) AND (citizen_id IS NULL OR unit_id IS NULL));
      CREATE UNIQUE INDEX app_user_citizen_once ON app_user (citizen_id) WHERE citizen_id IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM app_user WHERE role = 'CITIZEN'`);
    await q.query(`
      DROP INDEX app_user_citizen_once;
      ALTER TABLE app_user DROP CONSTRAINT app_user_citizen_account;
      ALTER TABLE app_user DROP COLUMN citizen_id;
    `);
    await q.query(DROP_ROLE_CHECK);
    await q.query(`ALTER TABLE app_user ADD CONSTRAINT app_user_role_check CHECK (role IN ('CASEWORKER','LEADER','MENTOR','ADMINISTRATOR'))`);
  }
}
