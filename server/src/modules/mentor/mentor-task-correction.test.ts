import { addDays, formatDanishDate, localDate } from '@samplan/schema';
import { codeOf, count, planIdOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { mentorView } from './mentor-events';

/**
 * A mentor corrects the day of an entry in their log, by the rules it was logged by, and removes
 * an entry logged by mistake: kept, marked removed, in no list, in the audit log and the plan's history.
 */
let t: TestServer;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestServer();
  const [fmk] = await t.db.dataSource.query(`SELECT municipality_id FROM app_user WHERE username = 'mikkel'`);
  await t.db.dataSource.query(`INSERT INTO app_user (municipality_id, username, subject, name, role, activated_at) VALUES ($1, 'mette', 'mette', 'Mette Mentor', 'MENTOR', now())`, [fmk.municipality_id]);
  for (const u of ['anna', 'mikkel', 'mette']) tokens[u] = await t.login(u);
});
afterAll(() => t.stop());

const today = () => localDate(new Date());

const LOG = `mutation($input: LogMentorTaskInput!) { logMentorTask(input: $input) { id version } }`;
const UPDATE = `mutation($input: UpdateMentorTaskInput!) { updateMentorTask(input: $input) { id date version } }`;
const REMOVE = `mutation($id: ID!, $v: Int!) { removeMentorTask(id: $id, expectedVersion: $v) { id removedAt version } }`;
const HISTORY = `query($planId: ID!, $recordId: ID) { planHistory(planId: $planId, recordId: $recordId, first: 5) { items { kind summary changes { label before after } } } }`;

type History = { planHistory: { items: Array<{ kind: string; summary: string; changes: Array<{ label: string; before: string | null; after: string | null }> }> } };

async function evaGrant(): Promise<{ id: string; startDate: string; version: number }> {
  const [g] = await t.db.dataSource.query(`SELECT id, to_char(start_date, 'YYYY-MM-DD') AS "startDate", version FROM mentor_grant ORDER BY created_at LIMIT 1`);
  return g;
}

async function logged(title: string, date = today(), minutes = 30): Promise<{ id: string; version: number }> {
  const res = await t.gql<{ logMentorTask: { id: string; version: number } }>(LOG, { input: { grantId: (await evaGrant()).id, date, minutes, title } }, tokens.mikkel);
  expect(res.errors).toBeUndefined();
  return res.data!.logMentorTask;
}

const refusal = (res: { errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }) =>
  res.errors?.map((e) => ({ code: e.extensions?.code, field: e.extensions?.field, message: e.message }));

