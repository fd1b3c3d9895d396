import { MigrationInterface, QueryRunner } from 'typeorm';
import { FACTS } from './1700000000037-health-talk-guidance';

/**
 * A grant linked as the next period of another ("Ny periode af") hides "Mentorstøtten udløber"
 * only when it begins by the day after the other ends. Renewal is a new period after the one
 * that runs (STAR’s vejledning om ressourceforløb 2020, afsnit 7): a linked grant begun two
 * months later leaves the citizen without support in between, and the earlier grant's last
 * day must still be warned of, as migration 44 already does for a grant that is not linked.
 */
export class LinkedGrantNoGap1700000000054 implements MigrationInterface {
  name = 'LinkedGrantNoGap1700000000054';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION programme_warning_facts(uuid[])`);
    await q.query(FACTS(true, true, true, true, true, true));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION programme_warning_facts(uuid[])`);
    await q.query(FACTS(true, true, true, true, true));
  }
}
