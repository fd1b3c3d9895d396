import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether the citizen was consulted is asked when the coordination changes hands (STAR’s
 * vejledning om ressourceforløb 2020, afsnit 5.1). The first assignment, made as the
 * programme is registered, asks no such thing: it records none (NULL), where it used to
 * record "consulted". Rows already written are kept as they were.
 */
export class FirstCoordinatorNotAsked1700000000035 implements MigrationInterface {
  name = 'FirstCoordinatorNotAsked1700000000035';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE coordinator_assignment ALTER COLUMN citizen_consulted DROP NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE coordinator_assignment SET citizen_consulted = false WHERE citizen_consulted IS NULL`);
    await q.query(`ALTER TABLE coordinator_assignment ALTER COLUMN citizen_consulted SET NOT NULL`);
  }
}
