import { EventKind } from '../../core/events/event-kinds';
import { appendEvent } from '../../core/events/event-log';
import { actorNamed, codeOf, count, planIdOf } from '../../test-support/fixtures';
import { recordPgMessages } from '../../test-support/pg-messages';
import { startTestServer, type TestServer } from '../../test-support/test-server';

/**
 * "Nyt i din plan" remembers how far the citizen has seen their plan's changes with their
 * account, not in one browser: Per marks the changes seen on his phone, and his PC shows the
 * same. The position only moves forward, is his alone, and costs Min plan no round trip.
 */
let t: TestServer;
const tokens: Record<string, string> = {};
const messages = recordPgMessages();
beforeAll(async () => {
  t = await startTestServer();
  // Eva Jensen, another citizen of Faaborg with a running forløb, signs in with an account of her own.
  await t.db.dataSource.query(
    `INSERT INTO app_user (municipality_id, username, subject, name, role, citizen_id, activated_at)
     SELECT c.municipality_id, 'eva', 'eva', c.name, 'CITIZEN', c.id, now() FROM citizen c WHERE c.name = 'Eva Jensen'`,
  );
  for (const u of ['anna', 'per', 'eva']) tokens[u] = await t.login(u);
  // Anna adds four sub-goals to Per's plan: four changes he can mark seen, in order.
  const planId = await planIdOf(t, 'Per');
  for (const text of ['Sove bedre', 'Gå en tur hver dag', 'Handle selv ind', 'Møde op til samtaler']) {
    const res = await t.gql(`mutation($input: CreateSubGoalInput!) { createSubGoal(input: $input) { id } }`, { input: { planId, area: 'HEALTH', text, reason: 'Aftalt med Per' } }, tokens.anna);
    expect(res.errors).toBeUndefined();
  }
  const rows: Array<{ seq: string }> = await t.db.dataSource.query(`SELECT seq::text AS seq FROM plan_event WHERE plan_id = $1 ORDER BY seq DESC LIMIT 4`, [planId]);
  [seqs.fourth, seqs.third, seqs.second, seqs.first] = rows.map((r) => r.seq);
}, 60_000);
/** Seqs of the four changes Anna made, oldest first. */
const seqs = { first: '', second: '', third: '', fourth: '' };
afterAll(() => t.stop());

const SEEN_UP_TO = `{ myPlan { id changesSeenUpTo } }`;
const MARK = `mutation($planId: ID!, $seq: String!) { markMyPlanChangesSeen(planId: $planId, seq: $seq) }`;

const seenUpTo = async (token: string) => {
  const res = await t.gql<{ myPlan: { id: string; changesSeenUpTo: string | null } | null }>(SEEN_UP_TO, {}, token);
  expect(res.errors).toBeUndefined();
  return res.data!.myPlan!.changesSeenUpTo;
};
const mark = (token: string, planId: string, seq: string) => t.gql<{ markMyPlanChangesSeen: string }>(MARK, { planId, seq }, token);
const stored = async (planId: string) =>
  (await t.db.dataSource.query(`SELECT p.seq::text AS seq FROM citizen_seen_position p JOIN app_user u ON u.id = p.user_id WHERE u.username = 'per' AND p.plan_id = $1`, [planId]))[0]?.seq ?? null;

