import { MigrationInterface, QueryRunner } from 'typeorm';
import { FACTS } from './1700000000037-health-talk-guidance';

/**
 * "Mentorstøtten udløber" is hidden by a later grant only when it continues the grant: linked to
 * it (a renewal, or another mentor taking it over), or the same mentor's next period. Another
 * mentor's grant begun while it runs stands beside it, and no longer hides that it lapses.
 */
export class OtherMentorBeside1700000000052 implements MigrationInterface {
  name = 'OtherMentorBeside1700000000052';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION programme_warning_facts(uuid[])`);
    await q.query(FACTS(true, true, true, true, true));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION programme_warning_facts(uuid[])`);
    await q.query(FACTS(true, true, true, true));
  }
}
