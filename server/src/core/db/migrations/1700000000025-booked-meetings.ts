import { MigrationInterface, QueryRunner } from 'typeorm';

const CURRENT = `NULLIF(current_setting('samplan.municipality_id', true), '')::uuid`;

/**
 * Booked samtaler: the next samtale is always agreed before one ends (STAR’s vejledning om
 * ressourceforløb 2020, afsnit 5.5), so it is recorded as a booking with its time, place,
 * participants and agenda, before it is held.
 *
 * - `staff_ids`: the municipality's staff taking part (checked against app_user when written);
 *   `guests`: network persons and a bisidder, as name and relation (they are not users);
 * - `status`: BOOKED until it is cancelled (with a reason) or its attendance is recorded
 *   (ATTENDED, ABSENT with whether there was reasonable cause); an attended one links to the
 *   held follow-up samtale it became (`follow_up_id`);
 * - `version` also numbers the calendar file's SEQUENCE, so a move or a cancellation
 *   replaces the entry in the participants' calendars.
 *
 * Tenant isolation as for every table holding citizen data (migration 11).
 */
export class BookedMeetings1700000000025 implements MigrationInterface {
  name = 'BookedMeetings1700000000025';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE booked_meeting (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        municipality_id uuid NOT NULL REFERENCES municipality(id),
        plan_id uuid NOT NULL REFERENCES plan(id),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
        mode text NOT NULL CHECK (mode IN ('IN_PERSON','PHONE','VIDEO')),
        place text CHECK (mode <> 'IN_PERSON' OR place IS NOT NULL),
        video_link text,
        staff_ids uuid[] NOT NULL DEFAULT '{}',
        guests jsonb NOT NULL DEFAULT '[]',
        agenda text NOT NULL DEFAULT '',
        status text NOT NULL DEFAULT 'BOOKED' CHECK (status IN ('BOOKED','CANCELLED','ATTENDED','ABSENT')),
        cancel_reason text CHECK (status <> 'CANCELLED' OR cancel_reason IS NOT NULL),
        absence_reasonable_cause boolean CHECK (status <> 'ABSENT' OR absence_reasonable_cause IS NOT NULL),
        attendance_note text,
        follow_up_id uuid REFERENCES follow_up_meeting(id),
        version int NOT NULL DEFAULT 1,
        booked_at timestamptz NOT NULL DEFAULT now(),
        booked_by uuid NOT NULL REFERENCES app_user(id),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid REFERENCES app_user(id)
      );
      CREATE INDEX booked_meeting_plan_idx ON booked_meeting (plan_id, starts_at);
      GRANT SELECT, INSERT, UPDATE, DELETE ON booked_meeting TO samplan_app;
      ALTER TABLE booked_meeting ENABLE ROW LEVEL SECURITY;
      ALTER TABLE booked_meeting FORCE ROW LEVEL SECURITY;
      CREATE POLICY tenant ON booked_meeting USING (municipality_id = ${CURRENT}) WITH CHECK (municipality_id = ${CURRENT});
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE booked_meeting`);
  }
}
