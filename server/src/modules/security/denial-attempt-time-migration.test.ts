import { DenialAttemptTime1700000000077 } from '../../core/db/migrations/1700000000077-denial-attempt-time';
import { onDataBefore } from '../../test-support/test-db';

/**
 * Migration 1700000000077 on refusals logged before it: each that joined an attempt is given the
 * time of the attempt's first refusal; the first, and a refusal that joined none, are given none.
 * The log is append-only again after it.
 */
jest.setTimeout(60_000);

it("gives every refusal that joined an attempt the time of the attempt's first, and leaves the log append-only", () => onDataBefore(new DenialAttemptTime1700000000077(), async (runner, migration) => {
  const [carla] = await runner.query(`SELECT id, municipality_id FROM app_user WHERE username = 'carla'`);
  const deny = async (action: string, entityId: string, at: string): Promise<string> => {
    const [row] = await runner.query(
      `INSERT INTO audit_log (municipality_id, actor_id, action, entity_type, entity_id, outcome, detail, at)
       VALUES ($1, $2, $3, 'PLAN', $4, 'DENIED', 'no access to plan', $5) RETURNING id`,
      [carla.municipality_id, carla.id, action, entityId, at]);
    return row.id;
  };
  const plan = '00000000-0000-4000-8000-000000000001';
  // One click: the history's refusal first, the plan's joined with a time 50 ms before it; then the plan alone, a minute later.
  const first = await deny('READ_PLAN_HISTORY', plan, '2026-03-02 09:00:00+00');
  const joined = await deny('READ_PLAN', plan, '2026-03-02 08:59:59.95+00');
  const alone = await deny('READ_PLAN', plan, '2026-03-02 09:01:00+00');
  expect((await runner.query(`SELECT attempt_of FROM audit_log WHERE id = $1`, [joined]))[0].attempt_of).toBe(first);

  await migration.up(runner);
  const times = await runner.query(`SELECT id, attempt_at FROM audit_log WHERE id = ANY($1) ORDER BY id`, [[first, joined, alone]]);
  expect(times.map((r: { id: string; attempt_at: Date | null }) => [r.id, r.attempt_at?.toISOString() ?? null])).toEqual([
    [first, null], [joined, '2026-03-02T09:00:00.000Z'], [alone, null],
  ]);

  // Still append-only, and under row-level security for the table's owner too.
  await expect(runner.query(`UPDATE audit_log SET detail = 'ændret' WHERE id = $1`, [first])).rejects.toThrow(/append-only/);
  expect(await runner.query(`SELECT relforcerowsecurity AS forced FROM pg_class WHERE relname = 'audit_log'`)).toEqual([{ forced: true }]);
}));
