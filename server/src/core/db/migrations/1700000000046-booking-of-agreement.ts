import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A booking may be the booking of the next samtale agreed at a held samtale ("Book den aftalte
 * samtale"): `agreed_at_follow_up_id` names that held samtale. The mentor is told the agreed
 * samtale is called off only when such a booking of it is, not when any booking on the plan is
 * (mentor-next-samtale.ts). A booking of something else has none.
 *
 * Bookings made before cannot be told apart after the fact, so each one booked or called off
 * is taken as the booking of the agreement open when it was made: the latest samtale held
 * and recorded by then. A mentor is shown for them what they were shown before, except for a
 * booking made before the latest samtale was held, which cannot have been booked for what was
 * agreed at it. New bookings are linked by how they are made. Attended and absent ones are
 * left without: they are no one's next samtale.
 */
export class BookingOfAgreement1700000000046 implements MigrationInterface {
  name = 'BookingOfAgreement1700000000046';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE booked_meeting ADD COLUMN agreed_at_follow_up_id uuid REFERENCES follow_up_meeting(id);
      CREATE INDEX booked_meeting_agreement_idx ON booked_meeting (agreed_at_follow_up_id) WHERE agreed_at_follow_up_id IS NOT NULL;
      UPDATE booked_meeting b SET agreed_at_follow_up_id = (
        SELECT f.id FROM follow_up_meeting f
         WHERE f.plan_id = b.plan_id AND f.municipality_id = b.municipality_id AND f.created_at <= b.booked_at AND f.held_at <= b.booked_at
         ORDER BY f.held_at DESC, f.created_at DESC LIMIT 1)
       WHERE b.status IN ('BOOKED', 'CANCELLED');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE booked_meeting DROP COLUMN agreed_at_follow_up_id`);
  }
}
