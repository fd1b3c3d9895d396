import type { Actor } from '../../core/auth/actor';
import { EventKind } from '../../core/events/event-kinds';
import { appendEvent } from '../../core/events/event-log';
import { actorNamed, codeOf, count, planIdOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';

/**
 * "Nyt siden dit sidste besøg": a read position per user and plan that only moves forward,
 * and the count of changes by others after it — the user's own changes and the rules'
 * warning updates left out — for a whole page of Mine sager in one statement.
 */
jest.setTimeout(60_000);

let t: TestServer;
let positionStatements = 0;
const tokens: Record<string, string> = {};
let eva: string;
let municipality: string;

beforeAll(async () => {
  t = await startTestServer({
    onQuery: (sql) => {
      if (sql.includes('plan_read_position')) positionStatements++;
    },
  });
  for (const u of ['anna', 'dorte', 'bent', 'otto', 'mikkel']) tokens[u] = await t.login(u);
  eva = await planIdOf(t, 'Eva');
  [{ municipality_id: municipality }] = await t.db.dataSource.query(`SELECT municipality_id FROM plan WHERE id = $1`, [eva]);
});
afterAll(() => t.stop());

/** One change as a service writes it (its own transaction, the event last); the seq. */
async function change(planId: string, by: Actor | null, kind = EventKind.ACTIVITY_UPDATED): Promise<string> {
  return t.db.dataSource.transaction((m) =>
    appendEvent(m, {
      planId, municipalityId: municipality, kind, entityType: 'ACTIVITY', entityId: planId, actor: by, summary: 'Ændret',
      payload: { entity: { __typename: 'Activity', id: planId } },
    }),
  );
}

const POSITION = `query($id: ID!) { plan(id: $id) { id lastSeenSeq unseenChangeCount } }`;
const MARK = `mutation($id: ID!, $seq: String!) { markPlanSeen(planId: $id, seq: $seq) { id lastSeenSeq unseenChangeCount } }`;

async function position(user: string, planId: string): Promise<{ lastSeenSeq: string | null; unseenChangeCount: number }> {
  const res = await t.gql<{ plan: { lastSeenSeq: string | null; unseenChangeCount: number } }>(POSITION, { id: planId }, tokens[user]);
  expect(res.errors).toBeUndefined();
  const { lastSeenSeq, unseenChangeCount } = res.data!.plan;
  return { lastSeenSeq, unseenChangeCount };
}

const newestSeq = async (planId: string): Promise<string> =>
  (await t.db.dataSource.query(`SELECT max(seq)::text AS s FROM plan_event WHERE plan_id = $1`, [planId]))[0].s;

it('counts the changes by others after my position, not my own and not the rules\' warning updates', async () => {
  const [anna, bent] = await Promise.all([actorNamed(t.db.dataSource, 'anna'), actorNamed(t.db.dataSource, 'bent')]);
  await change(eva, bent);
  const mark = await t.gql<{ markPlanSeen: { lastSeenSeq: string; unseenChangeCount: number } }>(MARK, { id: eva, seq: await newestSeq(eva) }, tokens.anna);
  expect(mark.errors).toBeUndefined();
  expect(mark.data!.markPlanSeen.unseenChangeCount).toBe(0);

  await change(eva, bent);
  await change(eva, anna);
  await change(eva, null, EventKind.WARNINGS_CHANGED);
  await change(eva, bent, EventKind.INTERVENTION_UPDATED);
  expect(await position('anna', eva)).toEqual({ lastSeenSeq: mark.data!.markPlanSeen.lastSeenSeq, unseenChangeCount: 2 });
});

it('moves forward only, and moves only my own position', async () => {
  const bent = await actorNamed(t.db.dataSource, 'bent');
  const older = await change(eva, bent);
  const newer = await change(eva, bent);
  const dorteBefore = await position('dorte', eva);

  const forward = await t.gql<{ markPlanSeen: { lastSeenSeq: string } }>(MARK, { id: eva, seq: newer }, tokens.anna);
  expect(forward.data!.markPlanSeen.lastSeenSeq).toBe(newer);
  // A stale tab marking an older change does not move the position back.
  const back = await t.gql<{ markPlanSeen: { lastSeenSeq: string } }>(MARK, { id: eva, seq: older }, tokens.anna);
  expect(back.errors).toBeUndefined();
  expect(back.data!.markPlanSeen.lastSeenSeq).toBe(newer);
  expect((await position('anna', eva)).lastSeenSeq).toBe(newer);

  // Dorte (the coordinator) has her own position, untouched by Anna's.
  expect(await position('dorte', eva)).toEqual(dorteBefore);
});

it('writes no event: the position is my own state', async () => {
  const bent = await actorNamed(t.db.dataSource, 'bent');
  const seq = await change(eva, bent);
  const events = await count(t, `SELECT 1 FROM plan_event`);
  const res = await t.gql(MARK, { id: eva, seq }, tokens.dorte);
  expect(res.errors).toBeUndefined();
  expect(await count(t, `SELECT 1 FROM plan_event`)).toBe(events);
});

it('puts the plan it answers with in the citizen\'s access log, as a read of the plan folded into the page\'s row', async () => {
  // The answer is a Plan: its selection may reach the citizen's CPR number, address and every intervention.
  const reads = async (): Promise<{ rows: number; times: number }> => {
    const [r] = await t.db.dataSource.query(
      `SELECT count(*)::int AS rows, COALESCE(sum(a.count), 0)::int AS times FROM audit_log a JOIN app_user u ON u.id = a.actor_id
        WHERE u.username = 'dorte' AND a.citizen_id = (SELECT citizen_id FROM plan WHERE id = $1) AND a.action = 'READ_PLAN' AND a.channel = 'PLAN_PAGE' AND a.outcome = 'ALLOWED'`,
      [eva],
    );
    return r;
  };
  const bent = await actorNamed(t.db.dataSource, 'bent');
  const before = await reads();
  const res = await t.gql<{ markPlanSeen: { citizen: { cpr: string } } }>(
    `mutation($id: ID!, $seq: String!) { markPlanSeen(planId: $id, seq: $seq) { id citizen { cpr address } interventions { title notes } } }`,
    { id: eva, seq: await change(eva, bent) },
    tokens.dorte,
  );
  expect(res.errors).toBeUndefined();
  expect(res.data!.markPlanSeen.citizen.cpr).toMatch(/^\d{6}-\d{4}$/);
  expect((await reads()).times).toBe(before.times + 1);

  // As the page marks what it has shown: no row of its own beside the page's read.
  await position('dorte', eva);
  const afterPage = await reads();
  expect((await t.gql(MARK, { id: eva, seq: await change(eva, bent) }, tokens.dorte)).errors).toBeUndefined();
  expect(await reads()).toEqual({ rows: afterPage.rows, times: afterPage.times + 1 });
});

it('refuses a seq that is not a number, or beyond the plan\'s newest change', async () => {
  const newest = await newestSeq(eva);
  const notANumber = await t.gql(MARK, { id: eva, seq: '12a' }, tokens.anna);
  expect(codeOf(notANumber)).toBe('BAD_USER_INPUT');
  expect(notANumber.errors![0].extensions!.field).toBe('seq');
  const beyond = await t.gql(MARK, { id: eva, seq: (BigInt(newest) + 1n).toString() }, tokens.anna);
  expect(codeOf(beyond)).toBe('BAD_USER_INPUT');
  expect((await position('anna', eva)).lastSeenSeq).not.toBe((BigInt(newest) + 1n).toString());
  // Past what a seq can be (PostgreSQL's bigint): the same coded refusal at the field, not an unexpected error.
  const outOfRange = await t.gql(MARK, { id: eva, seq: '9223372036854775808' }, tokens.anna);
  expect(outOfRange.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'seq' });
});

