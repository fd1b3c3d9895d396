import { SamtaleRegisteredOnce1700000000080 } from '../../core/db/migrations/1700000000080-samtale-registered-once';
import { onDataBefore } from '../../test-support/test-db';

/**
 * Migration 1700000000080 on samtaler registered twice before it: they are kept as they were
 * recorded, the first of each plan and time as the samtale, and from then on a samtale of the
 * same plan and time is refused, beside those kept too.
 */
jest.setTimeout(60_000);

it('keeps samtaler registered twice before it, and refuses another registration of the same samtale after it', () => onDataBefore(new SamtaleRegisteredOnce1700000000080(), async (runner, migration) => {
  const [plan] = await runner.query(`SELECT p.id FROM plan p JOIN citizen c ON c.id = p.citizen_id WHERE c.name LIKE 'Eva%'`);
  const [latest] = await runner.query(`SELECT id FROM follow_up_meeting WHERE plan_id = $1 ORDER BY held_at DESC LIMIT 1`, [plan.id]);
  const copy = `INSERT INTO follow_up_meeting (municipality_id, plan_id, held_at, mode, participants, summary, next_meeting_at, shared_with_mentor, created_at, created_by)
    SELECT municipality_id, plan_id, held_at, mode, participants, $2, next_meeting_at, shared_with_mentor, created_at + interval '1 minute', created_by
      FROM follow_up_meeting WHERE id = $1 RETURNING id`;
  // Registered three times at the same moment, before the rule.
  const [again] = await runner.query(copy, [latest.id, 'Registreret igen']);
  const [third] = await runner.query(copy, [latest.id, 'Registreret en tredje gang']);
  const before: number = (await runner.query(`SELECT count(*)::int AS n FROM follow_up_meeting`))[0].n;

  await migration.up(runner);

  const rows: Array<{ id: string; registered_again: boolean }> = await runner.query(
    `SELECT id, registered_again FROM follow_up_meeting WHERE id = ANY($1::uuid[])`, [[latest.id, again.id, third.id]]);
  expect(Object.fromEntries(rows.map((r) => [r.id, r.registered_again]))).toEqual({ [latest.id]: false, [again.id]: true, [third.id]: true });
  expect((await runner.query(`SELECT count(*)::int AS n FROM follow_up_meeting`))[0].n).toBe(before);
  await expect(runner.query(copy, [latest.id, 'Registreret efter reglen'])).rejects.toMatchObject({ code: '23505', constraint: 'follow_up_held_once_uq' });
}));
