import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A programme may end because the municipality's own forløb (helhedsorienteret forløb)
 * follows: from 1 February 2026 (lov nr. 1750 af 29. december 2025) the route that replaces a
 * new ressourceforløb. Before, such an ending could only be recorded as "Andet", and the key
 * figures counted every move into the municipality's own forløb there.
 */
export class EndReasonOwnProgramme1700000000043 implements MigrationInterface {
  name = 'EndReasonOwnProgramme1700000000043';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE programme DROP CONSTRAINT programme_end_reason_check,
      ADD CONSTRAINT programme_end_reason_check CHECK (end_reason IN (
        'EMPLOYMENT','EDUCATION','FLEXJOB','LEDIGHEDSYDELSE','FOERTIDSPENSION','RESSOURCEFORLOEB','HELHEDSORIENTERET','UNEMPLOYMENT_BENEFIT',
        'FIT_FOR_WORK','PENSION','DEATH','MOVED','OTHER'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE programme SET end_reason = 'OTHER' WHERE end_reason = 'HELHEDSORIENTERET'`);
    await q.query(`ALTER TABLE programme DROP CONSTRAINT programme_end_reason_check,
      ADD CONSTRAINT programme_end_reason_check CHECK (end_reason IN (
        'EMPLOYMENT','EDUCATION','FLEXJOB','LEDIGHEDSYDELSE','FOERTIDSPENSION','RESSOURCEFORLOEB','UNEMPLOYMENT_BENEFIT',
        'FIT_FOR_WORK','PENSION','DEATH','MOVED','OTHER'))`);
  }
}
