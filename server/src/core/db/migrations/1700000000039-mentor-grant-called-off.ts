import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A mentor grant not begun yet can be called off: it is ended early with its last day the day
 * before its first, so it is active on no day at all (the mentor never reads the citizen). Any
 * other grant still ends on or after the day it starts.
 */
export class MentorGrantCalledOff1700000000039 implements MigrationInterface {
  name = 'MentorGrantCalledOff1700000000039';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE mentor_grant DROP CONSTRAINT mentor_grant_check`);
    await q.query(`ALTER TABLE mentor_grant ADD CONSTRAINT mentor_grant_period CHECK (end_date >= start_date OR (ended_early AND end_date = start_date - 1))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE mentor_grant DROP CONSTRAINT mentor_grant_period`);
    await q.query(`ALTER TABLE mentor_grant ADD CONSTRAINT mentor_grant_check CHECK (end_date >= start_date)`);
  }
}