describe('the citizen\'s position in "Nyt i din plan", kept on the server', () => {
  it('Per has seen nothing at first; what he marks seen is kept and read back with Min plan, from any device', async () => {
    const planId = await planIdOf(t, 'Per');
    expect(await seenUpTo(tokens.per)).toBeNull();
    const marked = await mark(tokens.per, planId, seqs.second);
    expect(marked.errors).toBeUndefined();
    expect(marked.data!.markMyPlanChangesSeen).toBe(seqs.second);
    expect(await stored(planId)).toBe(seqs.second);
    // Another sign-in (his PC) reads the same position.
    expect(await seenUpTo(await t.login('per'))).toBe(seqs.second);
  });

  it('only moves forward: an older seq (a page left open on another device) changes nothing and is no error', async () => {
    const planId = await planIdOf(t, 'Per');
    await mark(tokens.per, planId, seqs.second);
    const [{ seen_at: before }] = await t.db.dataSource.query(`SELECT seen_at FROM citizen_seen_position WHERE plan_id = $1`, [planId]);
    const older = await mark(tokens.per, planId, seqs.first);
    expect(older.errors).toBeUndefined();
    expect(older.data!.markMyPlanChangesSeen).toBe(seqs.second);
    expect(await seenUpTo(tokens.per)).toBe(seqs.second);
    const [{ seen_at: after }] = await t.db.dataSource.query(`SELECT seen_at FROM citizen_seen_position WHERE plan_id = $1`, [planId]);
    expect(after).toEqual(before);
    expect((await mark(tokens.per, planId, seqs.third)).data!.markMyPlanChangesSeen).toBe(seqs.third);
    expect(await seenUpTo(tokens.per)).toBe(seqs.third);
  });

  it('a seq beyond the plan\'s newest change is refused: it would hide changes not yet made', async () => {
    const planId = await planIdOf(t, 'Per');
    const before = await stored(planId);
    const beyond = await mark(tokens.per, planId, (BigInt(seqs.fourth) + 1n).toString());
    expect(beyond.errors?.[0]).toMatchObject({ message: 'Løbenummeret ligger efter planens seneste ændring.', extensions: { code: 'BAD_USER_INPUT', field: 'seq' } });
    expect(await stored(planId)).toBe(before);
    expect((await mark(tokens.per, planId, seqs.fourth)).data!.markMyPlanChangesSeen).toBe(seqs.fourth);
  });

  it('a change still committing below the seq Per marks is not passed over: his position stands before it', async () => {
    const planId = await planIdOf(t, 'Per');
    const [{ municipality_id: municipalityId }] = await t.db.dataSource.query(`SELECT municipality_id FROM plan WHERE id = $1`, [planId]);
    // Bent's change takes its seq and is still committing while Anna's, after it, has committed.
    const held = t.db.dataSource.createQueryRunner();
    await held.connect();
    await held.startTransaction();
    let heldSeq: string;
    try {
      heldSeq = await appendEvent(held.manager, {
        planId, municipalityId, kind: EventKind.SUBGOAL_UPDATED, entityType: 'SUBGOAL', entityId: planId, actor: await actorNamed(t.db.dataSource, 'bent'), summary: 'Ændret',
        payload: { entity: { __typename: 'SubGoal', id: planId } },
      });
      const later = await t.gql(`mutation($input: CreateSubGoalInput!) { createSubGoal(input: $input) { id } }`, { input: { planId, area: 'HEALTH', text: 'Spise morgenmad', reason: 'Aftalt med Per' } }, tokens.anna);
      expect(later.errors).toBeUndefined();
      const [{ seq: laterSeq }] = await t.db.dataSource.query(`SELECT max(seq)::text AS seq FROM plan_event WHERE plan_id = $1`, [planId]);
      expect(BigInt(laterSeq) > BigInt(heldSeq)).toBe(true);
      // Per sees Anna's change and marks it seen.
      expect((await mark(tokens.per, planId, laterSeq)).errors).toBeUndefined();
      await held.commitTransaction();
    } finally {
      await held.release();
    }
    // Bent's change, committed after the mark, is still new to Per: the position stands below it.
    expect(BigInt((await stored(planId))!) < BigInt(heldSeq)).toBe(true);
  });

  it('a seq that is not a number is refused at its field', async () => {
    const planId = await planIdOf(t, 'Per');
    const before = await stored(planId);
    for (const bad of ['abc', '-1', '1.5', '', '99999999999999999999']) {
      const res = await mark(tokens.per, planId, bad);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'seq' });
    }
    expect(await stored(planId)).toBe(before);
  });

  it('another citizen can neither set Per\'s position nor read it; the attempt is in Per\'s access log', async () => {
    const perPlan = await planIdOf(t, 'Per');
    const evaPlan = await planIdOf(t, 'Eva');
    const before = await stored(perPlan);
    const res = await mark(tokens.eva, perPlan, '999');
    expect(codeOf(res)).toBe('NOT_FOUND');
    expect(res.data?.markMyPlanChangesSeen ?? null).toBeNull();
    expect(await stored(perPlan)).toBe(before);
    expect(await count(t,
      `SELECT 1 FROM audit_log a JOIN app_user u ON u.id = a.actor_id JOIN plan p ON p.id::text = a.entity_id::text
        WHERE u.username = 'eva' AND a.action = 'MARK_PLAN_SEEN' AND a.outcome = 'DENIED' AND a.entity_id::text = $1 AND a.citizen_id = p.citizen_id`, [perPlan])).toBe(1);
    // Her own Min plan is hers, with her own position (none), not Per's.
    const eva = await t.gql<{ myPlan: { id: string; changesSeenUpTo: string | null } }>(SEEN_UP_TO, {}, tokens.eva);
    expect(eva.data!.myPlan).toEqual({ id: evaPlan, changesSeenUpTo: null });
    // A made-up plan answers the same.
    expect(codeOf(await mark(tokens.per, '00000000-0000-4000-8000-000000000000', '1'))).toBe('NOT_FOUND');
    expect(codeOf(await mark(tokens.per, 'not-a-plan', '1'))).toBe('NOT_FOUND');
  });

  it('a caseworker can neither set the position nor read it', async () => {
    const planId = await planIdOf(t, 'Per');
    const before = await stored(planId);
    const set = await mark(tokens.anna, planId, '999');
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain(codeOf(set));
    expect(await stored(planId)).toBe(before);
    const read = await t.gql(SEEN_UP_TO, {}, tokens.anna);
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain(codeOf(read));
    expect(JSON.stringify(read.data ?? null)).not.toContain(String(before));
  });

  it('Min plan reads the position in the same round trip as the plan\'s parts: no round trip more', async () => {
    expect((await mark(tokens.per, await planIdOf(t, 'Per'), seqs.fourth)).errors).toBeUndefined();
    messages.length = 0;
    expect(await seenUpTo(tokens.per)).toBe(seqs.fourth);
    const withPosition = messages.filter((m) => m.some((sql) => sql.includes('citizen_seen_position')));
    expect(withPosition).toHaveLength(1);
    expect(withPosition[0].some((sql) => sql.includes('FROM sub_goal g'))).toBe(true);
    // The plan found (with BEGIN), then its parts: two round trips of Min plan's own, as before the position was kept on the server.
    const minPlan = messages.filter((m) => m.some((sql) => /FROM plan p JOIN programme pr|FROM sub_goal g|citizen_seen_position/.test(sql)));
    expect(minPlan).toHaveLength(2);
  });

  it('keeps each municipality\'s positions apart in the database itself (row-level security)', async () => {
    const [{ svb }] = await t.db.dataSource.query(`SELECT id AS svb FROM municipality WHERE code = '0479'`);
    const planId = await planIdOf(t, 'Per');
    const [{ fmk, per }] = await t.db.dataSource.query(`SELECT municipality_id AS fmk, id AS per FROM app_user WHERE username = 'per'`);
    const runner = t.db.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      await runner.query(`SELECT set_config('samplan.municipality_id', $1, true), set_config('role', 'samplan_app', true)`, [svb]);
      expect((await runner.query(`SELECT count(*)::int AS n FROM citizen_seen_position`))[0].n).toBe(0);
      await expect(runner.query(`INSERT INTO citizen_seen_position (user_id, plan_id, municipality_id, seq) VALUES ($1, $2, $3, 1)`, [per, planId, fmk]))
        .rejects.toThrow(/row-level security|violates/);
    } finally {
      await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
    }
    expect(await count(t, `SELECT 1 FROM citizen_seen_position`)).toBeGreaterThan(0);
  });
});
