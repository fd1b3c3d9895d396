import { MigrationInterface, QueryRunner } from 'typeorm';
import { FACTS } from './1700000000037-health-talk-guidance';

/**
 * "Mentorstøtten udløber" goes only when a later grant continues the grant: its linked renewal,
 * or one that begins by the day after it ends and runs past it (renewal is a new grant, STAR’s
 * vejledning om ressourceforløb 2020, afsnit 7). A grant beginning months later, or a short one
 * within it, no longer hides that the support lapses.
 */
export class RenewalContinuesGrant1700000000044 implements MigrationInterface {
  name = 'RenewalContinuesGrant1700000000044';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION programme_warning_facts(uuid[])`);
    await q.query(FACTS(true, true, true));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION programme_warning_facts(uuid[])`);
    await q.query(FACTS(true, true));
  }
}
