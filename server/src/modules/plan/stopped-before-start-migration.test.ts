import type { QueryRunner } from 'typeorm';
import { ProgrammeStoppedBeforeStart1700000000058 } from '../../core/db/migrations/1700000000058-programme-stopped-before-start';
import { ProgrammeRegisteredInError1700000000062 } from '../../core/db/migrations/1700000000062-programme-registered-in-error';
import { onDataBefore } from '../../test-support/test-db';

/**
 * Migration 1700000000058 on forløb ended before it: one stored ending on its start day was
 * either stopped before it began or ended on its first day, and only the day its ending was
 * written tells which (the PROGRAMME_UPDATED event that set it ENDED, as a Danish day). One ended
 * with no such event keeps the reading it had: never ran. One that ran past its first day is not
 * touched.
 */
jest.setTimeout(60_000);

/** Migration 58 undone as it was: migration 62's `never_ran` is made from its mark, so 62 is undone first. */
const before62 = Object.assign(new ProgrammeStoppedBeforeStart1700000000058(), {
  async down(runner: QueryRunner) {
    await new ProgrammeRegisteredInError1700000000062().down(runner);
    await new ProgrammeStoppedBeforeStart1700000000058().down(runner);
  },
});

it('marks as stopped before it began the forløb whose ending was written before its first day, or not in Samplan', () => onDataBefore(before62, async (runner, migration) => {
  const [anna] = await runner.query(`SELECT id, municipality_id FROM app_user WHERE username = 'anna'`);
  /** An ended forløb from 1 March 2026, its ending written at `endedAt` (Danish wall-clock time), or never by Samplan. */
  const ended = async (name: string, end: string, endedAt: string | null): Promise<string> => {
    const [citizen] = await runner.query(`INSERT INTO citizen (municipality_id, name, birth_date) VALUES ($1, $2, '1985-04-01') RETURNING id`, [anna.municipality_id, name]);
    const [programme] = await runner.query(
      `INSERT INTO programme (municipality_id, citizen_id, type, decision_date, law_version, start_date, end_date, status, end_reason)
       VALUES ($1, $2, 'JOBAFKLARINGSFORLOEB', '2026-02-20', 'REFORM_2026', '2026-03-01', $3, 'ENDED', 'MOVED') RETURNING id`,
      [anna.municipality_id, citizen.id, end]);
    const [plan] = await runner.query(
      `INSERT INTO plan (municipality_id, programme_id, citizen_id, employment_goal, goal_kind, period_start, period_end)
       VALUES ($1, $2, $3, 'Lager', 'SECTOR', '2026-03-01', '2026-08-31') RETURNING id`, [anna.municipality_id, programme.id, citizen.id]);
    if (endedAt) {
      await runner.query(
        `INSERT INTO plan_event (plan_id, municipality_id, kind, entity_type, entity_id, actor_id, at, summary, payload)
         VALUES ($1, $2, 'PROGRAMME_UPDATED', 'PROGRAMME', $3, $4, ($5::timestamp AT TIME ZONE 'Europe/Copenhagen'), 'Jobcenter afsluttede forløbet', $6)`,
        [plan.id, anna.municipality_id, programme.id, anna.id, endedAt, JSON.stringify({ changes: [{ field: 'status', before: 'ACTIVE', after: 'ENDED' }] })]);
    }
    return programme.id;
  };
  // Written at 23:30 the evening before (22:30 UTC, the same day in UTC too), and at 00:30 on the first day (23:30 UTC the day before).
  const stopped = await ended('Stoppet aftenen før', '2026-03-01', '2026-02-28 23:30');
  const firstDay = await ended('Afsluttet første dag', '2026-03-01', '2026-03-01 00:30');
  const outside = await ended('Afsluttet uden for Samplan', '2026-03-01', null);
  const ran = await ended('Kørte en måned', '2026-03-31', '2026-03-31 10:00');

  await migration.up(runner);
  const rows: Array<{ id: string; stopped: boolean }> = await runner.query(
    `SELECT id, stopped_before_start AS stopped FROM programme WHERE id = ANY($1::uuid[])`, [[stopped, firstDay, outside, ran]]);
  expect(Object.fromEntries(rows.map((r) => [r.id, r.stopped]))).toEqual({ [stopped]: true, [firstDay]: false, [outside]: true, [ran]: false });
  // The seeded forløb, running or ended after they ran, are none of them.
  expect(await runner.query(`SELECT count(*)::int AS n FROM programme WHERE stopped_before_start AND NOT (id = ANY($1::uuid[]))`, [[stopped, outside]])).toEqual([{ n: 0 }]);
  // Only an ended forløb stored ending on its start day can carry the mark.
  await expect(runner.query(`UPDATE programme SET stopped_before_start = true WHERE id = $1`, [ran])).rejects.toThrow(/programme_stopped_before_start/);
}));
