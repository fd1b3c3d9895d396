import { MigrationInterface, QueryRunner } from 'typeorm';
import { FACTS } from './1700000000037-health-talk-guidance';

/**
 * The warning rules count a citizen's earlier forløb of the same type (a jobafklaringsforløb is
 * as a rule given twice at most) without those that never ran. Since migration 58 that is the one
 * marked stopped before its first day; one ended on its first day ran that day and counts.
 */
export class EarlierForloebRanOneDay1700000000059 implements MigrationInterface {
  name = 'EarlierForloebRanOneDay1700000000059';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION programme_warning_facts(uuid[])`);
    await q.query(FACTS(true, true, true, 'stopped-mark', true, true));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION programme_warning_facts(uuid[])`);
    await q.query(FACTS(true, true, true, true, true, true));
  }
}
