import { codeOf, count } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';

/**
 * Who may read a citizen's access log: the citizen's current coordinator, the one who holds
 * the citizen's running programme (STAR's vejledning om ressourceforløb 2020, afsnit 5.1),
 * or, when none runs, their latest. The coordinator of an earlier, ended programme still holds
 * that programme (an ended programme keeps its coordinator), but the log also names everyone
 * who has since worked on the citizen's current plan, and which units: not theirs to read.
 */
jest.setTimeout(60_000);

let t: TestServer;
const tokens: Record<string, string> = {};
let citizen: string;

beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['anna', 'carla', 'bent', 'mikkel']) tokens[u] = await t.login(u);
  [{ id: citizen }] = await t.db.dataSource.query(`SELECT id FROM citizen WHERE name = 'Per Hansen'`);
  // Per's ended programme was coordinated by Carla (health) to its end; his running one is Anna's, without health on its team.
  await t.db.dataSource.query(
    `UPDATE coordinator_assignment ca SET user_id = u.id, unit_id = u.unit_id, to_at = NULL
       FROM programme pr, app_user u
      WHERE pr.id = ca.programme_id AND pr.citizen_id = $1 AND pr.status = 'ENDED' AND u.username = 'carla'`,
    [citizen],
  );
});
afterAll(() => t.stop());

const LOG = `query($c: ID!) { accessLog(citizenId: $c) { actorName unitName action } }`;
const read = (who: string) => t.gql<{ accessLog: Array<{ actorName: string }> }>(LOG, { c: citizen }, tokens[who]);
const refusals = (who: string) =>
  count(t, `SELECT 1 FROM audit_log a JOIN app_user u ON u.id = a.actor_id WHERE u.username = $1 AND a.action = 'READ_ACCESS_LOG' AND a.outcome = 'DENIED'`, [who]);

it('the coordinator of an ended programme does not read the log while another programme of the citizen runs: NOT_FOUND, logged as a refusal', async () => {
  // Anna reads Per's current plan: that read is in the log Carla must not see.
  expect((await t.gql(`query($id: ID!) { plan(id: $id) { id } }`, { id: (await t.db.dataSource.query(
    `SELECT p.id FROM plan p JOIN programme pr ON pr.id = p.programme_id WHERE pr.citizen_id = $1 AND pr.status = 'ACTIVE'`, [citizen]))[0].id }, tokens.anna)).errors).toBeUndefined();
  const before = await refusals('carla');
  const res = await read('carla');
  expect(codeOf(res)).toBe('NOT_FOUND');
  expect(res.data?.accessLog).toBeUndefined();
  expect(await refusals('carla')).toBe(before + 1);
  // The running programme's coordinator reads it.
  expect((await read('anna')).data!.accessLog.length).toBeGreaterThan(0);
});

/** Per's plans by programme status, and what the plan says of reading his log, for a user. */
const mayRead = async (who: string, status: 'ACTIVE' | 'ENDED') => {
  const [{ id }] = await t.db.dataSource.query(
    `SELECT p.id FROM plan p JOIN programme pr ON pr.id = p.programme_id WHERE pr.citizen_id = $1 AND pr.status = $2 ORDER BY pr.start_date DESC LIMIT 1`, [citizen, status]);
  const res = await t.gql<{ plan: { mayReadAccessLog: boolean } }>(`query($id: ID!) { plan(id: $id) { mayReadAccessLog } }`, { id }, tokens[who]);
  expect(res.errors).toBeUndefined();
  return res.data!.plan.mayReadAccessLog;
};

it('the plan says whether its viewer may read the citizen\'s log, by the rule the log itself is read by, so the page offers it only to whom the server answers', async () => {
  // Carla keeps her ended plan and coordinates it, but the log is not hers while Anna's runs.
  expect(await mayRead('carla', 'ENDED')).toBe(false);
  expect(await mayRead('anna', 'ACTIVE')).toBe(true);
  expect(await mayRead('bent', 'ACTIVE')).toBe(false);
  // Asking does not count as an attempt to read the log.
  const before = await refusals('carla');
  await mayRead('carla', 'ENDED');
  expect(await refusals('carla')).toBe(before);
});

it('a refused attempt to read the log is in the citizen\'s own log, for the coordinator to see who tried', async () => {
  // Bent's unit is on Per's plan, but he is not its coordinator.
  expect(codeOf(await read('bent'))).toBe('NOT_FOUND');
  const log = (await read('anna')).data!.accessLog as Array<{ actorName: string; action: string; outcome?: string }>;
  const [row] = await t.db.dataSource.query(
    `SELECT a.outcome FROM audit_log a JOIN app_user u ON u.id = a.actor_id WHERE u.username = 'bent' AND a.action = 'READ_ACCESS_LOG' AND a.citizen_id = $1`, [citizen]);
  expect(row).toEqual({ outcome: 'DENIED' });
  expect(log.some((e) => e.actorName === 'Bent Sørensen' && e.action === 'READ_ACCESS_LOG')).toBe(true);
});

it('a mentor\'s refused look at a grant that is not (or no longer) theirs is in that citizen\'s log', async () => {
  const [{ id: grant, citizen_id: eva }] = await t.db.dataSource.query(
    `SELECT g.id, p.citizen_id FROM mentor_grant g JOIN plan p ON p.id = g.plan_id JOIN citizen c ON c.id = p.citizen_id WHERE c.name = 'Eva Jensen'`);
  await t.db.dataSource.query(`UPDATE mentor_grant SET end_date = start_date WHERE id = $1`, [grant]);
  const res = await t.gql(`query($g: ID!) { mentorCase(grantId: $g) { employmentGoal } }`, { g: grant }, tokens.mikkel);
  expect(codeOf(res)).toBe('NOT_FOUND');
  expect(await count(t, `SELECT 1 FROM audit_log a JOIN app_user u ON u.id = a.actor_id WHERE u.username = 'mikkel' AND a.outcome = 'DENIED' AND a.citizen_id = $1`, [eva])).toBe(1);
});

it('when no programme of the citizen runs, the coordinator of the latest one reads the log, and only they', async () => {
  await t.db.dataSource.query(`UPDATE programme SET status = 'ENDED', end_reason = 'EMPLOYMENT' WHERE citizen_id = $1 AND status = 'ACTIVE'`, [citizen]);
  expect((await read('anna')).errors).toBeUndefined();
  expect(codeOf(await read('carla'))).toBe('NOT_FOUND');
  // Anna's programme, started after Carla's, is now the latest of two ended ones.
  expect(await mayRead('anna', 'ENDED')).toBe(true);
});
