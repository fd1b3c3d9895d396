import { MigrationInterface, QueryRunner } from 'typeorm';

/** Mentor grants (mentorstøtte, STAR’s vejledning om ressourceforløb 2020, afsnit 5.8 og 7) and the mentor's task log. */
export class Mentor1700000000003 implements MigrationInterface {
  name = 'Mentor1700000000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE mentor_grant (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        municipality_id uuid NOT NULL REFERENCES municipality(id),
        programme_id uuid NOT NULL REFERENCES programme(id),
        plan_id uuid NOT NULL REFERENCES plan(id),
        mentor_id uuid NOT NULL REFERENCES app_user(id),
        purpose text NOT NULL,
        goals text[] NOT NULL DEFAULT '{}',
        focus_areas text[] NOT NULL DEFAULT '{}',
        sub_goal_ids uuid[] NOT NULL DEFAULT '{}',
        start_date date NOT NULL,
        end_date date NOT NULL CHECK (end_date >= start_date),
        previous_grant_id uuid REFERENCES mentor_grant(id),
        ended_early boolean NOT NULL DEFAULT false,
        version int NOT NULL DEFAULT 1,
        created_by uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX mentor_grant_mentor_idx ON mentor_grant (mentor_id, end_date);
      CREATE INDEX mentor_grant_plan_idx ON mentor_grant (plan_id);

      CREATE TABLE mentor_task (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        municipality_id uuid NOT NULL REFERENCES municipality(id),
        grant_id uuid NOT NULL REFERENCES mentor_grant(id),
        plan_id uuid NOT NULL REFERENCES plan(id),
        mentor_id uuid NOT NULL REFERENCES app_user(id),
        done_on date NOT NULL,
        minutes int NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
        title text NOT NULL,
        note text NOT NULL DEFAULT '',
        outcome text NOT NULL DEFAULT '',
        next_step text,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX mentor_task_grant_idx ON mentor_task (grant_id, done_on);
      CREATE INDEX mentor_task_plan_idx ON mentor_task (plan_id, done_on);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE mentor_task, mentor_grant`);
  }
}
