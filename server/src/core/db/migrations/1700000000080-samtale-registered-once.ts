import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A held samtale is registered once: one opfølgningssamtale per plan and time held, whether it
 * is registered with "Registrér opfølgningssamtale" or as the fremmøde of a booked samtale
 * (which records it at the booking's start). Two colleagues registering the same samtale at the
 * same moment stored it twice, and it then counted twice towards the forløb's samtaler; the
 * unique index makes the second registration fail however the two meet.
 *
 * Samtaler registered twice before are kept as they were recorded: each one after the first of
 * its plan and time is marked `registered_again`, and the index holds for the rest. A new
 * registration is never marked, so it is refused beside any samtale of its plan and time,
 * those kept from before included.
 */
export class SamtaleRegisteredOnce1700000000080 implements MigrationInterface {
  name = 'SamtaleRegisteredOnce1700000000080';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE follow_up_meeting ADD COLUMN registered_again boolean NOT NULL DEFAULT false;
      UPDATE follow_up_meeting f SET registered_again = true
        FROM (SELECT id, row_number() OVER (PARTITION BY plan_id, held_at ORDER BY created_at, id) AS nth FROM follow_up_meeting) earlier
       WHERE earlier.id = f.id AND earlier.nth > 1;
      CREATE UNIQUE INDEX follow_up_held_once_uq ON follow_up_meeting (plan_id, held_at) WHERE NOT registered_again;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX follow_up_held_once_uq;
      ALTER TABLE follow_up_meeting DROP COLUMN registered_again;
    `);
  }
}
