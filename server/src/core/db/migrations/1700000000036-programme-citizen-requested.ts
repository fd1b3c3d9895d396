import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether the citizen asked for the ressourceforløb themselves: under the 2022 rules (lov nr.
 * 1160 af 8. juni 2021) that is what lets one be granted past the age rules (from 40 more
 * than 5 years in all, from 50 a second one, less than 6 years to folkepension). Recorded
 * with the programme as part of the decision; false for every programme before.
 */
export class ProgrammeCitizenRequested1700000000036 implements MigrationInterface {
  name = 'ProgrammeCitizenRequested1700000000036';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE programme ADD COLUMN citizen_requested boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE programme DROP COLUMN citizen_requested`);
  }
}
