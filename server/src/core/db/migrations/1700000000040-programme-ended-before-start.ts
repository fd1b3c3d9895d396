import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A programme ended on or before the day it was to start never ran: it is ended on its start
 * day (before, it kept its whole decided period and counted in the key figures for years).
 * Any other programme still ends after it starts.
 */
export class ProgrammeEndedBeforeStart1700000000040 implements MigrationInterface {
  name = 'ProgrammeEndedBeforeStart1700000000040';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE programme DROP CONSTRAINT programme_check`);
    await q.query(`ALTER TABLE programme ADD CONSTRAINT programme_period CHECK (end_date > start_date OR (status = 'ENDED' AND end_date = start_date))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE programme DROP CONSTRAINT programme_period`);
    await q.query(`ALTER TABLE programme ADD CONSTRAINT programme_check CHECK (end_date > start_date)`);
  }
}
