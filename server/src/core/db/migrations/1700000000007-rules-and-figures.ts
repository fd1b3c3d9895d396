import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Legal deadlines as warnings, and leaders' key figures (docs/domain.md).
 *  - programme_next_step: the decision on what follows a programme (STAR’s vejledning om ressourceforløb 2020, afsnit 6.5, LAB §113 stk. 2);
 *    one per programme, versioned like every editable record.
 *  - programme_warning_state: the last warning set seen per programme, so a change in the
 *    set (not every recomputation) can be announced as one event.
 *  - indexes for the key-figure aggregates, which read one municipality at a time.
 */
export class RulesAndFigures1700000000007 implements MigrationInterface {
  name = 'RulesAndFigures1700000000007';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE programme_next_step (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        municipality_id uuid NOT NULL REFERENCES municipality(id),
        programme_id uuid NOT NULL UNIQUE REFERENCES programme(id),
        step text NOT NULL CHECK (step IN ('NEW_PROGRAMME','FLEXJOB','FOERTIDSPENSION','REVALIDERING','CASH_BENEFIT','EMPLOYMENT','EDUCATION','OTHER')),
        decided_on date NOT NULL,
        note text NOT NULL DEFAULT '',
        version int NOT NULL DEFAULT 1,
        decided_by uuid REFERENCES app_user(id),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE programme_warning_state (
        programme_id uuid PRIMARY KEY REFERENCES programme(id),
        municipality_id uuid NOT NULL REFERENCES municipality(id),
        plan_id uuid NOT NULL REFERENCES plan(id),
        fingerprint text NOT NULL,
        top_severity text,
        computed_on date NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      -- Key figures read one municipality's interventions, meetings and assignments at a time.
      CREATE INDEX intervention_municipality_kind_idx ON intervention (municipality_id, kind);
      CREATE INDEX follow_up_municipality_idx ON follow_up_meeting (municipality_id, plan_id, held_at);
      CREATE INDEX coordinator_programme_idx ON coordinator_assignment (municipality_id, programme_id, from_at);
      CREATE INDEX programme_municipality_start_idx ON programme (municipality_id, start_date);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX programme_municipality_start_idx, coordinator_programme_idx, follow_up_municipality_idx, intervention_municipality_kind_idx;
      DROP TABLE programme_warning_state, programme_next_step;
    `);
  }
}
