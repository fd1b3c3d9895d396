import { MigrationInterface, QueryRunner } from 'typeorm';
import { FACTS } from './1700000000033-programme-ended-access';

/**
 * The plan gate's facts name the programme's type too: on the municipality's own forløb the
 * coordinator decides what follows (lov nr. 1750/2025), and the gate's refusal of a proposal
 * says so and cites that forløb's frame, where a ressourceforløb's refusal names beskæftigelse.
 */
export class PlanFactsProgrammeType1700000000053 implements MigrationInterface {
  name = 'PlanFactsProgrammeType1700000000053';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION plan_access_facts(uuid[])`);
    await q.query(FACTS(true, true));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION plan_access_facts(uuid[])`);
    await q.query(FACTS(true));
  }
}
