import { formatDanishDate } from '@samplan/schema';
import { codeOf, interventionOf, planIdOf, untilWaitingForLock } from '../../test-support/fixtures';
import { insertCase } from '../rules/rules-fixtures';
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

type Res = { errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }> };
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

describe('ending a programme', () => {
  it('ends the mentor grants running past its end and calls off the samtaler booked after now, in the same change', async () => {
    const planId = await planIdOf(t, 'Kim');
    const [programme] = await q(`SELECT pr.id, pr.version FROM programme pr JOIN plan p ON p.programme_id = pr.id WHERE p.id = $1`, [planId]);
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const [mikkel] = await q(`SELECT id FROM app_user WHERE username = 'mikkel'`);
    const grant = await t.gql<{ createMentorGrant: { id: string } }>(`mutation($input: CreateMentorGrantInput!) { createMentorGrant(input: $input) { id } }`, { input: {
      planId, mentorId: mikkel.id, purpose: 'Støtte i hverdagen', goals: ['Møde til tiden'], focusAreas: ['Hverdagens struktur'], startDate: day(-10), endDate: day(100),
    } }, tokens.anna);
    expect(grant.errors).toBeUndefined();
    const startsAt = new Date(Date.now() + 7 * 86_400_000);
    // 10.00 Danish time (winter; 11.00 in summer): the hour ends on the day it begins, at whatever hour the test runs.
    startsAt.setUTCHours(9, 0, 0, 0);
    const booked = await t.gql<{ bookMeeting: { id: string } }>(`mutation($input: BookMeetingInput!) { bookMeeting(input: $input) { id } }`, { input: {
      planId, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(), mode: 'PHONE', agenda: '', staffIds: [], guests: [],
    } }, tokens.anna);
    expect(booked.errors).toBeUndefined();
    const ahead = await q(`SELECT id FROM booked_meeting WHERE plan_id = $1 AND status = 'BOOKED' AND starts_at > now()`, [planId]);
    // And one held an hour ago, whose fremmøde nobody registered (a copy of the booking, moved back).
    const [{ c: columns }] = await q(`SELECT string_agg(quote_ident(column_name), ', ') AS c FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name = 'booked_meeting' AND column_name NOT IN ('id', 'starts_at', 'ends_at')`);
    const [held] = await q(`INSERT INTO booked_meeting (${columns}, starts_at, ends_at) SELECT ${columns}, now() - interval '2 hours', now() - interval '1 hour'
      FROM booked_meeting WHERE id = $1 RETURNING id`, [booked.data!.bookMeeting.id]);
    const MEETINGS = `query($id: ID!, $period: MeetingPeriod!) { plan(id: $id) { meetings(period: $period) { id } } }`;
    const listed = async (period: string) => (await t.gql<{ plan: { meetings: Array<{ id: string }> } }>(MEETINGS, { id: planId, period }, tokens.anna)).data!.plan.meetings.map((m) => m.id);
    expect(await listed('OPEN')).toContain(held.id);
    expect((await t.gql(`mutation($input: DecideNextStepInput!) { decideNextStep(input: $input) { id } }`, { input: { programmeId: programme.id, step: 'EDUCATION' } }, tokens.anna)).errors).toBeUndefined();
    const end = await t.gql<{ updateProgramme: { endDate: string } }>(`mutation($input: UpdateProgrammeInput!) { updateProgramme(input: $input) { status endDate } }`,
      { input: { id: programme.id, expectedVersion: programme.version, endReason: 'EDUCATION' } }, tokens.anna);
    expect(end.errors).toBeUndefined();
    const endDate = end.data!.updateProgramme.endDate;
    // Its fremmøde can no longer be registered: it waits under Tidligere samtaler, not among the open ones.
    expect(await listed('OPEN')).not.toContain(held.id);
    expect(await listed('PAST')).toContain(held.id);
    const grantId = grant.data!.createMentorGrant.id;
    expect((await q(`SELECT end_date::text AS "end", ended_early AS early FROM mentor_grant WHERE id = $1`, [grantId]))[0]).toEqual({ end: endDate, early: true });
    // The grant's ending is a change of its own too: its history and its mentor hear of it, and the log has its row.
    const [grantEnded] = await q(`SELECT summary, payload->'changes' AS changes FROM plan_event WHERE plan_id = $1 AND kind = 'MENTOR_GRANT_ENDED' AND entity_id = $2`, [planId, grantId]);
    expect(grantEnded.summary).toBe(`Mentorstøtten er afsluttet pr. ${formatDanishDate(endDate)}: forløbet er afsluttet`);
    expect(grantEnded.changes).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'endDate', after: endDate })]));
    expect(await q(`SELECT outcome, citizen_id IS NOT NULL AS "aboutCitizen" FROM audit_log WHERE action = 'END_MENTOR_GRANT' AND entity_id = $1`, [grantId])).toEqual([{ outcome: 'ALLOWED', aboutCitizen: true }]);
    expect(await q(`SELECT status, cancel_reason AS reason FROM booked_meeting WHERE id = ANY($1::uuid[])`, [ahead.map((m: { id: string }) => m.id)]))
      .toEqual(ahead.map(() => ({ status: 'CANCELLED', reason: 'Forløbet er afsluttet' })));
    // Each called-off samtale is a change of its own: its event (open pages read their samtaler again) and its audit row.
    const cancelled = await q(`SELECT entity_id::text AS id, summary FROM plan_event WHERE plan_id = $1 AND kind = 'MEETING_CANCELLED' AND entity_id = ANY($2::uuid[])`, [planId, ahead.map((m: { id: string }) => m.id)]);
    expect(cancelled.map((e: { id: string }) => e.id).sort()).toEqual(ahead.map((m: { id: string }) => m.id).sort());
    for (const e of cancelled) expect(e.summary).toMatch(/^Samtalen .* er aflyst: forløbet er afsluttet$/);
    expect(await q(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'CANCEL_MEETING' AND entity_id = ANY($1::text[])`, [ahead.map((m: { id: string }) => m.id)])).toEqual([{ n: ahead.length }]);
    const [event] = await q(`SELECT summary FROM plan_event WHERE plan_id = $1 AND kind = 'PROGRAMME_UPDATED' ORDER BY seq DESC LIMIT 1`, [planId]);
    const meetings = ahead.length === 1 ? '1 booket samtale er aflyst' : `${ahead.length} bookede samtaler er aflyst`;
    expect(event.summary).toMatch(new RegExp(`afsluttede forløbet; mentorstøtten er afsluttet, ${meetings}$`));
    // The mentor's case is gone with it.
    const cases = await t.gql<{ myMentorCases: Array<{ grant: { planId: string } }> }>(`{ myMentorCases { grant { planId } } }`, {}, tokens.mikkel);
    expect(cases.errors).toBeUndefined();
    expect(cases.data!.myMentorCases.map((c) => c.grant.planId)).not.toContain(planId);
  });

  it('then only what takes access away or closes something is allowed: another coordinator, a unit off the team; not a unit onto it', async () => {
    const planId = await planIdOf(t, 'Kim');
    const [{ programme_id: programmeId }] = await q(`SELECT programme_id FROM plan WHERE id = $1`, [planId]);
    const [health] = await q(`SELECT u.id FROM unit u JOIN plan_team_unit t ON t.unit_id = u.id WHERE t.plan_id = $1 AND u.kind = 'HEALTH'`, [planId]);
    const removed = await t.gql(`mutation($p: ID!, $u: ID!) { removeTeamUnit(planId: $p, unitId: $u) { id } }`, { p: planId, u: health.id }, tokens.anna);
    expect(removed.errors).toBeUndefined();
    expect(rule(await t.gql(`mutation($p: ID!, $u: ID!) { addTeamUnit(planId: $p, unitId: $u) { id } }`, { p: planId, u: health.id }, tokens.anna))).toBe('PROGRAMME_ENDED');
    const [bent] = await q(`SELECT id FROM app_user WHERE username = 'bent'`);
    const reassigned = await t.gql(`mutation($input: ReassignCoordinatorInput!) { reassignCoordinator(input: $input) { id } }`,
      { input: { programmeId, userId: bent.id, reason: 'Anna går på orlov', citizenConsulted: true } }, tokens.anna);
    expect(reassigned.errors).toBeUndefined();
  });
});

describe('a hand-over on an ended programme', () => {
  it('goes to a unit on the team as it is when the change holds the programme, not as it was read: a unit taken off meanwhile is refused', async () => {
    const { planId, programmeId } = await perFirstPlan();
    const [target] = await q(`SELECT u.id, u.unit_id FROM app_user u JOIN plan_team_unit t ON t.unit_id = u.unit_id AND t.plan_id = $1
      WHERE u.role = 'CASEWORKER' AND u.deactivated_at IS NULL AND u.unit_id <> (SELECT unit_id FROM app_user WHERE username = 'anna')
      ORDER BY u.username LIMIT 1`, [planId]);
    const held = t.db.dataSource.createQueryRunner();
    await held.connect();
    try {
      await held.startTransaction();
      await held.query(`SELECT 1 FROM programme WHERE id = $1 FOR UPDATE`, [programmeId]);
      await held.query(`DELETE FROM plan_team_unit WHERE plan_id = $1 AND unit_id = $2`, [planId, target.unit_id]);
      const pending = t.gql(`mutation($input: ReassignCoordinatorInput!) { reassignCoordinator(input: $input) { id } }`,
        { input: { programmeId, userId: target.id, reason: 'Overdragelse', citizenConsulted: true } }, tokens.anna);
      expect(await untilWaitingForLock(t, pending)).toBe(true);
      await held.commitTransaction();
      const res = await pending;
      expect(res.errors?.[0]).toMatchObject({ message: 'Vælg en sagsbehandler fra en enhed på planen.', extensions: { code: 'BAD_USER_INPUT', field: 'userId' } });
    } finally {
      await held.release();
    }
    expect(await q(`SELECT 1 FROM coordinator_assignment WHERE programme_id = $1 AND user_id = $2`, [programmeId, target.id])).toEqual([]);
    expect(await q(`SELECT 1 FROM plan_team_unit WHERE plan_id = $1 AND unit_id = $2`, [planId, target.unit_id])).toEqual([]);
    // The plan as the other tests know it.
    await q(`INSERT INTO plan_team_unit (plan_id, unit_id, municipality_id) SELECT $1, $2, municipality_id FROM plan WHERE id = $1`, [planId, target.unit_id]);
  });
});

describe('ending a programme as of a day ahead', () => {
  it('is refused at the end date: the ending takes effect now, so nothing inside the forløb is closed early', async () => {
    // Danish days, whatever the hour in UTC.
    const dk = (offset: number) => new Date(Date.now() + offset * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
    const ids = await insertCase(t.db.dataSource, { start: dk(-60), name: 'Fleksjob til nytår' });
    expect((await t.gql(`mutation($input: DecideNextStepInput!) { decideNextStep(input: $input) { id } }`, { input: { programmeId: ids.programmeId, step: 'FLEXJOB' } }, tokens.anna)).errors).toBeUndefined();
    // A samtale in three days, inside the forløb whichever way it ends.
    const startsAt = new Date(Date.now() + 3 * 86_400_000);
    startsAt.setUTCHours(9, 0, 0, 0);
    const booked = await t.gql<{ bookMeeting: { id: string } }>(`mutation($input: BookMeetingInput!) { bookMeeting(input: $input) { id } }`, { input: {
      planId: ids.planId, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(), mode: 'PHONE',
    } }, tokens.anna);
    expect(booked.errors).toBeUndefined();
    const [before] = await q(`SELECT status, end_date::text AS "end", version FROM programme WHERE id = $1`, [ids.programmeId]);

    const res = await t.gql(`mutation($input: UpdateProgrammeInput!) { updateProgramme(input: $input) { status endDate } }`,
      { input: { id: ids.programmeId, expectedVersion: before.version, endReason: 'FLEXJOB', endDate: dk(10) } }, tokens.anna);
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'endDate' } });
    expect(res.errors?.[0].message).toMatch(/^Et forløb afsluttes pr\. i dag eller en dag, der er gået/);
    // The forløb runs on, its samtale still booked.
    expect((await q(`SELECT status, end_date::text AS "end", version FROM programme WHERE id = $1`, [ids.programmeId]))[0]).toEqual(before);
    expect((await q(`SELECT status FROM booked_meeting WHERE id = $1`, [booked.data!.bookMeeting.id]))[0].status).toBe('BOOKED');

    // Today, or a day gone by, ends it.
    const ended = await t.gql<{ updateProgramme: { status: string; endDate: string } }>(`mutation($input: UpdateProgrammeInput!) { updateProgramme(input: $input) { status endDate } }`,
      { input: { id: ids.programmeId, expectedVersion: before.version, endReason: 'FLEXJOB', endDate: dk(-1) } }, tokens.anna);
    expect(ended.errors).toBeUndefined();
    expect(ended.data!.updateProgramme).toEqual({ status: 'ENDED', endDate: dk(-1) });
  });
});

describe('a programme ended before its first day', () => {
  it('never ran: it ends on its start day, marked stopped before it began, not after its whole decided period, and a mentor grant from its first day is called off', async () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const ids = await insertCase(t.db.dataSource, { start: day(30), name: 'Flytter før start' });
    const [mikkel] = await q(`SELECT id FROM app_user WHERE username = 'mikkel'`);
    // From the forløb's first day: the forløb runs on no day, so neither does the support.
    const grant = await t.gql<{ createMentorGrant: { id: string } }>(`mutation($input: CreateMentorGrantInput!) { createMentorGrant(input: $input) { id } }`, { input: {
      planId: ids.planId, mentorId: mikkel.id, purpose: 'Støtte i hverdagen', goals: ['Møde til tiden'], focusAreas: ['Hverdagens struktur'], startDate: day(30), endDate: day(100),
    } }, tokens.anna);
    expect(grant.errors).toBeUndefined();
    const end = await t.gql<{ updateProgramme: { status: string; startDate: string; endDate: string; stoppedBeforeStart: boolean } }>(
      `mutation($input: UpdateProgrammeInput!) { updateProgramme(input: $input) { status startDate endDate stoppedBeforeStart } }`,
      { input: { id: ids.programmeId, expectedVersion: 1, endReason: 'MOVED' } }, tokens.anna);
    expect(end.errors).toBeUndefined();
    expect(end.data!.updateProgramme).toEqual({ status: 'ENDED', startDate: day(30), endDate: day(30), stoppedBeforeStart: true });
    expect((await q(`SELECT end_date::text AS "end", ended_early AS early FROM mentor_grant WHERE id = $1`, [grant.data!.createMentorGrant.id]))[0]).toEqual({ end: day(29), early: true });
  });
});

describe('in one request', () => {
  it('a change after the ending, in the same operation, is refused too', async () => {
    const planId = await planIdOf(t, 'Bo');
    const [programme] = await q(`SELECT pr.id, pr.version FROM programme pr JOIN plan p ON p.programme_id = pr.id WHERE p.id = $1`, [planId]);
    await t.gql(`mutation($input: DecideNextStepInput!) { decideNextStep(input: $input) { id } }`, { input: { programmeId: programme.id, step: 'EDUCATION' } }, tokens.anna);
    const res = await t.gql(`mutation($end: UpdateProgrammeInput!, $plan: UpdatePlanInput!) {
        a: updateProgramme(input: $end) { status }
        b: updatePlan(input: $plan) { employmentGoal } }`,
      { end: { id: programme.id, expectedVersion: programme.version, endReason: 'EDUCATION' }, plan: { id: planId, expectedVersion: 1, employmentGoal: 'Efter afslutningen' } }, tokens.anna);
    // The ending committed; the change after it in the same request was refused (its error nulls the answer's data).
    expect((await q(`SELECT status FROM programme WHERE id = $1`, [programme.id]))[0].status).toBe('ENDED');
    expect(res.errors?.map((e) => [e.path?.[0], e.extensions?.rule])).toEqual([['b', 'PROGRAMME_ENDED']]);
    expect((await q(`SELECT employment_goal FROM plan WHERE id = $1`, [planId]))[0].employment_goal).not.toBe('Efter afslutningen');
  });
});

describe('a programme that ends while people work in it', () => {
  it('the mentor’s access ends with it: a task cannot be logged, as for a grant that is not theirs', async () => {
    const [grant] = await q(`SELECT g.id, g.plan_id AS "planId" FROM mentor_grant g JOIN app_user u ON u.id = g.mentor_id JOIN programme pr ON pr.id = g.programme_id
      WHERE u.username = 'mikkel' AND pr.status = 'ACTIVE' AND g.end_date >= current_date ORDER BY g.created_at LIMIT 1`);
    const LOG = `mutation($input: LogMentorTaskInput!) { logMentorTask(input: $input) { id } }`;
    const input = { grantId: grant.id, date: new Date().toISOString().slice(0, 10), minutes: 30, title: 'Fulgte borgeren til lægen', outcome: 'Gik fint' };
    expect((await t.gql(LOG, { input }, tokens.mikkel)).errors).toBeUndefined();
    await q(`UPDATE programme SET status = 'ENDED', end_reason = 'EMPLOYMENT' WHERE id = (SELECT programme_id FROM plan WHERE id = $1)`, [grant.planId]);
    const denied = () => q(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'MENTOR_ACCESS' AND outcome = 'DENIED' AND entity_id = $1`, [grant.id]).then((r) => r[0].n);
    const before = await denied();
    const res = await t.gql(LOG, { input: { ...input, title: 'Efter afslutningen' } }, tokens.mikkel);
    expect(codeOf(res)).toBe('NOT_FOUND');
    expect(await denied()).toBe(before + 1);
    expect(Number((await q(`SELECT count(*)::int AS n FROM mentor_task WHERE title = 'Efter afslutningen'`))[0].n)).toBe(0);
    const cases = await t.gql<{ myMentorCases: Array<{ grant: { id: string } }> }>(`{ myMentorCases { grant { id } } }`, {}, tokens.mikkel);
    expect(cases.data!.myMentorCases.map((c) => c.grant.id)).not.toContain(grant.id);
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

describe('a change racing the ending', () => {
  it('waits for an ending under way and is then refused; nothing of it is kept', async () => {
    // Lise's jobafklaringsforløb: running, and no other test here ends it.
    const planId = await planIdOf(t, 'Lise');
    const [plan] = await q(`SELECT p.version, p.programme_id AS "programmeId", u.username FROM plan p
      JOIN coordinator_assignment ca ON ca.programme_id = p.programme_id AND ca.to_at IS NULL JOIN app_user u ON u.id = ca.user_id WHERE p.id = $1`, [planId]);
    const token = await t.login(plan.username);
    // The ending has updated the programme and not yet committed: the change's gate still reads it as running.
    const ending = t.db.dataSource.createQueryRunner();
    await ending.connect();
    await ending.startTransaction();
    await ending.query(`UPDATE programme SET status = 'ENDED', end_reason = 'EMPLOYMENT' WHERE id = $1`, [plan.programmeId]);
    const before = await deniedAsEnded('UPDATE_PLAN');
    const change = t.gql(`mutation($input: UpdatePlanInput!) { updatePlan(input: $input) { employmentGoal } }`,
      { input: { id: planId, expectedVersion: plan.version, employmentGoal: 'Skrevet mens forløbet blev afsluttet' } }, token);
    // The change waits for the programme's row (no sleep: ask PostgreSQL who waits for a lock).
    if (!(await untilWaitingForLock(t, change))) throw new Error(`the change did not wait: ${JSON.stringify(await change)}`);
    await ending.commitTransaction();
    await ending.release();
    const res = await change;
    expect(rule(res)).toBe('PROGRAMME_ENDED');
    expect((await q(`SELECT employment_goal, version FROM plan WHERE id = $1`, [planId]))[0].version).toBe(plan.version);
    expect(Number((await q(`SELECT count(*)::int AS n FROM plan_event WHERE plan_id = $1 AND summary LIKE '%Skrevet mens%'`, [planId]))[0].n)).toBe(0);
    expect(await deniedAsEnded('UPDATE_PLAN')).toBe(before + 1);
  });
});

describe('a change racing the team', () => {
  it("a unit's change waits for its removal from the team under way and is then refused; nothing of it is kept", async () => {
    // A running plan coordinated by Anna (jobcenter), with Bent's Socialforvaltningen on its team and a Bostøtte of its own.
    const ids = await insertCase(t.db.dataSource, { coordinator: 'anna', start: '2026-06-01', name: 'Borger med bostøtte' });
    const [b] = await q(`SELECT unit_id FROM app_user WHERE username = 'bent'`);
    await q(`INSERT INTO plan_team_unit (plan_id, unit_id, municipality_id) VALUES ($1, $2, $3)`, [ids.planId, b.unit_id, ids.municipalityId]);
    const [iv] = await q(
      `INSERT INTO intervention (municipality_id, plan_id, unit_id, unit_kind, kind, title, status, start_date, details)
       VALUES ($1, $2, $3, 'SOCIAL', 'HOUSING_SUPPORT', 'Bostøtte', 'ACTIVE', '2026-06-01', '{}') RETURNING id, version`, [ids.municipalityId, ids.planId, b.unit_id]);
    const c = { plan_id: ids.planId, programme_id: ids.programmeId, intervention_id: iv.id, version: iv.version, unit_id: b.unit_id };
    const bent = await t.login('bent');
    // The coordinator's removal of the unit has locked the programme (as every plan change does) and deleted the row, not yet committed.
    const removal = t.db.dataSource.createQueryRunner();
    await removal.connect();
    await removal.startTransaction();
    await removal.query(`SELECT id FROM programme WHERE id = $1 FOR NO KEY UPDATE`, [c.programme_id]);
    await removal.query(`DELETE FROM plan_team_unit WHERE plan_id = $1 AND unit_id = $2`, [c.plan_id, c.unit_id]);
    const change = t.gql(`mutation($input: UpdateSocialInterventionInput!) { updateSocialIntervention(input: $input) { id } }`,
      { input: { id: c.intervention_id, expectedVersion: c.version, hoursPerWeek: 7 } }, bent);
    if (!(await untilWaitingForLock(t, change))) throw new Error(`the change did not wait: ${JSON.stringify(await change)}`);
    await removal.commitTransaction();
    await removal.release();
    const res = await change;
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(res.errors?.[0].message).toBe('Planens team eller koordinator er netop ændret, så du har ikke længere adgang til at gøre dette. Genindlæs planen.');
    expect((await q(`SELECT version FROM intervention WHERE id = $1`, [c.intervention_id]))[0].version).toBe(c.version);
    expect(Number((await q(`SELECT count(*)::int AS n FROM audit_log WHERE detail = 'team or coordinator changed meanwhile' AND entity_id = $1`, [c.plan_id]))[0].n)).toBe(1);
  });
});
