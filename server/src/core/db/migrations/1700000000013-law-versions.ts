import { MigrationInterface, QueryRunner } from 'typeorm';

const CURRENT = `NULLIF(current_setting('samplan.municipality_id', true), '')::uuid`;

/**
 * The law as it stands (modules/rules/law):
 *  - every programme records its decision date (afgørelsesdato) and the law version that
 *    follows from it: the 2013 rules (until 31 December 2021), the 2022 rules (lov nr. 1160
 *    af 8. juni 2021, from 1 January 2022) and the reform (lov nr. 1750 af 29. december 2025,
 *    from 1 February 2026). Existing programmes get decision date = start date;
 *  - the date of the rehabiliteringsteam's meeting (the first samtale is counted from it,
 *    STAR’s vejledning om ressourceforløb 2020, afsnit 5.2), and how the indsatsgaranti was followed up (LAB §113, stk. 2);
 *  - the municipality's own cross-disciplinary forløb (HELHEDSORIENTERET) with the citizen's
 *    consent to a joint plan, and the municipality's own settings for it;
 *  - suspension periods (barsel) that do not count toward a programme's length (STAR’s vejledning om ressourceforløb 2020, afsnit 6.3);
 *  - the completed lists of end reasons and next steps, and next-step proposals.
 */
export class LawVersions1700000000013 implements MigrationInterface {
  name = 'LawVersions1700000000013';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE programme
        ADD COLUMN decision_date date,
        ADD COLUMN law_version text,
        ADD COLUMN team_meeting_date date,
        ADD COLUMN joint_plan_consent_on date,
        ADD COLUMN guarantee_team_date date,
        ADD COLUMN guarantee_special_reasons text;
      UPDATE programme SET decision_date = start_date;
      UPDATE programme SET law_version = CASE
        WHEN decision_date < '2022-01-01' THEN 'RULES_2013'
        WHEN decision_date < '2026-02-01' THEN 'RULES_2022'
        ELSE 'REFORM_2026' END;
      ALTER TABLE programme
        ALTER COLUMN decision_date SET NOT NULL,
        ALTER COLUMN law_version SET NOT NULL,
        ADD CONSTRAINT programme_law_version_check CHECK (law_version IN ('RULES_2013','RULES_2022','REFORM_2026')),
        DROP CONSTRAINT IF EXISTS programme_type_check,
        ADD CONSTRAINT programme_type_check CHECK (type IN ('RESSOURCEFORLOEB','JOBAFKLARINGSFORLOEB','HELHEDSORIENTERET')),
        DROP CONSTRAINT IF EXISTS programme_end_reason_check,
        ADD CONSTRAINT programme_end_reason_check CHECK (end_reason IN (
          'EMPLOYMENT','EDUCATION','FLEXJOB','LEDIGHEDSYDELSE','FOERTIDSPENSION','RESSOURCEFORLOEB','UNEMPLOYMENT_BENEFIT',
          'FIT_FOR_WORK','PENSION','DEATH','MOVED','OTHER')),
        ADD CONSTRAINT programme_joint_plan_consent_check CHECK (type <> 'HELHEDSORIENTERET' OR joint_plan_consent_on IS NOT NULL);

      ALTER TABLE programme_next_step
        DROP CONSTRAINT IF EXISTS programme_next_step_step_check,
        ADD CONSTRAINT programme_next_step_step_check CHECK (step IN (
          'NEW_PROGRAMME','RESSOURCEFORLOEB','NEW_JOBAFKLARING','HELHEDSORIENTERET','FLEXJOB','FOERTIDSPENSION','REVALIDERING',
          'CASH_BENEFIT','UNEMPLOYMENT_BENEFIT','PENSION','EMPLOYMENT','EDUCATION','OTHER')),
        ADD COLUMN status text NOT NULL DEFAULT 'DECIDED' CHECK (status IN ('PROPOSED','DECIDED'));

      -- The municipality's own settings for its cross-disciplinary forløb (none by default).
      ALTER TABLE municipality
        ADD COLUMN own_programme_max_months int CHECK (own_programme_max_months > 0),
        ADD COLUMN own_programme_follow_up_days int CHECK (own_programme_follow_up_days > 0);

      CREATE TABLE programme_suspension (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        municipality_id uuid NOT NULL REFERENCES municipality(id),
        programme_id uuid NOT NULL REFERENCES programme(id),
        reason text NOT NULL CHECK (reason IN ('BARSEL')),
        from_date date NOT NULL,
        to_date date NOT NULL CHECK (to_date >= from_date),
        note text NOT NULL DEFAULT '',
        created_by uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX programme_suspension_programme_idx ON programme_suspension (programme_id, from_date);
      ALTER TABLE programme_suspension ENABLE ROW LEVEL SECURITY;
      ALTER TABLE programme_suspension FORCE ROW LEVEL SECURITY;
      CREATE POLICY tenant ON programme_suspension USING (municipality_id = ${CURRENT}) WITH CHECK (municipality_id = ${CURRENT});
    `);
    // The role exists when migration 11 ran; its default privileges cover new tables, and this makes it explicit.
    await q.query(`
      DO $$ BEGIN
        GRANT SELECT, INSERT, UPDATE, DELETE ON programme_suspension TO samplan_app;
      EXCEPTION WHEN undefined_object THEN NULL;
      END $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE programme_suspension;
      ALTER TABLE municipality DROP COLUMN own_programme_max_months, DROP COLUMN own_programme_follow_up_days;
      ALTER TABLE programme_next_step DROP COLUMN status, DROP CONSTRAINT programme_next_step_step_check;
      ALTER TABLE programme_next_step ADD CONSTRAINT programme_next_step_step_check
        CHECK (step IN ('NEW_PROGRAMME','FLEXJOB','FOERTIDSPENSION','REVALIDERING','CASH_BENEFIT','EMPLOYMENT','EDUCATION','OTHER'));
      ALTER TABLE programme
        DROP CONSTRAINT programme_joint_plan_consent_check,
        DROP CONSTRAINT programme_end_reason_check,
        DROP CONSTRAINT programme_type_check,
        DROP CONSTRAINT programme_law_version_check,
        DROP COLUMN decision_date, DROP COLUMN law_version, DROP COLUMN team_meeting_date, DROP COLUMN joint_plan_consent_on,
        DROP COLUMN guarantee_team_date, DROP COLUMN guarantee_special_reasons;
      ALTER TABLE programme
        ADD CONSTRAINT programme_type_check CHECK (type IN ('RESSOURCEFORLOEB','JOBAFKLARINGSFORLOEB')),
        ADD CONSTRAINT programme_end_reason_check CHECK (end_reason IN ('EMPLOYMENT','EDUCATION','FLEXJOB','FOERTIDSPENSION','MOVED','OTHER'));
    `);
  }
}
