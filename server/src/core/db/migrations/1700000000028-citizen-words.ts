import { MigrationInterface, QueryRunner } from 'typeorm';

const CURRENT = `NULLIF(current_setting('samplan.municipality_id', true), '')::uuid`;

/**
 * The citizen's own words in their plan, written by the citizen signed in (migration 27):
 *
 * - `citizen_meeting_comment`: one comment per held samtale (follow_up_meeting), versioned;
 *   every version is kept in `citizen_meeting_comment_version`;
 * - `citizen_meeting_request`: the citizen asks for a samtale (a short text, a wished time in
 *   their own words and a wished mode); the coordinator marks it handled;
 * - `citizen_plan_seen`: "Jeg har set planen", every mark kept with its time.
 *
 * The citizen's sections of the overall description stay in plan_description_section
 * (author_kind CITIZEN). Tenant isolation as for every table holding citizen data (migration 11).
 */
export class CitizenWords1700000000028 implements MigrationInterface {
  name = 'CitizenWords1700000000028';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE citizen_meeting_comment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        municipality_id uuid NOT NULL REFERENCES municipality(id),
        plan_id uuid NOT NULL REFERENCES plan(id),
        follow_up_id uuid NOT NULL UNIQUE REFERENCES follow_up_meeting(id),
        text text NOT NULL CHECK (char_length(text) BETWEEN 1 AND 2000),
        version int NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        updated_by uuid NOT NULL REFERENCES app_user(id)
      );
      CREATE INDEX citizen_meeting_comment_plan ON citizen_meeting_comment (plan_id);
      CREATE TABLE citizen_meeting_comment_version (
        comment_id uuid NOT NULL REFERENCES citizen_meeting_comment(id),
        version int NOT NULL,
        municipality_id uuid NOT NULL REFERENCES municipality(id),
        text text NOT NULL,
        written_at timestamptz NOT NULL,
        written_by uuid NOT NULL REFERENCES app_user(id),
        PRIMARY KEY (comment_id, version)
      );
      CREATE TABLE citizen_meeting_request (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        municipality_id uuid NOT NULL REFERENCES municipality(id),
        plan_id uuid NOT NULL REFERENCES plan(id),
        text text NOT NULL CHECK (char_length(text) BETWEEN 1 AND 1000),
        wished_time text CHECK (char_length(wished_time) <= 200),
        wished_mode text CHECK (wished_mode IN ('IN_PERSON','PHONE','VIDEO')),
        requested_at timestamptz NOT NULL,
        requested_by uuid NOT NULL REFERENCES app_user(id),
        handled_at timestamptz,
        handled_by uuid REFERENCES app_user(id),
        version int NOT NULL,
        CHECK ((handled_at IS NULL) = (handled_by IS NULL))
      );
      CREATE INDEX citizen_meeting_request_plan ON citizen_meeting_request (plan_id, requested_at DESC);
      CREATE TABLE citizen_plan_seen (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        municipality_id uuid NOT NULL REFERENCES municipality(id),
        plan_id uuid NOT NULL REFERENCES plan(id),
        seen_at timestamptz NOT NULL,
        seen_by uuid NOT NULL REFERENCES app_user(id)
      );
      CREATE INDEX citizen_plan_seen_plan ON citizen_plan_seen (plan_id, seen_at DESC);
      GRANT SELECT, INSERT, UPDATE ON citizen_meeting_comment, citizen_meeting_request TO samplan_app;
      GRANT SELECT, INSERT ON citizen_meeting_comment_version, citizen_plan_seen TO samplan_app;
    `);
    for (const table of ['citizen_meeting_comment', 'citizen_meeting_comment_version', 'citizen_meeting_request', 'citizen_plan_seen']) {
      await q.query(`
        ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
        ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
        CREATE POLICY tenant ON ${table} USING (municipality_id = ${CURRENT}) WITH CHECK (municipality_id = ${CURRENT});
      `);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE citizen_plan_seen; DROP TABLE citizen_meeting_request; DROP TABLE citizen_meeting_comment_version; DROP TABLE citizen_meeting_comment`);
  }
}
