import { MigrationInterface, QueryRunner } from 'typeorm';
import { FACTS } from './1700000000037-health-talk-guidance';

/**
 * The next samtale agreed at a held samtale is no longer agreed once it was booked as the agreed
 * one ("Book den aftalte samtale"), whatever became of that booking: moved, it is the booking;
 * called off, nothing is agreed until a new time is agreed or booked. The plan, Mine sager, Min
 * plan and the mentor say so already; the next-samtale warning waited for the agreed day instead,
 * so a booking called off showed no warning while nothing was booked. Each held samtale's facts
 * say whether its agreement was booked (`agreementBooked`, read by rules/checks.ts).
 *
 * The rule's other home is agreementBookedSql in modules/mentor/mentor-next-samtale.ts. It is
 * written out here rather than imported, so this migration keeps its meaning if that rule
 * changes later: a change to it is a new migration.
 * `programme_warning_facts` is replaced in place: its result columns are as before.
 */
const AGREEMENT_BOOKED = `EXISTS (SELECT 1 FROM booked_meeting agreed_b WHERE agreed_b.agreed_at_follow_up_id = f.id)`;

const NEXT_DAY = `'next', (f.next_meeting_at AT TIME ZONE 'Europe/Copenhagen')::date)`;

/** The function as migration 68 made it, its held samtaler with `agreementBooked` or not, as `CREATE OR REPLACE`. */
function facts(agreementBooked: boolean): string {
  const made = FACTS(true, true, true, 'never-ran', true, true, true, true);
  if (!made.includes(NEXT_DAY) || !made.includes('CREATE FUNCTION')) throw new Error('programme_warning_facts is not as migration 68 made it');
  const held = agreementBooked ? made.replace(NEXT_DAY, `'next', (f.next_meeting_at AT TIME ZONE 'Europe/Copenhagen')::date, 'agreementBooked', ${AGREEMENT_BOOKED})`) : made;
  return held.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION');
}

export class AgreedSamtaleBookedWarning1700000000079 implements MigrationInterface {
  name = 'AgreedSamtaleBookedWarning1700000000079';

  async up(q: QueryRunner): Promise<void> {
    await q.query(facts(true));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(facts(false));
  }
}
