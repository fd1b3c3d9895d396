import { count, planIdOf, summariesReadBy, untilWaitingForLock } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';

/**
 * A sub-goal's progress on one scale, through the real server: Per Hansen's plan, coordinator
 * Anna (jobcenter), Bent (socialforvaltningen) on the team.
 */
let t: TestServer;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['anna', 'bent']) tokens[u] = await t.login(u);
});
afterAll(() => t.stop());

const CREATE = `mutation($input: CreateSubGoalInput!) { createSubGoal(input: $input) { id } }`;
const PROGRESS = `mutation($input: RecordProgressInput!) { recordSubGoalProgress(input: $input) { scale value } }`;
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

let serial = 0;
async function newSubGoal(): Promise<{ planId: string; id: string; text: string }> {
  const planId = await planIdOf(t, 'Per');
  const text = `Handle ind på egen hånd ${++serial}`;
  const res = await t.gql<{ createSubGoal: { id: string } }>(CREATE, { input: { planId, area: 'SOCIAL', text, reason: 'Per vil klare sig selv' } }, tokens.anna);
  expect(res.errors).toBeUndefined();
  return { planId, id: res.data!.createSubGoal.id, text };
}

const record = (subGoalId: string, scale: string, value: number, measuredOn = daysAgo(1)) =>
  t.gql<{ recordSubGoalProgress: { scale: string; value: number } }>(PROGRESS, { input: { subGoalId, measuredOn, scale, value } }, tokens.bent);

/** 50 % on sub-goal $1, measured on $2, written straight into the table (recorded by the sub-goal's last editor). */
const STORE_50_PERCENT = `INSERT INTO sub_goal_progress (municipality_id, sub_goal_id, measured_on, scale, value, recorded_by)
  SELECT municipality_id, id, $2, 'PERCENT', 50, updated_by FROM sub_goal WHERE id = $1`;

const measurements = (subGoalId: string) => count(t, `SELECT 1 FROM sub_goal_progress WHERE sub_goal_id = $1`, [subGoalId]);

describe('a sub-goal is measured on one scale', () => {
  it('after 4 af 5, a measurement in per cent is refused at the scale and nothing is written; 1–5 goes on', async () => {
    const goal = await newSubGoal();
    expect((await record(goal.id, 'ONE_TO_FIVE', 4, daysAgo(3))).data?.recordSubGoalProgress).toEqual({ scale: 'ONE_TO_FIVE', value: 4 });

    const refused = await record(goal.id, 'PERCENT', 50, daysAgo(2));
    expect(refused.errors?.[0]).toMatchObject({
      message: 'Delmålet måles på skalaen 1–5. Brug samme skala, så målingerne kan sammenlignes.',
      extensions: { code: 'BAD_USER_INPUT', field: 'scale' },
    });
    expect(await measurements(goal.id)).toBe(1);

    expect((await record(goal.id, 'ONE_TO_FIVE', 5, daysAgo(2))).data?.recordSubGoalProgress).toEqual({ scale: 'ONE_TO_FIVE', value: 5 });
    expect(await measurements(goal.id)).toBe(2);
  });

  it('a sub-goal first measured in per cent refuses 1–5, named as the plan page names the scale', async () => {
    const goal = await newSubGoal();
    expect((await record(goal.id, 'PERCENT', 40)).errors).toBeUndefined();
    expect((await record(goal.id, 'ONE_TO_FIVE', 3)).errors?.[0]).toMatchObject({
      message: 'Delmålet måles på skalaen 0–100 %. Brug samme skala, så målingerne kan sammenlignes.',
      extensions: { code: 'BAD_USER_INPUT', field: 'scale' },
    });
  });

  it('measurements stored on both scales stay; a new one goes on the scale of the latest, as the chart shows them', async () => {
    const goal = await newSubGoal();
    expect((await record(goal.id, 'ONE_TO_FIVE', 2, daysAgo(20))).errors).toBeUndefined();
    // Stored before a sub-goal kept to one scale.
    await t.db.dataSource.query(STORE_50_PERCENT, [goal.id, daysAgo(10)]);

    expect((await record(goal.id, 'ONE_TO_FIVE', 3)).errors?.[0]).toMatchObject({
      message: 'Delmålet måles på skalaen 0–100 %. Brug samme skala, så målingerne kan sammenlignes.',
      extensions: { code: 'BAD_USER_INPUT', field: 'scale' },
    });
    expect((await record(goal.id, 'PERCENT', 70)).errors).toBeUndefined();
    expect(await measurements(goal.id)).toBe(3);
  });

  it('a first measurement on the other scale, saved while another was being saved, is refused once that one is in', async () => {
    const goal = await newSubGoal();
    // Someone else's first measurement, in per cent, not yet committed: it holds the sub-goal as a save does.
    const other = t.db.dataSource.createQueryRunner();
    await other.connect();
    await other.startTransaction();
    try {
      await other.query(`SELECT 1 FROM sub_goal WHERE id = $1 FOR NO KEY UPDATE`, [goal.id]);
      await other.query(STORE_50_PERCENT, [goal.id, daysAgo(1)]);
      const pending = record(goal.id, 'ONE_TO_FIVE', 4);
      expect(await untilWaitingForLock(t, pending)).toBe(true);
      await other.commitTransaction();
      expect((await pending).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'scale' });
    } finally {
      await other.release();
    }
    expect(await count(t, `SELECT 1 FROM sub_goal_progress WHERE sub_goal_id = $1 AND scale = 'ONE_TO_FIVE'`, [goal.id])).toBe(0);
  });
});

describe('the feed tells a measurement as the plan page writes it', () => {
  it('»4 af 5« and »50 %«', async () => {
    const fives = await newSubGoal();
    expect((await record(fives.id, 'ONE_TO_FIVE', 4)).errors).toBeUndefined();
    const percent = await newSubGoal();
    expect((await record(percent.id, 'PERCENT', 50)).errors).toBeUndefined();
    expect(await summariesReadBy(t, tokens.anna, fives.planId, 4)).toEqual([
      `Bent Sørensen (Socialforvaltningen) registrerede progression 50 % på »${percent.text}«`,
      `Anna Holm (Jobcenter) tilføjede delmålet »${percent.text}«`,
      `Bent Sørensen (Socialforvaltningen) registrerede progression 4 af 5 på »${fives.text}«`,
      `Anna Holm (Jobcenter) tilføjede delmålet »${fives.text}«`,
    ]);
  });
});
