import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A consent for the mentor may name the one mentor the citizen agreed to share with
 * (`recipient_mentor_id`); without one, as every entry made before, it is for the citizen's
 * mentor support, whoever holds the grant. Only added: no entry changes.
 */
export class ConsentNamedMentor1700000000045 implements MigrationInterface {
  name = 'ConsentNamedMentor1700000000045';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE consent_entry ADD COLUMN recipient_mentor_id uuid REFERENCES app_user(id);
      ALTER TABLE consent_entry ADD CONSTRAINT consent_entry_named_mentor_is_for_mentor CHECK (recipient_mentor_id IS NULL OR recipient_kind = 'MENTOR');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE consent_entry DROP COLUMN recipient_mentor_id`);
  }
}
