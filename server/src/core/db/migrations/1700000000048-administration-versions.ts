import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A member of staff and a unit get a version, as every other record two people can edit at
 * once: two administrators changing the same person or unit saw neither the other's change,
 * and the second save silently overwrote the first. Each change the administrators see (their
 * own changes, and a first sign-in, which turns an invitation into an active user) moves the
 * version, and an administrator's change on an older one is a CONFLICT with the record as it is now.
 */
export class AdministrationVersions1700000000048 implements MigrationInterface {
  name = 'AdministrationVersions1700000000048';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE app_user ADD COLUMN version int NOT NULL DEFAULT 1;
      ALTER TABLE unit ADD COLUMN version int NOT NULL DEFAULT 1;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE unit DROP COLUMN version; ALTER TABLE app_user DROP COLUMN version`);
  }
}
