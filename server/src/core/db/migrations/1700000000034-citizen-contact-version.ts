import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The citizen's contact details (phone, address) are kept up to date by the staff on the
 * citizen's plan: a version guards the write like every other shared record, so two staff
 * changing them at once get the conflict view, not a silent overwrite; and who changed
 * them last is kept.
 */
export class CitizenContactVersion1700000000034 implements MigrationInterface {
  name = 'CitizenContactVersion1700000000034';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE citizen
        ADD COLUMN version int NOT NULL DEFAULT 1,
        ADD COLUMN updated_at timestamptz,
        ADD COLUMN updated_by uuid REFERENCES app_user(id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE citizen DROP COLUMN updated_by, DROP COLUMN updated_at, DROP COLUMN version`);
  }
}
