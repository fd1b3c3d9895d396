import { MigrationInterface, QueryRunner } from 'typeorm';
import { FACTS } from './1700000000037-health-talk-guidance';

/**
 * A forløb ended on or before its first day never ran (migration 40 ends it on its start
 * day): it is not one of the citizen's earlier jobafklaringsforløb (as a rule two, LAB
 * kapitel 18), so a mistaken registration no longer makes the real second one warn as a third.
 */
export class NeverRanCountsNot1700000000050 implements MigrationInterface {
  name = 'NeverRanCountsNot1700000000050';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION programme_warning_facts(uuid[])`);
    await q.query(FACTS(true, true, true, true));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION programme_warning_facts(uuid[])`);
    await q.query(FACTS(true, true, true));
  }
}
