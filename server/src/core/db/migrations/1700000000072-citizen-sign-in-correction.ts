import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A citizen's account is bound at their first MitID sign-in by the CPR number alone, so a number
 * typed wrong at registration binds the real holder of that number, who then reads another
 * person's plan. The coordinator corrects the number, or closes the citizen's access to Min plan,
 * and the account bound until then lets go of its login for good:
 *
 * - `app_user.unbound_at`: when the municipality took the account's binding from it. Such an
 *   account names no login any more (no subject, deactivated) and is never opened again; it stays
 *   as the record of whose reads the access log holds. A citizen has one account that is not
 *   unbound (the unique index below, as migration 27's for every account before), so the next
 *   sign-in with the right number binds a new one.
 * - `citizen.sign_in_closed_at` / `sign_in_closed_by`: the coordinator closed the citizen's access
 *   ("Luk borgerens adgang"): no MitID sign-in binds an account to the citizen until it is opened
 *   again. Unbinding alone would not hold: the same person signs in again by the same number.
 */
export class CitizenSignInCorrection1700000000072 implements MigrationInterface {
  name = 'CitizenSignInCorrection1700000000072';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE app_user ADD COLUMN unbound_at timestamptz;
      ALTER TABLE app_user ADD CONSTRAINT app_user_unbound_names_no_login
        CHECK (unbound_at IS NULL OR (role = 'CITIZEN' AND subject IS NULL AND deactivated_at IS NOT NULL));
      DROP INDEX app_user_citizen_once;
      CREATE UNIQUE INDEX app_user_citizen_once ON app_user (citizen_id) WHERE citizen_id IS NOT NULL AND unbound_at IS NULL;
      ALTER TABLE citizen
        ADD COLUMN sign_in_closed_at timestamptz,
        ADD COLUMN sign_in_closed_by uuid REFERENCES app_user(id);
    `);
  }

  /**
   * Refused by the index while a citizen has more than one account: an unbound one beside a bound
   * one, or two unbound ones (a number corrected, or the access closed, twice). Those accounts are
   * the access log's record, never deleted.
   */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE citizen DROP COLUMN sign_in_closed_by, DROP COLUMN sign_in_closed_at;
      DROP INDEX app_user_citizen_once;
      CREATE UNIQUE INDEX app_user_citizen_once ON app_user (citizen_id) WHERE citizen_id IS NOT NULL;
      ALTER TABLE app_user DROP CONSTRAINT app_user_unbound_names_no_login;
      ALTER TABLE app_user DROP COLUMN unbound_at;
    `);
  }
}
