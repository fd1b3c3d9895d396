import { MigrationInterface, QueryRunner } from 'typeorm';

const CURRENT = `NULLIF(current_setting('samplan.municipality_id', true), '')::uuid`;

/**
 * "Nyt i din plan" on Min plan: how far the citizen has seen the changes in their plan, the
 * seq of the newest change they have seen, kept with the account rather than in one browser,
 * so the phone and the PC show the same "Nyt" marks. It is the citizen's own state, not a
 * change to the plan (no event, no audit row), as the staff's read position (migration 20);
 * it says how closely the citizen follows their plan, so it is a tenant table like every
 * table holding citizen data: forced row-level security by municipality (migration 11). Its
 * shape is that of the staff's: user, plan, municipality, seq (bigint) and seen_at.
 *
 * Each request runs as samplan_app with only the municipality set, so the policy cannot tell
 * one user from another: the citizen module reads and writes the row of the signed-in user
 * only, in its own statements. A position only moves forward (GREATEST); `seen_at` is when
 * it last moved.
 */
export class CitizenSeenPosition1700000000076 implements MigrationInterface {
  name = 'CitizenSeenPosition1700000000076';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- The staff's read position's columns, check, default and key (user_id, plan_id); its
      -- foreign keys are not copied by LIKE, so they are named here.
      CREATE TABLE citizen_seen_position (
        LIKE plan_read_position INCLUDING ALL,
        FOREIGN KEY (user_id) REFERENCES app_user(id) ON DELETE CASCADE,
        FOREIGN KEY (plan_id) REFERENCES plan(id) ON DELETE CASCADE,
        FOREIGN KEY (municipality_id) REFERENCES municipality(id)
      );
      GRANT SELECT, INSERT, UPDATE ON citizen_seen_position TO samplan_app;
      ALTER TABLE citizen_seen_position ENABLE ROW LEVEL SECURITY;
      ALTER TABLE citizen_seen_position FORCE ROW LEVEL SECURITY;
      CREATE POLICY tenant ON citizen_seen_position USING (municipality_id = ${CURRENT}) WITH CHECK (municipality_id = ${CURRENT});
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE citizen_seen_position`);
  }
}
