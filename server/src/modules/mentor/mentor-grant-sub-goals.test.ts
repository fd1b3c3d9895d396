import { codeOf, planIdOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';

/**
 * "Delmål mentor skal kende": chosen when the grant is given, shown to the mentor on their page
 * (MentorCase.subGoals) and to staff on the plan's Mentorstøtte card (MentorGrant.subGoalIds,
 * put with the plan's delmål). Eva Jensen's grant in the demo names her first delmål; Anna
 * coordinates, Carla is the health unit's caseworker on the team.
 */
let t: TestServer;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['anna', 'carla', 'mikkel']) tokens[u] = await t.login(u);
});
afterAll(() => t.stop());

const PLAN = `query($id: ID!) { plan(id: $id) { subGoals { id text } mentorGrants { id subGoalIds } } }`;
type PlanGrants = { plan: { subGoals: Array<{ id: string; text: string }>; mentorGrants: Array<{ id: string; subGoalIds: string[] }> } };

describe('the delmål a mentor is to know, on the grant', () => {
  it('staff on the plan read them as the ids of the plan\'s delmål the grant names', async () => {
    const eva = await planIdOf(t, 'Eva');
    const [stored] = await t.db.dataSource.query(`SELECT id, sub_goal_ids::text[] AS ids FROM mentor_grant WHERE plan_id = $1`, [eva]);
    expect(stored.ids).toHaveLength(1);
    for (const user of ['anna', 'carla']) {
      const res = await t.gql<PlanGrants>(PLAN, { id: eva }, tokens[user]);
      expect(res.errors).toBeUndefined();
      const plan = res.data!.plan;
      expect(plan.mentorGrants).toEqual([{ id: stored.id, subGoalIds: stored.ids }]);
      expect(plan.subGoals.filter((g) => plan.mentorGrants[0].subGoalIds.includes(g.id)).map((g) => g.text)).toEqual(['Opbygge tillid og være sammen med andre på en arbejdsplads']);
    }
  });

  it('the mentor reads them as delmål on their case; the ids on the grant are not on their list (refused, nothing sent)', async () => {
    const cases = await t.gql<{ myMentorCases: Array<{ subGoals: Array<{ id: string; text: string }> }> }>(`{ myMentorCases { subGoals { id text } } }`, {}, tokens.mikkel);
    expect(cases.errors).toBeUndefined();
    const [goal] = cases.data!.myMentorCases[0].subGoals;
    expect(goal.text).toBe('Opbygge tillid og være sammen med andre på en arbejdsplads');
    const refused = await t.gql(`{ myMentorCases { grant { id subGoalIds } } }`, {}, tokens.mikkel);
    expect(codeOf(refused)).toBe('FORBIDDEN');
    expect(JSON.stringify(refused.data ?? null)).not.toContain(goal.id);
  });
});
