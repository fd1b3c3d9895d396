import { codeOf, interventionOf, planIdOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';

/**
 * An ended programme's plan is the record of what was done: everyone who could read it still
 * reads it, and nobody changes it (PROGRAMME_ENDED), whichever way the change comes — the
 * gate of a unit's own work, a write whose own rules decide who may, or a mentor's task. A
 * consent can still be withdrawn: that is possible at any time.
 */
let t: TestServer;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['anna', 'mikkel']) tokens[u] = await t.login(u);
});
afterAll(() => t.stop());

type Res = { errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
const rule = (res: Res) => res.errors?.[0]?.extensions?.rule;
const q = (sql: string, params: unknown[] = []) => t.db.dataSource.query(sql, params);

/** Per's first ressourceforløb, which ended the day before his current one started. */
async function perFirstPlan(): Promise<{ planId: string; programmeId: string }> {
  const [row] = await q(`SELECT p.id AS "planId", pr.id AS "programmeId" FROM plan p JOIN programme pr ON pr.id = p.programme_id JOIN citizen c ON c.id = p.citizen_id
    WHERE c.name = 'Per Hansen' AND pr.status = 'ENDED'`);
  return row;
}
const deniedAsEnded = async (action: string) =>
  Number((await q(`SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND outcome = 'DENIED' AND detail = 'programme ended'`, [action]))[0].n);

describe('an ended programme’s plan', () => {
  it('is read as before', async () => {
    const { planId } = await perFirstPlan();
    const res = await t.gql<{ plan: { programme: { status: string }; interventions: Array<{ title: string }> } }>(
      `query($id: ID!) { plan(id: $id) { programme { status } interventions { title } } }`, { id: planId }, tokens.anna);
    expect(res.errors).toBeUndefined();
    expect(res.data!.plan.programme.status).toBe('ENDED');
    expect(res.data!.plan.interventions.map((i) => i.title)).toEqual(['Første praktik i detailbutik']);
  });

  it('refuses a change to an intervention by the unit that owns it, keeps the row, and logs the attempt', async () => {
    const iv = await interventionOf(t, 'Per', 'Første praktik i detailbutik');
    const before = await deniedAsEnded('UPDATE_INTERVENTION');
    const res = await t.gql(`mutation($input: UpdateInterventionInput!) { updateIntervention(input: $input) { id } }`,
      { input: { id: iv.id, expectedVersion: iv.version, title: 'Ændret efter afslutningen' } }, tokens.anna);
    expect(res.errors?.[0]).toMatchObject({ message: 'Forløbet er afsluttet. Planen kan læses, men ikke længere ændres.', extensions: { code: 'RULE_VIOLATION', rule: 'PROGRAMME_ENDED' } });
    expect((await q(`SELECT title, version FROM intervention WHERE id = $1`, [iv.id]))[0]).toEqual({ title: 'Første praktik i detailbutik', version: iv.version });
    expect(await deniedAsEnded('UPDATE_INTERVENTION')).toBe(before + 1);
  });

  it('refuses progress on a sub-goal, which any team member may record on a running plan', async () => {
    const { planId } = await perFirstPlan();
    const [goal] = await q(`SELECT id FROM sub_goal WHERE plan_id = $1`, [planId]);
    const res = await t.gql(`mutation($input: RecordProgressInput!) { recordSubGoalProgress(input: $input) { value } }`,
      { input: { subGoalId: goal.id, measuredOn: '2026-11-20', scale: 'ONE_TO_FIVE', value: 4 } }, tokens.anna);
    expect(rule(res)).toBe('PROGRAMME_ENDED');
  });

  it('cannot be ended again: its end date stays where it was', async () => {
    const { programmeId } = await perFirstPlan();
    const [before] = await q(`SELECT end_date::text AS "end", version FROM programme WHERE id = $1`, [programmeId]);
    const res = await t.gql(`mutation($input: UpdateProgrammeInput!) { updateProgramme(input: $input) { id } }`,
      { input: { id: programmeId, expectedVersion: before.version, endReason: 'MOVED' } }, tokens.anna);
    expect(rule(res)).toBe('PROGRAMME_ENDED');
    expect((await q(`SELECT end_date::text AS "end", version FROM programme WHERE id = $1`, [programmeId]))[0]).toEqual(before);
  });
});

describe('a programme that ends while people work in it', () => {
  it('the mentor can no longer log a task on it', async () => {
    const [grant] = await q(`SELECT g.id, g.plan_id AS "planId" FROM mentor_grant g JOIN app_user u ON u.id = g.mentor_id WHERE u.username = 'mikkel' ORDER BY g.created_at LIMIT 1`);
    const LOG = `mutation($input: LogMentorTaskInput!) { logMentorTask(input: $input) { id } }`;
    const input = { grantId: grant.id, date: new Date().toISOString().slice(0, 10), minutes: 30, title: 'Fulgte borgeren til lægen', outcome: 'Gik fint' };
    expect((await t.gql(LOG, { input }, tokens.mikkel)).errors).toBeUndefined();
    await q(`UPDATE programme SET status = 'ENDED', end_reason = 'EMPLOYMENT' WHERE id = (SELECT programme_id FROM plan WHERE id = $1)`, [grant.planId]);
    const before = await deniedAsEnded('LOG_MENTOR_TASK');
    const res = await t.gql(LOG, { input: { ...input, title: 'Efter afslutningen' } }, tokens.mikkel);
    expect(rule(res)).toBe('PROGRAMME_ENDED');
    expect(await deniedAsEnded('LOG_MENTOR_TASK')).toBe(before + 1);
    expect(Number((await q(`SELECT count(*)::int AS n FROM mentor_task WHERE title = 'Efter afslutningen'`))[0].n)).toBe(0);
  });

  it('a consent recorded on it can still be withdrawn', async () => {
    const planId = await planIdOf(t, 'Per');
    const [entry] = await q(`SELECT id FROM consent_entry WHERE plan_id = $1 AND withdrawn_at IS NULL ORDER BY given_on LIMIT 1`, [planId]);
    await q(`UPDATE programme SET status = 'ENDED', end_reason = 'EDUCATION' WHERE id = (SELECT programme_id FROM plan WHERE id = $1)`, [planId]);
    const res = await t.gql<{ withdrawConsent: { active: boolean } }>(`mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { active } }`,
      { input: { id: entry.id, reason: 'Borgeren trækker samtykket tilbage' } }, tokens.anna);
    expect(res.errors).toBeUndefined();
    expect(res.data!.withdrawConsent.active).toBe(false);
    // Anything else on the same plan is refused now.
    const iv = await interventionOf(t, 'Per', 'Virksomhedspraktik i detailbutik');
    expect(codeOf(await t.gql(`mutation($input: UpdateInterventionInput!) { updateIntervention(input: $input) { id } }`,
      { input: { id: iv.id, expectedVersion: iv.version, title: 'Efter afslutningen' } }, tokens.anna))).toBe('RULE_VIOLATION');
  });
});
