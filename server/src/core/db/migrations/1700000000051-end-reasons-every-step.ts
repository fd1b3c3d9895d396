import { MigrationInterface, QueryRunner } from 'typeorm';

const BEFORE = `'EMPLOYMENT','EDUCATION','FLEXJOB','LEDIGHEDSYDELSE','FOERTIDSPENSION','RESSOURCEFORLOEB','HELHEDSORIENTERET','UNEMPLOYMENT_BENEFIT',
        'FIT_FOR_WORK','PENSION','DEATH','MOVED','OTHER'`;

/**
 * Every step that may follow a forløb has its end reason: a new jobafklaringsforløb,
 * revalidering and kontanthjælp with job search (STAR’s vejledning om ressourceforløb 2020,
 * afsnit 6.5; LAB kapitel 18). Before, a forløb followed by one of them could only end as
 * "Andet", and the key figures counted them there.
 */
export class EndReasonsEveryStep1700000000051 implements MigrationInterface {
  name = 'EndReasonsEveryStep1700000000051';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE programme DROP CONSTRAINT programme_end_reason_check,
      ADD CONSTRAINT programme_end_reason_check CHECK (end_reason IN (${BEFORE}, 'JOBAFKLARINGSFORLOEB', 'REVALIDERING', 'CASH_BENEFIT'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE programme SET end_reason = 'OTHER' WHERE end_reason IN ('JOBAFKLARINGSFORLOEB', 'REVALIDERING', 'CASH_BENEFIT')`);
    await q.query(`ALTER TABLE programme DROP CONSTRAINT programme_end_reason_check,
      ADD CONSTRAINT programme_end_reason_check CHECK (end_reason IN (${BEFORE}))`);
  }
}
