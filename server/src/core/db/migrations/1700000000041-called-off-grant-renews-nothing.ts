import { MigrationInterface, QueryRunner } from 'typeorm';
import { FACTS } from './1700000000037-health-talk-guidance';

/**
 * A mentor grant called off before it began (migration 39) continues nothing: the grant it was
 * to renew is not renewed, and its "mentorstøtten udløber" warning shows again.
 */
export class CalledOffGrantRenewsNothing1700000000041 implements MigrationInterface {
  name = 'CalledOffGrantRenewsNothing1700000000041';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION programme_warning_facts(uuid[])`);
    await q.query(FACTS(true, true));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION programme_warning_facts(uuid[])`);
    await q.query(FACTS(true));
  }
}
