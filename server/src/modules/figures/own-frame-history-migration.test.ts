import { OwnFrameHistory1700000000081 } from '../../core/db/migrations/1700000000081-own-frame-history';
import { onDataBefore } from '../../test-support/test-db';

/**
 * Migration 1700000000081 on frames set before it: the history of each municipality's frame for
 * its own forløb is read from the audit rows of the changes leaders saved, in either wording they
 * have had; before the first change there was none. A municipality never changed keeps its frame
 * as it is now from the start; one changed outside Samplan since its last recorded change keeps
 * its frame now from the migration. Afterwards every change of the frame is kept as it is made.
 */
jest.setTimeout(60_000);

interface Kept { from: string; months: number | null; days: number | null }

it('reads the frames gone by from the audit log, and keeps every change from then on', () => onDataBefore(new OwnFrameHistory1700000000081(), async (runner, migration) => {
  const [fmk] = await runner.query(`SELECT id FROM municipality WHERE code = '0430'`);
  const [svb] = await runner.query(`SELECT id FROM municipality WHERE code = '0479'`);
  const [lene] = await runner.query(`SELECT id FROM app_user WHERE municipality_id = $1 AND role = 'LEADER' LIMIT 1`, [fmk.id]);
  const changed = (at: string, detail: string, outcome = 'ALLOWED') => runner.query(
    `INSERT INTO audit_log (municipality_id, at, actor_id, action, entity_type, entity_id, outcome, detail)
     VALUES ($1::uuid, ($2::timestamp AT TIME ZONE 'Europe/Copenhagen'), $3, 'SET_OWN_PROGRAMME_SETTINGS', 'MUNICIPALITY', $1::text, $4, $5)`,
    [fmk.id, at, lene.id, outcome, detail]);
  await changed('2026-02-01 10:00:00', 'længde 18 mdr., samtaler 30 dage');
  await changed('2026-04-01 10:00:00', 'no longer a leader', 'DENIED');
  await changed('2026-06-10 14:00:00', 'Satte kommunens egne rammer for helhedsorienterede forløb: ingen længste varighed, højst 10 dage mellem samtaler');
  await runner.query(`UPDATE municipality SET own_programme_max_months = NULL, own_programme_follow_up_days = 10 WHERE id = $1`, [fmk.id]);
  // Svendborg never changed its frame in Samplan, and has one all the same.
  await runner.query(`UPDATE municipality SET own_programme_max_months = 24, own_programme_follow_up_days = 45 WHERE id = $1`, [svb.id]);

  await migration.up(runner);
  const kept = async (id: string): Promise<Kept[]> => runner.query(
    `SELECT CASE WHEN valid_from = '-infinity' THEN 'start' ELSE to_char(valid_from AT TIME ZONE 'Europe/Copenhagen', 'YYYY-MM-DD HH24:MI') END AS "from",
            max_months AS months, follow_up_days AS days
       FROM own_programme_frame WHERE municipality_id = $1 ORDER BY valid_from, id`, [id]);
  expect(await kept(fmk.id)).toEqual([
    { from: 'start', months: null, days: null },
    { from: '2026-02-01 10:00', months: 18, days: 30 },
    { from: '2026-06-10 14:00', months: null, days: 10 },
  ]);
  expect(await kept(svb.id)).toEqual([{ from: 'start', months: 24, days: 45 }]);

  // A change from now on is kept as it is made; one that changes nothing of the frame is not.
  await runner.query(`UPDATE municipality SET own_programme_follow_up_days = 14 WHERE id = $1`, [fmk.id]);
  await runner.query(`UPDATE municipality SET name = name WHERE id = $1`, [fmk.id]);
  const now = await kept(fmk.id);
  expect(now.map((k) => k.days)).toEqual([null, 30, 10, 14]);
  // The history is never changed.
  await expect(runner.query(`DELETE FROM own_programme_frame WHERE municipality_id = $1`, [fmk.id])).rejects.toThrow(/append-only/);
}));

it('keeps a frame changed outside Samplan since the last recorded change from the migration on', () => onDataBefore(new OwnFrameHistory1700000000081(), async (runner, migration) => {
  const [fmk] = await runner.query(`SELECT id FROM municipality WHERE code = '0430'`);
  await runner.query(
    `INSERT INTO audit_log (municipality_id, at, action, entity_type, entity_id, outcome, detail)
     VALUES ($1::uuid, '2026-02-01 09:00Z', 'SET_OWN_PROGRAMME_SETTINGS', 'MUNICIPALITY', $1::text, 'ALLOWED', 'længde 18 mdr., samtaler 30 dage')`, [fmk.id]);
  await runner.query(`UPDATE municipality SET own_programme_max_months = 18, own_programme_follow_up_days = 21 WHERE id = $1`, [fmk.id]);
  await migration.up(runner);
  const rows: Array<{ start: boolean; days: number | null; recent: boolean }> = await runner.query(
    `SELECT valid_from = '-infinity' AS start, follow_up_days AS days, valid_from > now() - interval '1 hour' AS recent
       FROM own_programme_frame WHERE municipality_id = $1 ORDER BY valid_from, id`, [fmk.id]);
  expect(rows).toEqual([{ start: true, days: null, recent: false }, { start: false, days: 30, recent: false }, { start: false, days: 21, recent: true }]);
}));
