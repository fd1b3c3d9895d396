import { MigrationInterface, QueryRunner } from 'typeorm';
import { FACTS } from './1700000000037-health-talk-guidance';

/**
 * A warning about an intervention advises the unit that owns it ("Angiv startdatoen", "Afslut den,
 * eller ret slutdatoen"): said to a reader as a thing to do only when their unit owns it
 * (warning-viewer.ts). The unit comes with each intervention's facts (`unitId`), so the advice of
 * a page of warnings — Mine sager — costs no read of the interventions after the warnings.
 * `programme_warning_facts` is made again with it; its result columns are as before.
 */
export class WarningFactsInterventionUnit1700000000068 implements MigrationInterface {
  name = 'WarningFactsInterventionUnit1700000000068';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION programme_warning_facts(uuid[])`);
    await q.query(FACTS(true, true, true, 'never-ran', true, true, true, true));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION programme_warning_facts(uuid[])`);
    await q.query(FACTS(true, true, true, 'never-ran', true, true, true));
  }
}