it('answers NOT_FOUND for a plan I may not see: another team\'s, another municipality\'s, or none at all', async () => {
  const sofie = await planIdOf(t, 'Sofie');
  const seq = await newestSeq(eva);
  // Bent (social services) is not on Eva's team; Otto works in Svendborg; Anna asks for Svendborg's Sofie.
  expect(codeOf(await t.gql(MARK, { id: eva, seq }, tokens.bent))).toBe('NOT_FOUND');
  expect(codeOf(await t.gql(MARK, { id: eva, seq }, tokens.otto))).toBe('NOT_FOUND');
  expect(codeOf(await t.gql(MARK, { id: sofie, seq: '0' }, tokens.anna))).toBe('NOT_FOUND');
  expect(codeOf(await t.gql(MARK, { id: '00000000-0000-4000-8000-000000000000', seq: '0' }, tokens.anna))).toBe('NOT_FOUND');
  const rows = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM plan_read_position rp JOIN app_user u ON u.id = rp.user_id WHERE u.username IN ('bent', 'otto')`);
  expect(rows[0].n).toBe(0);
  // A mentor keeps no position in a plan: the plan is not theirs to read.
  expect(codeOf(await t.gql(MARK, { id: eva, seq }, tokens.mikkel))).toBe('FORBIDDEN');
});

it('reads a whole page of Mine sager with its positions and counts in one statement', async () => {
  const q = (sql: string, params: unknown[] = []) => t.db.dataSource.query(sql, params);
  // 30 more plans with the jobcenter on the team: Anna's page of 25 is full.
  const made: string[] = [];
  for (let i = 0; i < 30; i++) {
    const [{ id: citizen }] = await q(`INSERT INTO citizen (municipality_id, name, birth_date) VALUES ($1, $2, '1980-01-01') RETURNING id`, [municipality, `Aase ${String(i).padStart(2, '0')}`]);
    const [{ id: programme }] = await q(
      `INSERT INTO programme (municipality_id, citizen_id, type, decision_date, law_version, start_date, end_date)
       VALUES ($1, $2, 'RESSOURCEFORLOEB', current_date - 100, 'RULES_2022', current_date - 100, current_date + 600) RETURNING id`,
      [municipality, citizen],
    );
    const [{ id: plan }] = await q(
      `INSERT INTO plan (municipality_id, programme_id, citizen_id, employment_goal, goal_kind, period_start, period_end)
       VALUES ($1, $2, $3, 'Job', 'JOB', current_date - 100, current_date + 200) RETURNING id`,
      [municipality, programme, citizen],
    );
    await q(`INSERT INTO plan_team_unit (plan_id, unit_id, municipality_id) SELECT $1, id, $2 FROM unit WHERE municipality_id = $2 AND kind = 'EMPLOYMENT'`, [plan, municipality]);
    made.push(plan);
  }
  const [anna, bent] = await Promise.all([actorNamed(t.db.dataSource, 'anna'), actorNamed(t.db.dataSource, 'bent')]);
  // The first plan: three changes by Bent, one by Anna, one warning update; Anna has seen the first of Bent's.
  const seen = await change(made[0], bent);
  await change(made[0], bent);
  await change(made[0], bent);
  await change(made[0], anna);
  await change(made[0], null, EventKind.WARNINGS_CHANGED);
  expect((await t.gql(MARK, { id: made[0], seq: seen }, tokens.anna)).errors).toBeUndefined();
  // The second: two changes by Bent, never marked.
  await change(made[1], bent);
  await change(made[1], bent);

  positionStatements = 0;
  const res = await t.gql<{ caseload: { items: Array<{ id: string; lastSeenSeq: string | null; unseenChangeCount: number }> } }>(
    `query { caseload(first: 25, filter: { search: "Aase" }) { items { id lastSeenSeq unseenChangeCount } } }`,
    {},
    tokens.anna,
  );
  expect(res.errors).toBeUndefined();
  const items = res.data!.caseload.items;
  expect(items).toHaveLength(25);
  expect(positionStatements).toBe(1);
  const byId = new Map(items.map((i) => [i.id, i]));
  expect(byId.get(made[0])).toEqual({ id: made[0], lastSeenSeq: seen, unseenChangeCount: 2 });
  expect(byId.get(made[1])).toEqual({ id: made[1], lastSeenSeq: null, unseenChangeCount: 2 });
  expect(items.filter((i) => i.id !== made[0] && i.id !== made[1]).every((i) => i.lastSeenSeq === null && i.unseenChangeCount === 0)).toBe(true);
});

it('keeps each municipality\'s positions apart in the database itself (row-level security)', async () => {
  const [{ svb }] = await t.db.dataSource.query(`SELECT id AS svb FROM municipality WHERE code = '0479'`);
  const runner = t.db.dataSource.createQueryRunner();
  try {
    await runner.startTransaction();
    await runner.query(`SELECT set_config('samplan.municipality_id', $1, true), set_config('role', 'samplan_app', true)`, [svb]);
    const [{ n }] = await runner.query(`SELECT count(*)::int AS n FROM plan_read_position`);
    expect(n).toBe(0);
    await expect(runner.query(`INSERT INTO plan_read_position (user_id, plan_id, municipality_id, seq) SELECT u.id, $1, $2, 0 FROM app_user u LIMIT 1`, [eva, municipality]))
      .rejects.toThrow(/row-level security|violates/);
  } finally {
    await runner.rollbackTransaction().catch(() => undefined);
    await runner.release();
  }
  expect(await count(t, `SELECT 1 FROM plan_read_position`)).toBeGreaterThan(0);
});

it('a change still committing below the seq marked seen is counted once it has committed, not hidden', async () => {
  const bent = await actorNamed(t.db.dataSource, 'bent');
  await t.gql(MARK, { id: eva, seq: await newestSeq(eva) }, tokens.anna);
  // Bent's change takes its seq and is still committing while Dorte's, after it, has committed.
  const held = t.db.dataSource.createQueryRunner();
  await held.connect();
  await held.startTransaction();
  try {
    await appendEvent(held.manager, {
      planId: eva, municipalityId: municipality, kind: EventKind.ACTIVITY_UPDATED, entityType: 'ACTIVITY', entityId: eva, actor: bent, summary: 'Ændret',
      payload: { entity: { __typename: 'Activity', id: eva } },
    });
    const later = await change(eva, await actorNamed(t.db.dataSource, 'dorte'));
    // Anna sees Dorte's change (the newest in the plan's history) and marks it seen.
    const marked = await t.gql(MARK, { id: eva, seq: later }, tokens.anna);
    expect(marked.errors).toBeUndefined();
    await held.commitTransaction();
  } finally {
    await held.release();
  }
  // Bent's change is new to Anna. Dorte's is counted again: the position cannot stand past a change not yet committed.
  expect((await position('anna', eva)).unseenChangeCount).toBe(2);
});
