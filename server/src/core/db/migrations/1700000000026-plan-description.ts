import { MigrationInterface, QueryRunner } from 'typeorm';

const CURRENT = `NULLIF(current_setting('samplan.municipality_id', true), '')::uuid`;

/**
 * The plan's overall description (rehabiliteringsplanens forberedende del): one section per
 * plan and kind — resources, challenges, the citizen's wishes, the help wanted and, where the
 * law gives it, the sundhedskoordinator's advice.
 *
 * - `id` is derived from plan and kind (md5 of "plan_id:kind"), so a section has the same id
 *   before it is first written as after: the plan page and the plan's history name it by it;
 * - `author_kind`: who wrote the current text, STAFF or CITIZEN (the citizen writes their own
 *   sections once they can sign in); `in_citizens_own_words`: the text is the citizen's words;
 * - `plan_description_section_version` keeps every version ever saved, as the event log does
 *   for the sections whose events carry their text (the health advice's events do not).
 *
 * Tenant isolation as for every table holding citizen data (migration 11).
 */
export class PlanDescription1700000000026 implements MigrationInterface {
  name = 'PlanDescription1700000000026';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE plan_description_section (
        id uuid PRIMARY KEY,
        municipality_id uuid NOT NULL REFERENCES municipality(id),
        plan_id uuid NOT NULL REFERENCES plan(id),
        kind text NOT NULL CHECK (kind IN ('RESOURCES','CHALLENGES','CITIZEN_WISHES','HELP_WANTED','HEALTH_COORDINATOR_ADVICE')),
        text text NOT NULL CHECK (char_length(text) <= 10000),
        in_citizens_own_words boolean NOT NULL,
        author_kind text NOT NULL CHECK (author_kind IN ('STAFF','CITIZEN')),
        version int NOT NULL,
        updated_at timestamptz NOT NULL,
        updated_by uuid NOT NULL REFERENCES app_user(id),
        UNIQUE (plan_id, kind)
      );
      CREATE TABLE plan_description_section_version (
        section_id uuid NOT NULL REFERENCES plan_description_section(id),
        version int NOT NULL,
        municipality_id uuid NOT NULL REFERENCES municipality(id),
        text text NOT NULL,
        in_citizens_own_words boolean NOT NULL,
        author_kind text NOT NULL,
        written_at timestamptz NOT NULL,
        written_by uuid NOT NULL REFERENCES app_user(id),
        PRIMARY KEY (section_id, version)
      );
      GRANT SELECT, INSERT, UPDATE ON plan_description_section TO samplan_app;
      GRANT SELECT, INSERT ON plan_description_section_version TO samplan_app;
      ALTER TABLE plan_description_section ENABLE ROW LEVEL SECURITY;
      ALTER TABLE plan_description_section FORCE ROW LEVEL SECURITY;
      CREATE POLICY tenant ON plan_description_section USING (municipality_id = ${CURRENT}) WITH CHECK (municipality_id = ${CURRENT});
      ALTER TABLE plan_description_section_version ENABLE ROW LEVEL SECURITY;
      ALTER TABLE plan_description_section_version FORCE ROW LEVEL SECURITY;
      CREATE POLICY tenant ON plan_description_section_version USING (municipality_id = ${CURRENT}) WITH CHECK (municipality_id = ${CURRENT});
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE plan_description_section_version; DROP TABLE plan_description_section`);
  }
}
