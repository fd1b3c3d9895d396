import { MigrationInterface, QueryRunner } from 'typeorm';

const CURRENT = `NULLIF(current_setting('samplan.municipality_id', true), '')::uuid`;

/**
 * The citizen's register of consent (samtykke) and legal basis (hjemmel): what is shared,
 * with whom, on which basis, given when, withdrawn when, and who recorded each.
 *
 * - rows are never deleted: a withdrawal sets `withdrawn_at`/`withdrawn_by` (the table is
 *   granted no DELETE), so the register shows what was in force at any time;
 * - `scope`: HEALTH_DETAILS, SOCIAL_DETAILS or JOINT_PLAN (the joint plan as a whole);
 * - `recipient_kind`: UNIT (one unit of the municipality, `recipient_unit_id`), WHOLE_TEAM
 *   (every unit on the plan's team), GP (the citizen's own doctor), NETWORK_PERSON (by name
 *   and relation) or MENTOR;
 * - `basis`: CONSENT, or LEGAL_BASIS with a non-empty citation in `legal_reference`.
 *
 * Tenant isolation as for every table holding citizen data (migration 11).
 */
export class Consent1700000000029 implements MigrationInterface {
  name = 'Consent1700000000029';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE consent_entry (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        municipality_id uuid NOT NULL REFERENCES municipality(id),
        citizen_id uuid NOT NULL REFERENCES citizen(id),
        plan_id uuid REFERENCES plan(id),
        scope text NOT NULL CHECK (scope IN ('HEALTH_DETAILS','SOCIAL_DETAILS','JOINT_PLAN')),
        recipient_kind text NOT NULL CHECK (recipient_kind IN ('UNIT','WHOLE_TEAM','GP','NETWORK_PERSON','MENTOR')),
        recipient_unit_id uuid REFERENCES unit(id),
        recipient_name text,
        recipient_relation text,
        basis text NOT NULL CHECK (basis IN ('CONSENT','LEGAL_BASIS')),
        legal_reference text,
        given_on date NOT NULL,
        note text NOT NULL DEFAULT '' CHECK (char_length(note) <= 2000),
        recorded_at timestamptz NOT NULL,
        recorded_by uuid NOT NULL REFERENCES app_user(id),
        withdrawn_at timestamptz,
        withdrawn_by uuid REFERENCES app_user(id),
        withdrawal_reason text,
        CHECK ((recipient_kind = 'UNIT') = (recipient_unit_id IS NOT NULL)),
        CHECK (recipient_kind <> 'NETWORK_PERSON' OR (coalesce(btrim(recipient_name), '') <> '' AND coalesce(btrim(recipient_relation), '') <> '')),
        CHECK (basis <> 'LEGAL_BASIS' OR coalesce(btrim(legal_reference), '') <> ''),
        CHECK ((withdrawn_at IS NULL) = (withdrawn_by IS NULL))
      );
      CREATE INDEX consent_entry_citizen ON consent_entry (citizen_id) WHERE withdrawn_at IS NULL;
      CREATE INDEX consent_entry_citizen_all ON consent_entry (citizen_id, recorded_at);
      GRANT SELECT, INSERT, UPDATE ON consent_entry TO samplan_app;
      ALTER TABLE consent_entry ENABLE ROW LEVEL SECURITY;
      ALTER TABLE consent_entry FORCE ROW LEVEL SECURITY;
      CREATE POLICY tenant ON consent_entry USING (municipality_id = ${CURRENT}) WITH CHECK (municipality_id = ${CURRENT});
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE consent_entry`);
  }
}