describe('the mentor corrects the day of an entry', () => {
  it('to another day of the grant, by today: saved with a new version, and the plan\'s history says »Dato: X → Y«', async () => {
    const task = await logged('Fulgte Eva til kantinen');
    const earlier = addDays(today(), -2);
    const res = await t.gql<{ updateMentorTask: { date: string; version: number } }>(UPDATE, { input: { id: task.id, expectedVersion: task.version, date: earlier } }, tokens.mikkel);
    expect(res.errors).toBeUndefined();
    expect(res.data!.updateMentorTask).toMatchObject({ date: earlier, version: task.version + 1 });
    const [row] = await t.db.dataSource.query(`SELECT to_char(done_on, 'YYYY-MM-DD') AS done_on FROM mentor_task WHERE id = $1`, [task.id]);
    expect(row.done_on).toBe(earlier);
    // The coordinator reads the entry by its new day, and the change in the plan's history in Danish.
    const plan = await t.gql<{ plan: { mentorTasks: Array<{ id: string; date: string }> } }>(`query($id: ID!) { plan(id: $id) { mentorTasks { id date } } }`, { id: await planIdOf(t, 'Eva') }, tokens.anna);
    expect(plan.data!.plan.mentorTasks.find((x) => x.id === task.id)?.date).toBe(earlier);
    const history = await t.gql<History>(HISTORY, { planId: await planIdOf(t, 'Eva'), recordId: task.id }, tokens.anna);
    expect(history.data!.planHistory.items[0].changes).toEqual([{ label: 'Dato', before: formatDanishDate(today()), after: formatDanishDate(earlier) }]);
    expect(await count(t, `SELECT id FROM audit_log WHERE action = 'UPDATE_MENTOR_TASK' AND entity_id = $1`, [task.id])).toBe(1);
  });

  it('refused at the date, in the words of "Log opgave", after today or before the grant began; nothing is written', async () => {
    const task = await logged('Ringede til jobcentret med Eva');
    const grant = await evaGrant();
    const future = await t.gql(UPDATE, { input: { id: task.id, expectedVersion: task.version, date: addDays(today(), 1) } }, tokens.mikkel);
    expect(refusal(future)).toEqual([{ code: 'BAD_USER_INPUT', field: 'date', message: 'En opgave kan først logges, når den er udført.' }]);
    const beforeGrant = await t.gql(UPDATE, { input: { id: task.id, expectedVersion: task.version, date: addDays(grant.startDate, -1) } }, tokens.mikkel);
    expect(refusal(beforeGrant)).toEqual([{ code: 'BAD_USER_INPUT', field: 'date', message: 'Datoen ligger før bevillingens start.' }]);
    // The same words as when such a day is logged.
    const loggedBefore = await t.gql(LOG, { input: { grantId: grant.id, date: addDays(grant.startDate, -1), minutes: 30, title: 'x' } }, tokens.mikkel);
    expect(refusal(loggedBefore)).toEqual(refusal(beforeGrant));
    const [row] = await t.db.dataSource.query(`SELECT to_char(done_on, 'YYYY-MM-DD') AS done_on, version FROM mentor_task WHERE id = $1`, [task.id]);
    expect(row).toEqual({ done_on: today(), version: task.version });
    // The grant's first day itself is within it.
    const first = await t.gql<{ updateMentorTask: { date: string } }>(UPDATE, { input: { id: task.id, expectedVersion: task.version, date: grant.startDate } }, tokens.mikkel);
    expect(first.data?.updateMentorTask.date).toBe(grant.startDate);
  });

  it("another mentor's entry is not theirs to correct or remove (NOT_FOUND), and staff do neither (FORBIDDEN)", async () => {
    const task = await logged('Fulgte Eva til lægen');
    expect(codeOf(await t.gql(UPDATE, { input: { id: task.id, expectedVersion: task.version, date: addDays(today(), -1) } }, tokens.mette))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(REMOVE, { id: task.id, v: task.version }, tokens.mette))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(REMOVE, { id: task.id, v: task.version }, tokens.anna))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(REMOVE, { id: 'not-an-id', v: 1 }, tokens.mikkel))).toBe('NOT_FOUND');
    const [row] = await t.db.dataSource.query(`SELECT removed_at, version FROM mentor_task WHERE id = $1`, [task.id]);
    expect(row).toEqual({ removed_at: null, version: task.version });
  });
});

