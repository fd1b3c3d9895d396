import { BookingOfAgreement1700000000046 } from '../../core/db/migrations/1700000000046-booking-of-agreement';
import { onDataBefore } from '../../test-support/test-db';

/**
 * Migration 1700000000046 on bookings made before it: which one was booked from the agreement
 * cannot be told afterwards, so each one booked or called off is taken as the booking of the
 * agreement open when it was made (the latest samtale held and recorded by then); one made
 * before any, and one attended or missed, is no agreement's.
 */
jest.setTimeout(60_000);

it('links each earlier booking, booked or called off, to the agreement open when it was booked', () => onDataBefore(new BookingOfAgreement1700000000046(), async (runner, migration) => {
  const [plan] = await runner.query(`SELECT p.id FROM plan p JOIN citizen c ON c.id = p.citizen_id WHERE c.name LIKE 'Eva%'`);
  // Each samtale recorded an hour after it was held.
  await runner.query(`UPDATE follow_up_meeting SET created_at = held_at + interval '1 hour' WHERE plan_id = $1`, [plan.id]);
  const held: Array<{ id: string; held_at: Date }> = await runner.query(`SELECT id, held_at FROM follow_up_meeting WHERE plan_id = $1 ORDER BY held_at`, [plan.id]);
  expect(held.length).toBeGreaterThan(1);
  const [first, previous, latest] = [held[0], held[held.length - 2], held[held.length - 1]];
  const at = (base: Date, hours: number) => new Date(base.getTime() + hours * 3_600_000);
  const insert = async (bookedAt: Date, status: string) => (await runner.query(
    `INSERT INTO booked_meeting (municipality_id, plan_id, starts_at, ends_at, mode, status, cancel_reason, absence_reasonable_cause, booked_at, booked_by, updated_at)
     SELECT municipality_id, plan_id, now() + interval '20 days', now() + interval '20 days 1 hour', 'PHONE', $2,
            CASE WHEN $2 = 'CANCELLED' THEN 'Aflyst' END, CASE WHEN $2 = 'ABSENT' THEN false END, $3, created_by, now()
       FROM follow_up_meeting WHERE id = $1 RETURNING id`, [latest.id, status, bookedAt]))[0].id as string;
  const afterLatest = await insert(at(latest.held_at, 2), 'CANCELLED');
  const stillBooked = await insert(at(latest.held_at, 3), 'BOOKED');
  const beforeLatest = await insert(at(previous.held_at, 2), 'CANCELLED');
  const beforeAny = await insert(at(first.held_at, -24), 'CANCELLED');
  const absent = await insert(at(latest.held_at, 2), 'ABSENT');
  await migration.up(runner);
  const rows: Array<{ id: string; of: string | null }> = await runner.query(
    `SELECT id, agreed_at_follow_up_id AS of FROM booked_meeting WHERE id = ANY($1::uuid[])`, [[afterLatest, stillBooked, beforeLatest, beforeAny, absent]]);
  expect(Object.fromEntries(rows.map((r) => [r.id, r.of]))).toEqual({
    [afterLatest]: latest.id, [stillBooked]: latest.id, [beforeLatest]: previous.id, [beforeAny]: null, [absent]: null,
  });
}));
