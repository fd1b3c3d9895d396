import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A staff member's work phone: the number a citizen calls about their plan (the coordinator's
 * on the printed plan and the citizen's own view, each intervention's contact). Digits, spaces
 * and an optional leading +; the administrator keeps it.
 */
export class StaffPhone1700000000024 implements MigrationInterface {
  name = 'StaffPhone1700000000024';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE app_user ADD COLUMN phone text CHECK (phone ~ '^\\+?[0-9][0-9 ]{6,18}[0-9]$')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE app_user DROP COLUMN phone`);
  }
}
