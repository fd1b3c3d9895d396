import { InterventionPausePeriods1700000000063 } from '../../core/db/migrations/1700000000063-intervention-pause-periods';
import { APP_ROLE } from '../../core/db/request-db';
import { onDataBefore } from '../../test-support/test-db';

/**
 * Migration 1700000000063 on interventions paused before it: every pause the plan's history
 * tells (the events that created an intervention or changed its status, with its status after
 * them) becomes a period, from the Danish day it was set Sat på pause to the day it left it; the
 * current pause is the day the intervention keeps (migration 57), also without an event. A pause
 * whose end the history does not tell is left out. The periods are the municipality's own.
 */
jest.setTimeout(60_000);

it('back-fills every pause from the history, the current one from the day the intervention keeps', () => onDataBefore(new InterventionPausePeriods1700000000063(), async (runner, migration) => {
  const [dorte] = await runner.query(`SELECT id, municipality_id, unit_id FROM app_user WHERE username = 'dorte'`);
  const [anna] = await runner.query(`SELECT id FROM app_user WHERE username = 'anna'`);
  const [plan] = await runner.query(`SELECT p.id FROM plan p JOIN citizen c ON c.id = p.citizen_id WHERE c.name LIKE 'Kim%' AND p.municipality_id = $1`, [dorte.municipality_id]);
  const intervention = async (title: string, status: string, pausedOn: string | null = null, endDate: string | null = null): Promise<string> => {
    const [row] = await runner.query(
      `INSERT INTO intervention (municipality_id, plan_id, unit_id, unit_kind, kind, title, short_term_goal, status, start_date, end_date, details, created_by, updated_by, paused_on)
       VALUES ($1, $2, $3, 'EMPLOYMENT', 'ORDINARY_HOURS', $4, '', $5, '2026-02-01', $6, '{"hoursPerWeek": 7}', $7, $7, $8) RETURNING id`,
      [dorte.municipality_id, plan.id, dorte.unit_id, title, status, endDate, dorte.id, pausedOn]);
    return row.id;
  };
  /** An event of the intervention at a Danish wall-clock time, with its status after it (none: an event stored before events recorded their record). */
  const event = (id: string, kind: string, at: string, status: string | null, by = dorte.id) => runner.query(
    `INSERT INTO plan_event (plan_id, municipality_id, kind, entity_type, entity_id, actor_id, at, summary, payload)
     VALUES ($1, $2, $3, 'INTERVENTION', $4, $5, ($6::timestamp AT TIME ZONE 'Europe/Copenhagen'), 'Jobcenter ændrede indsatsen', $7)`,
    [plan.id, dorte.municipality_id, kind, id, by, at, JSON.stringify(status ? { entity: { id, status } } : {})]);

  // Paused on 3 March, going again at 00:30 on 14 April (13 April in UTC), its notes changed while
  // it ran, paused again on 2 June: paused now.
  const twice = await intervention('Løntimer, to pauser', 'PAUSED', '2026-06-02');
  await event(twice, 'INTERVENTION_CREATED', '2026-02-01 09:00', 'ACTIVE');
  await event(twice, 'INTERVENTION_STATUS_CHANGED', '2026-03-03 10:00', 'PAUSED');
  await event(twice, 'INTERVENTION_STATUS_CHANGED', '2026-04-14 00:30', 'ACTIVE', anna.id);
  await event(twice, 'INTERVENTION_UPDATED', '2026-05-01 10:00', 'ACTIVE');
  await event(twice, 'INTERVENTION_STATUS_CHANGED', '2026-06-02 11:00', 'PAUSED');
  // Created paused on 10 March, ended on 31 March.
  const ended = await intervention('Løntimer, afsluttet fra pause', 'COMPLETED', null, '2026-03-31');
  await event(ended, 'INTERVENTION_CREATED', '2026-03-10 09:00', 'PAUSED');
  await event(ended, 'INTERVENTION_STATUS_CHANGED', '2026-03-31 15:00', 'COMPLETED');
  // Paused without an event (outside Samplan): the day it keeps, by nobody known.
  const outside = await intervention('Løntimer, sat på pause udenom', 'PAUSED', '2026-05-05');
  // Paused by an event, its going again stored before events recorded their record: its end is not told.
  const untold = await intervention('Løntimer, ukendt slut', 'ACTIVE');
  await event(untold, 'INTERVENTION_STATUS_CHANGED', '2026-02-10 10:00', 'PAUSED');
  await event(untold, 'INTERVENTION_STATUS_CHANGED', '2026-02-20 10:00', null);

  await migration.up(runner);
  const periods = async (id: string) => runner.query(
    `SELECT ip.paused_on AS "from", ip.resumed_on AS "to", pu.username AS "pausedBy", ru.username AS "resumedBy"
       FROM intervention_pause ip LEFT JOIN app_user pu ON pu.id = ip.paused_by LEFT JOIN app_user ru ON ru.id = ip.resumed_by
      WHERE ip.intervention_id = $1 ORDER BY ip.paused_on`, [id]);
  expect(await periods(twice)).toEqual([
    { from: '2026-03-03', to: '2026-04-14', pausedBy: 'dorte', resumedBy: 'anna' },
    { from: '2026-06-02', to: null, pausedBy: 'dorte', resumedBy: null },
  ]);
  expect(await periods(ended)).toEqual([{ from: '2026-03-10', to: '2026-03-31', pausedBy: 'dorte', resumedBy: 'dorte' }]);
  expect(await periods(outside)).toEqual([{ from: '2026-05-05', to: null, pausedBy: null, resumedBy: null }]);
  expect(await periods(untold)).toEqual([]);
  // Every intervention paused now has its current pause, and only one.
  expect(await runner.query(`SELECT count(*)::int AS n FROM intervention i WHERE i.status = 'PAUSED'
    AND (SELECT count(*) FROM intervention_pause ip WHERE ip.intervention_id = i.id AND ip.resumed_on IS NULL) <> 1`)).toEqual([{ n: 0 }]);

  // The municipality's own rows, under row-level security as for every table of citizen data.
  const [other] = await runner.query(`SELECT id FROM municipality WHERE id <> $1 LIMIT 1`, [dorte.municipality_id]);
  await runner.query(`SET ROLE ${APP_ROLE}`);
  try {
    const visible = async (municipalityId: string) => {
      await runner.query(`SELECT set_config('samplan.municipality_id', $1, false)`, [municipalityId]);
      return (await runner.query(`SELECT count(*)::int AS n FROM intervention_pause WHERE intervention_id = ANY($1::uuid[])`, [[twice, ended, outside]]))[0].n;
    };
    expect(await visible(dorte.municipality_id)).toBe(4);
    // The history is kept: the application may not delete a period, not even its own municipality's.
    await expect(runner.query(`DELETE FROM intervention_pause WHERE intervention_id = $1`, [twice])).rejects.toThrow(/permission denied/);
    expect(await visible(dorte.municipality_id)).toBe(4);
    expect(await visible(other.id)).toBe(0);
    await expect(runner.query(`INSERT INTO intervention_pause (municipality_id, intervention_id, paused_on) VALUES ($1, $2, '2026-07-01')`, [dorte.municipality_id, untold]))
      .rejects.toThrow(/row-level security/);
  } finally {
    await runner.query(`RESET ROLE`);
    await runner.query(`SELECT set_config('samplan.municipality_id', '', false)`);
  }
}));