describe('the mentor removes an entry logged by mistake', () => {
  it('leaves every list, is kept with who removed it, in the audit log and as a plan event the history tells', async () => {
    const task = await logged('Fulgte Eva til tandlægen');
    const planId = await planIdOf(t, 'Eva');
    const removed = await t.gql<{ removeMentorTask: { id: string; removedAt: string | null; version: number } }>(REMOVE, { id: task.id, v: task.version }, tokens.mikkel);
    expect(removed.errors).toBeUndefined();
    expect(removed.data!.removeMentorTask.removedAt).toBeTruthy();
    expect(removed.data!.removeMentorTask.version).toBe(task.version + 1);

    // Not in the mentor's log, nor the plan's, nor under the grant.
    const mine = await t.gql<{ myMentorCases: Array<{ tasks: Array<{ id: string }> }> }>(`{ myMentorCases { tasks { id } } }`, {}, tokens.mikkel);
    expect(mine.data!.myMentorCases[0].tasks.map((x) => x.id)).not.toContain(task.id);
    expect(mine.data!.myMentorCases[0].tasks.length).toBeGreaterThan(0);
    const plan = await t.gql<{ plan: { mentorTasks: Array<{ id: string }>; mentorGrants: Array<{ tasks: Array<{ id: string }> }> } }>(
      `query($id: ID!) { plan(id: $id) { mentorTasks { id } mentorGrants { tasks { id } } } }`, { id: planId }, tokens.anna);
    expect(plan.errors).toBeUndefined();
    expect(plan.data!.plan.mentorTasks.map((x) => x.id)).not.toContain(task.id);
    expect(plan.data!.plan.mentorGrants.flatMap((g) => g.tasks.map((x) => x.id))).not.toContain(task.id);

    // Kept: the row, who removed it, the audit row and the event.
    const [row] = await t.db.dataSource.query(
      `SELECT k.title, k.removed_at IS NOT NULL AS removed, u.username FROM mentor_task k JOIN app_user u ON u.id = k.removed_by WHERE k.id = $1`, [task.id]);
    expect(row).toEqual({ title: 'Fulgte Eva til tandlægen', removed: true, username: 'mikkel' });
    expect(await count(t, `SELECT a.id FROM audit_log a JOIN app_user u ON u.id = a.actor_id WHERE a.action = 'REMOVE_MENTOR_TASK' AND a.entity_id = $1 AND u.username = 'mikkel'`, [task.id])).toBe(1);
    const events: Array<{ summary: string; removed_at: string | null }> = await t.db.dataSource.query(
      `SELECT summary, payload->'entity'->>'removedAt' AS removed_at FROM plan_event WHERE entity_id = $1 ORDER BY seq`, [task.id]);
    expect(events.map((e) => e.summary)).toEqual(['Mentor Mikkel Lund loggede »Fulgte Eva til tandlægen« (30 min)', 'Mentor Mikkel Lund fjernede »Fulgte Eva til tandlægen« (30 min)']);
    expect(events[1].removed_at).toBeTruthy();
    // The mentor's own other screens hear it cut to their view, in their words.
    const [stored] = await t.db.dataSource.query(`SELECT kind, plan_id, municipality_id, at, payload FROM plan_event WHERE entity_id = $1 ORDER BY seq DESC LIMIT 1`, [task.id]);
    const view = mentorView({ kind: stored.kind, planId: stored.plan_id, municipalityId: stored.municipality_id, at: stored.at, payload: stored.payload });
    expect(view.summary).toBe('Opgave »Fulgte Eva til tandlægen« er fjernet');
    expect(view.entity).toMatchObject({ __typename: 'MentorTask', id: task.id, removedAt: expect.any(String) });
    const history = await t.gql<History>(HISTORY, { planId, recordId: task.id }, tokens.anna);
    expect(history.data!.planHistory.items[0]).toMatchObject({ summary: 'Mentor Mikkel Lund fjernede »Fulgte Eva til tandlægen« (30 min)', changes: [] });

    // Removed once: a second removal on the version read before is told it changed meanwhile; on
    // the version after, the entry is no longer there to remove or correct.
    expect(codeOf(await t.gql(REMOVE, { id: task.id, v: task.version }, tokens.mikkel))).toBe('CONFLICT');
    expect(codeOf(await t.gql(REMOVE, { id: task.id, v: task.version + 1 }, tokens.mikkel))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(UPDATE, { input: { id: task.id, expectedVersion: task.version + 1, minutes: 45 } }, tokens.mikkel))).toBe('NOT_FOUND');
    expect(await count(t, `SELECT seq FROM plan_event WHERE entity_id = $1`, [task.id])).toBe(2);
  });

  it("a removed entry holds no day of the grant: the coordinator's early end is no longer kept after it", async () => {
    const grant = await evaGrant();
    // Every entry logged today goes (those of the tests above too), so yesterday may be the grant's last day.
    const todays: Array<{ id: string; version: number }> = await t.db.dataSource.query(
      `SELECT id, version FROM mentor_task WHERE grant_id = $1 AND done_on >= $2::date AND removed_at IS NULL`, [grant.id, today()]);
    expect(todays.length).toBeGreaterThan(0);
    const END = `mutation($id: ID!, $v: Int!, $end: String) { endMentorGrant(id: $id, expectedVersion: $v, endDate: $end) { endDate } }`;
    const yesterday = addDays(today(), -1);
    expect(codeOf(await t.gql(END, { id: grant.id, v: grant.version, end: yesterday }, tokens.anna))).toBe('RULE_VIOLATION');
    for (const x of todays) expect((await t.gql(REMOVE, { id: x.id, v: x.version }, tokens.mikkel)).errors).toBeUndefined();
    const ended = await t.gql<{ endMentorGrant: { endDate: string } }>(END, { id: grant.id, v: grant.version, end: yesterday }, tokens.anna);
    expect(ended.errors).toBeUndefined();
    expect(ended.data!.endMentorGrant.endDate).toBe(yesterday);
  });
});
