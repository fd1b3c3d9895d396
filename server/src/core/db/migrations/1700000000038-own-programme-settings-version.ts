import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The municipality's own frames for its helhedsorienterede forløb get a version, as every
 * other record people edit: two leaders changing them at once, the second saving on what
 * they read, is told of the first's change (CONFLICT) instead of undoing it unseen.
 */
export class OwnProgrammeSettingsVersion1700000000038 implements MigrationInterface {
  name = 'OwnProgrammeSettingsVersion1700000000038';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE municipality ADD COLUMN own_programme_settings_version int NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE municipality DROP COLUMN own_programme_settings_version`);
  }
}
