import { MigrationInterface, QueryRunner } from 'typeorm';

const CURRENT = `NULLIF(current_setting('samplan.municipality_id', true), '')::uuid`;

/**
 * The citizen's personal jobformidler (LAB §113 a, lov nr. 1160 af 8. juni 2021): in a
 * ressourceforløb decided under the 2022 rules, one named member of the jobcenter's staff who
 * helps the citizen towards a job. Every assignment is kept, as the coordinator's are:
 *
 * - `from_date`: the day from which the person is the citizen's jobformidler;
 * - `to_date`: the first day they no longer are (the day the next one took over, or the day
 *   from which the citizen has none); null for the current one, so at most one open row per
 *   programme (`job_facilitator_current_uq`). A change on the very day the current one began
 *   leaves that row with `to_date = from_date`: they never held it, and the history says so;
 * - `unit_id`: the jobcenter unit the person was in when named;
 * - who named them and when (`assigned_by`, `assigned_at`), who ended it and when (`ended_by`,
 *   `ended_at`).
 *
 * Rows are never deleted (the table is granted no DELETE). Tenant isolation as for every table
 * holding citizen data (migration 11). Nothing existed before: nothing to fill in.
 */
export class JobFacilitator1700000000061 implements MigrationInterface {
  name = 'JobFacilitator1700000000061';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE job_facilitator_assignment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        municipality_id uuid NOT NULL REFERENCES municipality(id),
        programme_id uuid NOT NULL REFERENCES programme(id),
        user_id uuid NOT NULL REFERENCES app_user(id),
        unit_id uuid NOT NULL REFERENCES unit(id),
        from_date date NOT NULL,
        to_date date,
        assigned_at timestamptz NOT NULL,
        assigned_by uuid NOT NULL REFERENCES app_user(id),
        ended_at timestamptz,
        ended_by uuid REFERENCES app_user(id),
        CHECK (to_date IS NULL OR to_date >= from_date),
        CHECK ((to_date IS NULL) = (ended_at IS NULL) AND (ended_at IS NULL) = (ended_by IS NULL))
      );
      CREATE UNIQUE INDEX job_facilitator_current_uq ON job_facilitator_assignment (programme_id) WHERE to_date IS NULL;
      CREATE INDEX job_facilitator_by_programme ON job_facilitator_assignment (programme_id, from_date);
      REVOKE DELETE ON job_facilitator_assignment FROM samplan_app;
      GRANT SELECT, INSERT, UPDATE ON job_facilitator_assignment TO samplan_app;
      ALTER TABLE job_facilitator_assignment ENABLE ROW LEVEL SECURITY;
      ALTER TABLE job_facilitator_assignment FORCE ROW LEVEL SECURITY;
      CREATE POLICY tenant ON job_facilitator_assignment USING (municipality_id = ${CURRENT}) WITH CHECK (municipality_id = ${CURRENT});
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE job_facilitator_assignment`);
  }
}
